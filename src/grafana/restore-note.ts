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
  /** An edit's: dashsync's push it was saved over, as the plan found it (PushOver). Absent: not found, or recorded before dashsync kept it. */
  over?: PushOver;
}

/**
 * dashsync's push an edit made in Grafana was saved over: its version then, the content its note named (`sha256:` and 16 hex)
 * and the commit it was pushed from (absent where the note named none). A restore starts a new history, so that push is gone
 * from it: pull after the restore compares the file's commits with this one, to tell a change already applied (the edit was
 * saved over it) from one not applied yet.
 */
export interface PushOver {
  version: number;
  content: string;
  commit?: string;
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
 * percent-encoded, so that each stays one word; `?` for what is not known. Before it, for an edit whose push below was
 * recorded: ` [over push v<version> sha256:<16 hex> commit <hex>]` (HeldSave.over; the commit where its note named one).
 */
const NOTE = /(?:\s\[over push v(\d+) (sha256:[0-9a-f]{16})(?: commit ([0-9a-f]{12,64}))?\])?\s\[restored from (trash|backup) by (\S+): (?:(edit|made) v(\d+) by (\S+) at (\S+)|not recorded|(no backup))\]$/;

/**
 * The version message of dashsync's restore of a dashboard whose content was not dashsync's push: the run's message, then a
 * note of what it took back, so that the next plan tells the edit it holds from a push of dashsync's (drift is judged on
 * content, not on who saved last: restoreLastSave). Within Grafana's 500 bytes, the marker kept. Pure.
 */
export function withRestoreNote(message: string, from: RestoredFrom, held: HeldSave | null | 'no-backup', restorerUid: string | null): string {
  const what = held === null ? 'not recorded' : held === 'no-backup' ? 'no backup' : `${held.kind} v${held.version} by ${word(held.by)} at ${word(held.at)}`;
  // A bracket of its own before the note, so that a release that reads only `[restored …]` still finds that.
  const over = held !== null && held !== 'no-backup' && held.over !== undefined ? overBracket(held.over) : '';
  const note = `${over} [restored from ${from} by ${word(restorerUid ?? '')}: ${what}]`;
  const budget = MAX_MESSAGE_BYTES - Buffer.byteLength(note);
  const cut = truncateBytes(message, budget);
  const marked = cut.includes(DASHSYNC_MARKER) ? cut : truncateBytes(`${DASHSYNC_MARKER} ${message}`, budget);
  return `${marked}${note}`;
}

/** ` [over push v3 sha256:<16 hex> commit <hex>]`; '' for a push whose fields are not what dashsync writes. */
function overBracket(over: PushOver): string {
  if (!isPushOver(over)) return '';
  return ` [over push v${over.version} ${over.content}${over.commit === undefined ? '' : ` commit ${over.commit}`}]`;
}

/** Whether a recorded push over (a backup's, a note's) has the fields dashsync writes. Pure. */
export function isPushOver(value: unknown): value is PushOver {
  const over = value as Partial<PushOver> | null;
  return (
    typeof over?.version === 'number' &&
    Number.isInteger(over.version) &&
    over.version > 0 &&
    typeof over.content === 'string' &&
    /^sha256:[0-9a-f]{16}$/.test(over.content) &&
    (over.commit === undefined || (typeof over.commit === 'string' && /^[0-9a-f]{12,64}$/.test(over.commit)))
  );
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
  const [, overVersion, overContent, overCommit, from, restorerWord, kind, version, byWord, atWord, noBackup] = note;
  const restorer = unword(restorerWord!);
  if (restorer === null) return null;
  if (kind === undefined) return { from: from as RestoredFrom, restorer: restorer || null, held: null, ...(noBackup !== undefined && { noBackup: true as const }) };
  const by = unword(byWord!);
  const at = unword(atWord!);
  if (by === null || at === null) return null;
  const over = overVersion === undefined ? {} : { over: { version: Number(overVersion), content: overContent!, ...(overCommit !== undefined && { commit: overCommit }) } };
  return { from: from as RestoredFrom, restorer: restorer || null, held: { kind: kind as HeldSave['kind'], by, at, version: Number(version), ...over } };
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
    restored: {
      from: record.from,
      at: restore.at,
      kind: record.held?.kind ?? 'unknown',
      ...(record.held && { version: record.held.version }),
      ...(record.held?.over && { over: record.held.over }),
      ...(record.noBackup && { noBackup: true as const }),
    },
  };
}
