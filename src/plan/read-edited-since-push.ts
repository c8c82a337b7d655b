import pLimit from 'p-limit';
import type { EarlierPush, LastSave } from '../grafana/port.js';
import type { PushOver } from '../grafana/restore-note.js';
import type { SavedHead } from './read-saved-commits.js';
import { orHistoryFailure, type PushBelow, type SincePushReader } from './read-since-push.js';

/** A prune candidate someone else saved since dashsync pushed it: that save, and where the push shows (PushBelow). */
export interface EditedSincePush {
  save: LastSave;
  below: Exclude<PushBelow, 'none'>;
  /** dashsync's push the save was made over, where a confirmed note names it (a restore's: as its note recorded it). */
  over?: PushOver;
}

/**
 * uid → the newest save of each prune candidate that dashsync pushed once and someone else saved since: an edit made in
 * Grafana that its delete loses (the plan's drift warning on a delete). A dashboard dashsync never pushed (made in Grafana)
 * is what prune is for, and is not among them. One history read for each whose newest save is not known to be dashsync's,
 * and one more (SincePushReader.pushBelow) for each someone else saved last. `cut-short` ones (a history Grafana trimmed
 * above the first version, no push record) are the caller's to judge. A history these credentials may not read is
 * `unreadable`, one Grafana cannot convert `unconvertible` (the plan says "drift not checked" for such a delete, as for an update).
 */
export async function readEditedSincePush(pushes: SincePushReader, heads: readonly SavedHead[], concurrency: number): Promise<Map<string, EditedSincePush | 'unreadable' | 'unconvertible'>> {
  const limit = pLimit(concurrency);
  const read = await Promise.all(heads.filter((head) => head.lastSave.byDashsync !== true).map((head) => limit(async () => [head.uid, await readOne(pushes, head)] as const)));
  return new Map(read.filter((entry): entry is readonly [string, EditedSincePush | 'unreadable' | 'unconvertible'] => entry[1] !== null));
}

async function readOne(pushes: SincePushReader, head: SavedHead): Promise<EditedSincePush | 'unreadable' | 'unconvertible' | null> {
  // Read as the not-in-branch check reads it (from the history), so that the plan's shared port asks Grafana once.
  const save = await pushes.lastSave({ ...head, lastSave: { ...head.lastSave, byDashsync: null } });
  if (typeof save === 'string') return save;
  if (save.byDashsync !== false) return null;
  // dashsync's restore of an edit made since its push (or of a save nothing recorded): that edit goes with the delete.
  if (save.restored !== undefined) return save.restored.kind === 'made' ? null : { save, below: 'in-history', ...(save.restored.over && { over: save.restored.over }) };
  // The look reads further down the history than the newest save: an older entry may be what Grafana cannot convert.
  const below = await orHistoryFailure(() => pushes.pushBelow(head, save.version));
  if (below === 'unreadable' || below === 'unconvertible') return below;
  if (below === 'none') return null;
  const over = below === 'in-history' ? pushOver(await pushes.pushFound(head, save.version)) : null;
  return { save, below, ...(over !== null && { over }) };
}

/**
 * What a backup records of the push an edit was saved over (HeldSave.over): a note Grafana confirmed as its saver's (an
 * unconfirmed one may be a copy naming whatever its writer liked, and pull would take it as applied), or the confirmed one below it.
 */
function pushOver(push: EarlierPush | null): PushOver | null {
  const confirmed = push?.unconfirmed === undefined ? push : (push.confirmedBelow ?? null);
  if (confirmed === null || confirmed === undefined || !/^sha256:[0-9a-f]{16}/.test(confirmed.content)) return null;
  return { version: confirmed.version, content: confirmed.content.slice(0, 'sha256:'.length + 16), ...(confirmed.commit !== undefined && { commit: confirmed.commit }) };
}
