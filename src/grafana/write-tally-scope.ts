import { AsyncLocalStorage } from 'node:async_hooks';
import type { WriteTally } from './port.js';

const scope = new AsyncLocalStorage<WriteTally>();

/**
 * Runs `work` with every request it makes counted into `tally`, as if each port call had been
 * given it (SendOptions.tally): for a unit of work, such as one uid of `restore`, whose requests
 * go through many helpers and port calls that take no tally. A tally passed to a call explicitly
 * still wins.
 */
export function countWritesInto<T>(tally: WriteTally, work: () => Promise<T>): Promise<T> {
  return scope.run(tally, work);
}

/** The tally of the countWritesInto around this request, if any. */
export function scopedTally(): WriteTally | undefined {
  return scope.getStore();
}

/**
 * Whether a write of this work may have landed: one was sent that Grafana did not refuse (no answer yet, or it was
 * saved). A write refused with an answer (a resumed apply's save at a version that moved: 412), or whose connection
 * could not be made, wrote nothing.
 */
export function writeMayHaveLanded(tally: WriteTally): boolean {
  return tally.sent > (tally.refused ?? 0);
}
