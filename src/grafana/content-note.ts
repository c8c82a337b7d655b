import { DASHSYNC_MARKER, MAX_MESSAGE_BYTES, truncateBytes } from '../config/render-commit-message.js';
import type { LastSave } from './port.js';
import { idOfTypedIdentity, isInternalId } from './save-authorship.js';

/** `sha256:` and this many hex digits name the content in a note: enough to tell contents apart, short in Grafana's history. */
const NOTE_HEX = 16;
const NOTE = /\s\[content (sha256:[0-9a-f]+) by ([^\s\]]+)\]$/;

/**
 * The version message of a push through `/apis`, ending in the digest of the content pushed and
 * the uid of the identity pushing it (`… [content sha256:<16 hex> by <uid>]`). Legacy SQL storage
 * (12's default) keeps none of a write's annotations, so dashsync's push record never comes back
 * there; the message goes into the version history, where the next plan finds it. Still within
 * Grafana's 500 bytes, and still carrying DASHSYNC_MARKER (put first where the cut took it). No
 * pusher known: the message as it is (a note nobody can be matched to would never be read). Pure.
 */
export function withContentNote(message: string, sha256: string, pusherUid: string | null): string {
  if (pusherUid === null) return message;
  const note = ` [content ${shortDigest(sha256)} by ${pusherUid}]`;
  const budget = MAX_MESSAGE_BYTES - Buffer.byteLength(note);
  const cut = truncateBytes(message, budget);
  // The marker tells dashsync's saves from others' (drift): a cut must not take it.
  const marked = cut.includes(DASHSYNC_MARKER) ? cut : truncateBytes(`${DASHSYNC_MARKER} ${message}`, budget);
  return `${marked}${note}`;
}

/**
 * Whether the newest save is dashsync's push of this content (a `sha256:` digest) at the live
 * generation: its message's note names the content and the identity that saved it (Grafana's
 * `user:<uid>`), so a message copied into someone else's save, or an older save, does not pass.
 * A note without an identity (written by an earlier release) is never taken: it cannot be told
 * from a copy. A note naming a service account's internal id (digits: what GET /api/user answers
 * for one, never what a history records) cannot be checked against the saver: there the marker
 * decides, as for authorship (save-authorship.ts k8sSaver). Pure.
 */
export function notesPush(lastSave: Pick<LastSave, 'message' | 'by' | 'byDashsync' | 'version'>, liveVersion: number, sha256: string): boolean {
  return lastSave.version === liveVersion && notedContent(lastSave) === shortDigest(sha256);
}

/**
 * The content (`sha256:` and 16 hex digits) the note of a save dashsync made names, checked against its saver as
 * notesPush checks it; null when the save is not dashsync's or carries no such note. Pure.
 */
export function notedContent(lastSave: Pick<LastSave, 'message' | 'by' | 'byDashsync'>): string | null {
  if (lastSave.byDashsync !== true || lastSave.message === null) return null;
  const note = NOTE.exec(lastSave.message);
  if (note === null) return null;
  return isInternalId(note[2]!) || idOfTypedIdentity(lastSave.by) === note[2] ? note[1]! : null;
}

/**
 * What a marked message's content note says of who made the save, whoever reads it now: true when it names the
 * identity Grafana records as the saver (a push writes the note of its own identity, so any credentials of the org
 * can tell it: audit-ux-4 F26), false when it names another (a message copied into someone else's save). null when
 * the note cannot decide: no marker or no note, a note naming an internal id (digits: not what histories record), or
 * no saver recorded. Pure.
 */
export function noteNamesSaver(message: string, savedBy: string): boolean | null {
  if (!message.includes(DASHSYNC_MARKER)) return null;
  const note = NOTE.exec(message);
  const saver = idOfTypedIdentity(savedBy);
  if (note === null || isInternalId(note[2]!) || saver === '') return null;
  return note[2] === saver;
}

function shortDigest(sha256: string): string {
  return sha256.slice(0, 'sha256:'.length + NOTE_HEX);
}
