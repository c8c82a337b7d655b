import { notedUncommittedCheckout, notesUncommitted } from '../grafana/content-note.js';
import type { LastSave, PushedRecord } from '../grafana/port.js';

/**
 * Pure: whether a save is dashsync's push of a file HEAD did not hold as it was (its content note says `[uncommitted]`: an
 * apply from a checkout with an edit not committed). The message is the save's as read, or, where the push record said the
 * save was dashsync's without a history read, the message that record keeps.
 */
export function isUncommittedPush(save: LastSave | 'unreadable' | 'unconvertible', pushed: Pick<PushedRecord, 'message'> | null | undefined): save is LastSave {
  return typeof save !== 'string' && save.byDashsync === true && notesUncommitted(save.message ?? pushed?.message ?? null);
}

/** Where a plan or pull judges an uncommitted push: whether the dashboard's file differs from HEAD here, and this checkout's id (checkoutId; null: not known). */
interface CheckoutHere {
  fileUncommitted: boolean;
  checkout: string | null;
}

/**
 * Pure: whether such a push (isUncommittedPush) is this checkout's own work in progress (edited, applied, edited again): the
 * file differs from HEAD here too, and the note names this checkout (`[uncommitted <id>]`), or none (a push of the release that
 * added the bracket, judged as that release judged it). A push another checkout made is someone else's save even where this
 * one holds an edit of its own in the file (two clones both dirty): else this checkout's apply would overwrite it unseen.
 */
export function isOwnWorkInProgress(save: LastSave, pushed: Pick<PushedRecord, 'message'> | null | undefined, here: CheckoutHere): boolean {
  if (!here.fileUncommitted) return false;
  const noted = notedUncommittedCheckout(save.message ?? pushed?.message ?? null);
  return noted === null || noted === here.checkout;
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
