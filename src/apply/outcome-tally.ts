import type { ResourceKind } from '../plan/types.js';
import type { ApplyEvent } from './types.js';

/** The outcomes that end an action (a backup or a warning is a step of one; one not started did not end), in the order apply's summary names them. */
const ORDER: readonly ApplyEvent['outcome'][] = ['created', 'updated', 'moved', 'deleted', 'held', 'unchanged', 'skipped', 'conflict', 'failed', 'unknown'];

export const ENDED_OUTCOMES: ReadonlySet<ApplyEvent['outcome']> = new Set(ORDER);

/** The actions of a running apply that ended, counted by kind and outcome as their events arrive: what a quit leaves behind. */
export class OutcomeTally {
  private readonly counts = new Map<string, number>();
  private ended = 0;

  record(event: Pick<ApplyEvent, 'kind' | 'outcome'>): void {
    if (!ENDED_OUTCOMES.has(event.outcome)) return;
    const key = `${event.kind} ${event.outcome}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.ended += 1;
  }

  /** How many actions ended. */
  endedCount(): number {
    return this.ended;
  }

  private count(kind: ResourceKind, outcome: ApplyEvent['outcome']): number {
    return this.counts.get(`${kind} ${outcome}`) ?? 0;
  }

  /** Each count there is, in the summary's order: dashboards, then folders, then library panels. */
  entries(): { kind: ResourceKind; outcome: ApplyEvent['outcome']; count: number }[] {
    const kinds: ResourceKind[] = ['dashboard', 'folder', 'library-panel'];
    return kinds.flatMap((kind) => ORDER.map((outcome) => ({ kind, outcome, count: this.count(kind, outcome) })).filter((entry) => entry.count > 0));
  }
}
