import pLimit from 'p-limit';
import { AuthError, HistoryUnreadableError, PermissionError } from '../errors.js';
import type { GrafanaPort, LastSave } from '../grafana/port.js';
import type { SavedHead } from './read-saved-commits.js';

/**
 * uid → the newest save of each prune candidate that dashsync pushed once and someone else saved since: an edit made in
 * Grafana that its delete loses (the plan's drift warning on a delete). A dashboard dashsync never pushed (made in Grafana)
 * is what prune is for, and is not among them. One history read for each whose newest save is not known to be dashsync's,
 * and one more (readEarlierPush) for each someone else saved last. A history these credentials may not read is `unreadable`,
 * one Grafana cannot convert `unconvertible` (the plan says "drift not checked" for such a delete, as for an update).
 */
export async function readEditedSincePush(grafana: Pick<GrafanaPort, 'readLastSave' | 'readEarlierPush'>, heads: readonly SavedHead[], concurrency: number): Promise<Map<string, LastSave | 'unreadable' | 'unconvertible'>> {
  const limit = pLimit(concurrency);
  const read = await Promise.all(heads.filter((head) => head.lastSave.byDashsync !== true).map((head) => limit(async () => [head.uid, await readOne(grafana, head)] as const)));
  return new Map(read.filter((entry): entry is readonly [string, LastSave | 'unreadable' | 'unconvertible'] => entry[1] !== null));
}

async function readOne(grafana: Pick<GrafanaPort, 'readLastSave' | 'readEarlierPush'>, head: SavedHead): Promise<LastSave | 'unreadable' | 'unconvertible' | null> {
  try {
    // Read as the not-in-branch check reads it (from the history), so that the plan's shared port asks Grafana once.
    const save = await grafana.readLastSave({ ...head, lastSave: { ...head.lastSave, byDashsync: null } });
    // Its first version (made in Grafana, never saved again) has none below it to be dashsync's.
    if (save.byDashsync !== false || save.version <= 1 || grafana.readEarlierPush === undefined) return null;
    // Any note of dashsync's below it: whose credentials pushed it does not matter here, only that the tree once held it.
    const push = await grafana.readEarlierPush(head.uid, save.version, { unconfirmed: true });
    return push === null ? null : save;
  } catch (error) {
    if (error instanceof PermissionError || error instanceof AuthError) return 'unreadable';
    if (error instanceof HistoryUnreadableError) return 'unconvertible';
    throw error;
  }
}
