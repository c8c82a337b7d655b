import { notesUncommitted } from '../grafana/content-note.js';
import type { LastSave, PushedRecord } from '../grafana/port.js';

/**
 * Pure: a save dashsync made from a file HEAD did not hold as it was (its content note says `[uncommitted]`: an apply from a
 * checkout with an edit not committed) read as someone else's save, as an edit made in Grafana is (`uncommittedPush`): no
 * commit holds it, so a plan of any clone would otherwise overwrite it unseen (walk-66 M3). The message is the save's as read,
 * or, where the push record said the save was dashsync's without a history read, the message that record keeps. Any other
 * save as it is.
 */
export function markUncommittedPush<T extends LastSave | 'unreadable' | 'unconvertible'>(read: T, pushed: Pick<PushedRecord, 'message'> | null | undefined): T | LastSave {
  if (typeof read === 'string') return read;
  const save: LastSave = read;
  if (save.byDashsync !== true) return read;
  const message = save.message ?? pushed?.message ?? null;
  return notesUncommitted(message) ? { ...save, message, byDashsync: false, uncommittedPush: true } : save;
}
