import type { WriteTally } from '../grafana/port.js';
import { writeMayHaveLanded } from '../grafana/write-tally-scope.js';
import type { PlanAction } from '../plan/types.js';

/**
 * The work a run is doing now (apply's actions, restore's uids), with its writes counted as they
 * are sent (WriteTally): what a second Ctrl-C, which quits at once, leaves unknown. The run
 * registers each piece of work while it runs; the shell reads `sent()` synchronously, from its
 * signal handler.
 */
export class WritesInFlight<Work = PlanAction> {
  private readonly running = new Map<Work, WriteTally>();
  private readonly over: Work[] = [];

  /** Registers work as running; the returned function ends that, once its outcome is recorded. */
  begin(work: Work, tally: WriteTally): () => void {
    this.running.set(work, tally);
    return () => {
      this.running.delete(work);
      this.over.push(work);
    };
  }

  /** The work that ended (its outcome recorded, or cut off), in the order it ended. */
  ended(): Work[] {
    return [...this.over];
  }

  /**
   * The running work with a write sent that Grafana did not refuse (in the order it started): whether those landed is not
   * known until Grafana answers. Work whose every write was refused (a resumed apply checking a change made before) wrote nothing.
   */
  sent(): Work[] {
    return [...this.running].filter(([, tally]) => writeMayHaveLanded(tally)).map(([work]) => work);
  }
}
