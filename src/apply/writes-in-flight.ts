import type { WriteTally } from '../grafana/port.js';
import type { PlanAction } from '../plan/types.js';

/**
 * The actions an apply is performing now, with their writes counted as they are sent (WriteTally):
 * what a second Ctrl-C, which quits at once, leaves unknown. Apply registers each action while it
 * runs; the shell reads `sent()` synchronously, from its signal handler.
 */
export class WritesInFlight {
  private readonly running = new Map<PlanAction, WriteTally>();

  /** Registers an action as running; the returned function ends that, once its outcome is recorded. */
  begin(action: PlanAction, tally: WriteTally): () => void {
    this.running.set(action, tally);
    return () => this.running.delete(action);
  }

  /** The running actions with at least one write sent (in the order they started): whether those landed is not known until Grafana answers. */
  sent(): PlanAction[] {
    return [...this.running].filter(([, tally]) => tally.sent > 0).map(([action]) => action);
  }
}
