import { DASHSYNC_MARKER, MAX_MESSAGE_BYTES, truncateBytes } from '../config/render-commit-message.js';
import type { LastSave } from './port.js';
import { idOfTypedIdentity, isInternalId } from './save-authorship.js';

/** Where a restore took a dashboard back from: Grafana's "Recently deleted", or a backup dashsync wrote before a delete. */
export type RestoredFrom = 'trash' | 'backup';

/**
 * The save a dashboard held when a prune deleted it, when that save was not dashsync's push (its backup records it): who
 * made it and when (as the plan named them; '' when not known), at which version, and whether dashsync had pushed the
 * dashboard before (`edit`: someone saved it since a push of dashsync's; `made`: made in Grafana, never pushed by dashsync).
 */
export interface HeldSave {
  kind: 'edit' | 'made';
  by: string;
  at: string;
  version: number;
}

/** What a restore's version message records (withRestoreNote): where from, who restored (an `/apis` uid; null: not known), and the save it took back. */
export interface RestoreRecord {
  from: RestoredFrom;
  restorer: string | null;
  /** null: nothing recorded the save it holds (a backup written before dashsync recorded it, or through `/api`). */
  held: HeldSave | null;
  /** The restore found no backup of it at all (someone deleted it in Grafana, or the backup is elsewhere). */
  noBackup?: true;
}

/**
 * ` [restored from trash by <uid>: edit v2 by <who> at <when>]` (or `: not recorded]`, `: no backup]`): who and when
 * percent-encoded, so that each stays one word; `?` for what is not known.
 */
const NOTE = /\s\[restored from (trash|backup) by (\S+): (?:(edit|made) v(\d+) by (\S+) at (\S+)|not recorded|(no backup))\]$/;

/**
 * The version message of dashsync's restore of a dashboard whose content was not dashsync's push: the run's message, then a
 * note of what it took back, so that the next plan tells the edit it holds from a push of dashsync's (drift is judged on
 * content, not on who saved last: restoreLastSave). Within Grafana's 500 bytes, the marker kept. Pure.
 */
export function withRestoreNote(message: string, from: RestoredFrom, held: HeldSave | null | 'no-backup', restorerUid: string | null): string {
  const what = held === null ? 'not recorded' : held === 'no-backup' ? 'no backup' : `${held.kind} v${held.version} by ${word(held.by)} at ${word(held.at)}`;
  const note = ` [restored from ${from} by ${word(restorerUid ?? '')}: ${what}]`;
  const budget = MAX_MESSAGE_BYTES - Buffer.byteLength(note);
  const cut = truncateBytes(message, budget);
  const marked = cut.includes(DASHSYNC_MARKER) ? cut : truncateBytes(`${DASHSYNC_MARKER} ${message}`, budget);
  return `${marked}${note}`;
}

function word(text: string): string {
  return text === '' ? '?' : encodeURIComponent(text);
}

function unword(text: string): string | null {
  if (text === '?') return '';
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** The restore note a marked message ends in; null without one (or a hand-written one that does not decode). Pure. */
export function parseRestoreNote(message: string): RestoreRecord | null {
  if (!message.includes(DASHSYNC_MARKER)) return null;
  const note = NOTE.exec(message);
  if (note === null) return null;
  const restorer = unword(note[2]!);
  if (restorer === null) return null;
  if (note[3] === undefined) return { from: note[1] as RestoredFrom, restorer: restorer || null, held: null, ...(note[7] !== undefined && { noBackup: true as const }) };
  const by = unword(note[5]!);
  const at = unword(note[6]!);
  if (by === null || at === null) return null;
  return { from: note[1] as RestoredFrom, restorer: restorer || null, held: { kind: note[3] as HeldSave['kind'], by, at, version: Number(note[4]) } };
}

/**
 * Whether a restore note names the identity Grafana records as its saver (`/apis`: `user:<uid>`): true or false where it
 * can tell; null where it cannot (no restorer recorded, an internal id, no saver recorded): the caller's rule for marked
 * messages decides then. Pure.
 */
export function restoreNamesSaver(record: RestoreRecord, savedBy: string): boolean | null {
  const saver = idOfTypedIdentity(savedBy);
  if (record.restorer === null || isInternalId(record.restorer) || saver === '') return null;
  return record.restorer === saver;
}

/**
 * The newest save of a dashboard dashsync's restore put back (`restore`: that save's time and version): the save it holds is
 * someone else's (byDashsync false), by whom and when its backup recorded ('' where nothing did), with the restore beside it. Pure.
 */
export function restoreLastSave(record: RestoreRecord, restore: { at: string; version: number; message: string }): LastSave {
  return {
    by: record.held?.by ?? '',
    at: record.held?.at ?? '',
    message: restore.message,
    byDashsync: false,
    version: restore.version,
    restored: { from: record.from, at: restore.at, kind: record.held?.kind ?? 'unknown', ...(record.held && { version: record.held.version }), ...(record.noBackup && { noBackup: true as const }) },
  };
}
