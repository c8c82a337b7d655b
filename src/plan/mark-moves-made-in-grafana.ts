import pLimit from 'p-limit';
import { readOrWhyNot } from '../errors.js';
import type { Plan, PlanWarning } from './types.js';
import type { SavedHead } from './read-saved-commits.js';
import type { PushBelow, SincePushReader } from './read-since-push.js';

type DriftWarning = Extract<PlanWarning, { kind: 'drift' }>;

/** What the look down one move's history found: PushBelow, or why it could not be read (the failure's line). */
type MoveLook = PushBelow | { unread: string };

/**
 * The plan an apply no one reviews applies: a same-content move of a dashboard dashsync had placed (a push of its own lies under
 * the save that left it in another folder, or, where Grafana's history no longer reaches that far, dashsync's push record names
 * it) undoes a move made in Grafana since, an edit like any other, so its warning is plain drift, which that apply keeps
 * (driftByAction). A dashboard dashsync never pushed (a tree adopted from another tool, its directories not yet the live
 * folders) loses nothing by the move, which stays (review-54 F2). One whose history Grafana cut short with no push record to
 * tell stays too, its warning saying that whether it undoes a move made in Grafana is not known (`pushUnknown`): `/api` keeps
 * no such record, and an adopted tree's dashboards are the likelier ones to have been saved that often. One whose history
 * cannot be read is kept as that apply keeps an edit (`historyUnread`), the run going on. One look down the history per
 * such move (SincePushReader.pushBelow, shared with the plan's other checks), `concurrency` at a time.
 */
export async function markMovesMadeInGrafana(plan: Plan, pushes: SincePushReader, heads: ReadonlyMap<string, SavedHead>, concurrency: number): Promise<Plan> {
  const sameContent = plan.warnings.filter((warning): warning is DriftWarning => warning.kind === 'drift' && warning.sameContent === true && warning.resource === undefined);
  if (sameContent.length === 0) return plan;
  const limit = pLimit(concurrency);
  const looks = new Map(await Promise.all(sameContent.map((warning) => limit(async () => [warning, await lookUnder(pushes, heads.get(warning.uid), warning.version)] as const))));
  const warnings = plan.warnings.map((warning) => {
    const look = warning.kind === 'drift' ? looks.get(warning) : undefined;
    return look === undefined ? warning : markMove(warning as DriftWarning, look);
  });
  return { ...plan, warnings };
}

async function lookUnder(pushes: SincePushReader, head: SavedHead | undefined, version: number): Promise<MoveLook> {
  if (head === undefined) return 'none';
  // One history Grafana cannot give holds that one move; an interrupt, or credentials it refuses outright, end the run.
  return readOrWhyNot(() => pushes.pushBelow(head, version));
}

function markMove(warning: DriftWarning, look: MoveLook): DriftWarning {
  const { sameContent: _moved, ...edit } = warning;
  if (typeof look === 'object') return { ...edit, historyUnread: look.unread };
  if (look === 'in-history') return edit;
  if (look === 'recorded') return { ...edit, pushBeyondHistory: true };
  if (look === 'cut-short') return { ...warning, pushUnknown: true };
  return warning;
}
