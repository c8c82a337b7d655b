import { notesUncommitted } from '../grafana/content-note.js';
import type { LastSave, PushedRecord } from '../grafana/port.js';

/**
 * Pure: whether a save is dashsync's push of a file HEAD did not hold as it was (its content note says `[uncommitted]`: an
 * apply from a checkout with an edit not committed). The message is the save's as read, or, where the push record said the
 * save was dashsync's without a history read, the message that record keeps.
 */
export function isUncommittedPush(save: LastSave | 'unreadable' | 'unconvertible', pushed: Pick<PushedRecord, 'message'> | null | undefined): save is LastSave {
  return typeof save !== 'string' && save.byDashsync === true && notesUncommitted(save.message ?? pushed?.message ?? null);
}

/**
 * Pure: such a push (isUncommittedPush) read as someone else's save, as an edit made in Grafana is (`uncommittedPush`): no
 * commit holds it, so a plan of another clone would otherwise overwrite it unseen (walk-66 M3). Any other save as it is.
 */
export function markUncommittedPush<T extends LastSave | 'unreadable' | 'unconvertible'>(save: T, pushed: Pick<PushedRecord, 'message'> | null | undefined): T | LastSave {
  const read: LastSave | 'unreadable' | 'unconvertible' = save;
  if (!isUncommittedPush(read, pushed)) return save;
  return { ...read, message: read.message ?? pushed?.message ?? null, byDashsync: false, uncommittedPush: true };
}
