import { DASHSYNC_MARKER, MAX_MESSAGE_BYTES, truncateBytes } from '../config/render-commit-message.js';
import type { EarlierPush, EarlierPushOptions, LastSave, UnconfirmedNote } from './port.js';
import { ANONYMOUS, idOfTypedIdentity, isInternalId } from './save-authorship.js';

/** `sha256:` and this many hex digits name the content in a note: enough to tell contents apart, short in Grafana's history. */
const NOTE_HEX = 16;
/**
 * `by <uid>`: the identity as `/apis` histories record it; `as <name>`: as `/api`'s version list shows it (percent-encoded).
 * Before it, `[commit <hex>]`: the commit the push was made from (absent from notes written before it was added, and where
 * the commit was not known), or `[uncommitted]`: the file pushed differed from HEAD's (an edit not committed, a file git does
 * not hold), so no commit holds what was pushed, with the checkout it was pushed from (`[uncommitted <12 hex>]`: checkoutId;
 * absent from the notes of the release that added the bracket). A bracket of its own, so that a release that reads only the
 * content bracket still finds it.
 */
const NOTE = /(?:\s\[(?:commit ([0-9a-f]{12,64})|(uncommitted)(?: ([0-9a-f]{12}))?)\])?\s\[content (sha256:[0-9a-f]+) (by|as) ([^\s\]]+)\]$/;
/** What a note may name as the checkout an uncommitted push came from (checkoutId). */
const CHECKOUT = /^[0-9a-f]{12}$/;
/** What a note may name as the commit pushed from: a full sha (SHA-1 or SHA-256), or an abbreviation of 12 hex digits or more. */
const COMMIT = /^[0-9a-f]{12,64}$/;
/** A saver's name longer than this (encoded) leaves too little of Grafana's 500 bytes to the message: no note. */
const MAX_NAME_BYTES = 200;

/** The identity a content note names as its pusher (ParsedNote without the content). */
export interface NotedPusher {
  /** `uid`: a `by <uid>` note (`/apis`); `name`: an `as <name>` note (`/api`), decoded. */
  form: 'uid' | 'name';
  saver: string;
}

interface ParsedNote extends NotedPusher {
  content: string;
  /** The commit the push was made from; absent when the note names none. */
  commit?: string;
  /** The note says `[uncommitted]`: the file pushed was not as HEAD holds it. */
  uncommitted?: true;
  /** With `uncommitted`: the checkout it names (`[uncommitted <id>]`); absent where it names none. */
  checkout?: string;
}

/**
 * What a push's note says it was made from: a commit (`[commit <hex>]`), or a file not committed as it was in a checkout
 * (`[uncommitted <checkout>]`; checkoutId, null where not known: `[uncommitted]`).
 */
export type PushedFrom = { commit: string } | { uncommitted: true; checkout: string | null };

/** The PushedFrom of a save request: its commit, or `uncommitted`, which wins (the file differed from that commit); null: neither. */
export function pushedFromOf(request: { sourceCommit?: string; uncommitted?: true; uncommittedCheckout?: string }): PushedFrom | null {
  if (request.uncommitted === true) return { uncommitted: true, checkout: request.uncommittedCheckout ?? null };
  return request.sourceCommit === undefined ? null : { commit: request.sourceCommit };
}

/**
 * The version message of a push through `/apis`, ending in the digest of the content pushed and
 * the uid of the identity pushing it (`… [content sha256:<16 hex> by <uid>]`), after the commit it was pushed from when
 * that is known (`[commit <hex>] [content …]`: pull asks git whether a file's commit is that one or older). Legacy SQL storage
 * (12's default) keeps none of a write's annotations, so dashsync's push record never comes back
 * there; the message goes into the version history, where the next plan finds it. Still within
 * Grafana's 500 bytes, and still carrying DASHSYNC_MARKER (put first where the cut took it). No
 * pusher known: the message as it is (a note nobody can be matched to would never be read). Pure.
 */
export function withContentNote(message: string, sha256: string, pusherUid: string | null, from: PushedFrom | null = null): string {
  if (pusherUid === null) return message;
  return withNote(message, `${sourceBracket(from)} [content ${shortDigest(sha256)} by ${pusherUid}]`);
}

/**
 * The version message of a push through `/api`, ending in the digest of the content pushed and the name `/api`'s
 * version list shows for the pusher (`… [content sha256:<16 hex> as <name>]`: a login, or a service account's name;
 * pkg/api/dashboard.go GetDashboardVersions → getIdentityName), percent-encoded so that a name with spaces or
 * brackets stays one word. `/api` keeps no record of a push: the note in the history is how any credentials of the
 * org tell dashsync's save from a UI edit (audit-ux-4 F26). The commit pushed from goes before it, as withContentNote
 * puts it. No name known, or one too long to leave room for the message: the message as it is. Pure.
 */
export function withListedSaverNote(message: string, sha256: string, pusherName: string | null, from: PushedFrom | null = null): string {
  if (pusherName === null || pusherName === '') return message;
  const name = encodeURIComponent(pusherName);
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) return message;
  return withNote(message, `${sourceBracket(from)} [content ${shortDigest(sha256)} as ${name}]`);
}

/**
 * ` [uncommitted <checkout>]` (` [uncommitted]` without a checkout a note can name), or ` [commit <hex>]` for a commit a note
 * can name (lower-cased hex, 12 to 64 digits); '' for none or anything else.
 */
function sourceBracket(from: PushedFrom | null): string {
  if (from !== null && 'uncommitted' in from) return from.checkout !== null && CHECKOUT.test(from.checkout) ? ` [uncommitted ${from.checkout}]` : ' [uncommitted]';
  const hex = from?.commit.trim().toLowerCase() ?? '';
  return COMMIT.test(hex) ? ` [commit ${hex}]` : '';
}

function withNote(message: string, note: string): string {
  const budget = MAX_MESSAGE_BYTES - Buffer.byteLength(note);
  const cut = truncateBytes(message, budget);
  // The marker tells dashsync's saves from others' (drift): a cut must not take it.
  const marked = cut.includes(DASHSYNC_MARKER) ? cut : truncateBytes(`${DASHSYNC_MARKER} ${message}`, budget);
  return `${withoutTrailingCommitBracket(marked)}${note}`;
}

/**
 * The user's part of a message with a `[commit …]` or `[uncommitted]` bracket it ends in (a template such as
 * `release [commit ${GITHUB_SHA}]`) written `(commit …)`: where the note names no commit, NOTE would read that bracket as the
 * note's. Same bytes, so the budget holds; a cut message ends in `…`, never in a bracket.
 */
function withoutTrailingCommitBracket(message: string): string {
  return message.replace(/(\s)\[(commit [^\]]*|uncommitted(?: [^\]]*)?)\]$/, '$1($2)');
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
  const note = parseNote(lastSave.message);
  if (note === null) return null;
  if (note.form === 'name') return note.saver === lastSave.by ? note.content : null;
  return isInternalId(note.saver) || idOfTypedIdentity(lastSave.by) === note.saver ? note.content : null;
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
  const note = parseNote(message);
  const saver = idOfTypedIdentity(savedBy);
  // A note written through /api names a login, which an /apis history does not record.
  if (note === null || note.form !== 'uid' || isInternalId(note.saver) || saver === '') return null;
  return note.saver === saver;
}

/**
 * noteNamesSaver for `/api`'s version list: whether a marked message's `as <name>` note names the `createdBy` the list
 * shows. null when it cannot decide: no marker or no such note (an `/apis` push's note names a uid, which the list
 * does not show), or a saver the list does not name (`Anonymous`: 11.2–11.5 for every service account). Pure.
 */
export function noteNamesListedSaver(message: string, createdBy: string): boolean | null {
  if (!message.includes(DASHSYNC_MARKER)) return null;
  const note = parseNote(message);
  if (note === null || note.form !== 'name' || createdBy === '' || createdBy === ANONYMOUS) return null;
  return note.saver === createdBy;
}

/**
 * The content an earlier push's message names, for pull's "did someone save over dashsync's push" (readEarlierPush): a note
 * naming the saver the history records (`savedBy`: noteNamesSaver or noteNamesListedSaver, per API), and also a marked
 * message whose note the other API wrote (`/api`'s `as <name>` read through `/apis`, or `/apis`' `by <uid>` read through
 * `/api`), whose saver this history cannot check: a push made through `--api legacy`, or before an upgrade to 12. Taking
 * such a note unchecked only makes pull more careful (it refuses where it would replace). `unconfirmed`: also a note of this
 * API whose saver the history cannot check (EarlierPushOptions). Pure.
 */
function earlierPushContent(message: string, note: ParsedNote | null, namesSaver: boolean | null, readThrough: 'uid' | 'name', unconfirmed: boolean): string | null {
  if (note === null) return null;
  if (namesSaver === true) return note.content;
  if (namesSaver === false || !message.includes(DASHSYNC_MARKER)) return null;
  return unconfirmed || note.form !== readThrough ? note.content : null;
}

/**
 * What pull takes from an earlier save's marked message as dashsync's push (earlierPushContent decides whether it is one):
 * the content and pusher its note names, and the commit it names only where the note names the saver the history records
 * (`namesSaver` true). A note taken unchecked is `unconfirmed` and names no commit: a note copied into someone else's save
 * names whatever commit its writer likes, and such a commit would count a committed change as carried (review-15 M-1). Pure.
 */
function earlierPushNote(
  message: string,
  note: ParsedNote | null,
  namesSaver: boolean | null,
  readThrough: 'uid' | 'name',
  unconfirmed: boolean,
  uncheckedCommit = false,
): Pick<EarlierPush, 'content' | 'pusher' | 'commit' | 'unconfirmed' | 'uncheckedCommit'> | null {
  const content = earlierPushContent(message, note, namesSaver, readThrough, unconfirmed);
  if (content === null || note === null) return null;
  const pusher = { form: note.form, saver: note.saver };
  if (namesSaver !== true) return { content, pusher, unconfirmed: unconfirmedBecause(note, namesSaver, readThrough), ...(uncheckedCommit && note.commit !== undefined && { uncheckedCommit: note.commit }) };
  return { content, pusher, ...(note.commit !== undefined && { commit: note.commit }) };
}

/** Why a note taken unchecked (earlierPushNote) is so: the other API's, one naming another saver, or one whose saver the history read does not name. */
function unconfirmedBecause(note: ParsedNote, namesSaver: boolean | null, readThrough: 'uid' | 'name'): UnconfirmedNote {
  if (note.form !== readThrough) return 'other-api';
  if (namesSaver === false) return 'other-saver';
  return readThrough === 'uid' ? 'k8s-saver-unnamed' : 'saver-unnamed';
}

/** One entry of a dashboard's history as readEarlierPush walks it, newest first: whether its note names its saver (null: not told). */
export interface EarlierPushEntry {
  version: number;
  /** Grafana's time of the save (ISO; '' when not given). */
  at: string;
  message: string;
  namesSaver: boolean | null;
}

/**
 * Where readEarlierPush's walk down a history stands (both APIs call stepEarlierPushWalk per entry, newest first):
 * `passedOver`, the newest note gone past as unconfirmed: what readEarlierPush gives when the walk ends on no push (with
 * `confirmedBelow`, it is given with the push found below it).
 */
export interface EarlierPushWalk {
  passedOver: EarlierPush | null;
}

/**
 * One step of readEarlierPush's walk (EarlierPushOptions), on `/api` (`readThrough` 'name') and `/apis` ('uid'): the push
 * it ends on, or null to go on (`walk` updated; no I/O). A note naming its saver ends it. A note whose saver the history cannot check (unconfirmed:
 * the other API's note, `Anonymous`, a check refused) ends it too, unless the caller wants the confirmed push below
 * (`confirmedBelow`): then it is passed over, as is, with `unconfirmed`, an `as <name>` note naming another saver than
 * Grafana names now (a service account renamed since, or a copy; a `by <uid>` note naming another uid is a copy: not
 * kept). The push found below a passed-over note comes as that note's `confirmedBelow`.
 */
export function stepEarlierPushWalk(walk: EarlierPushWalk, entry: EarlierPushEntry, readThrough: 'uid' | 'name', options: EarlierPushOptions): EarlierPush | null {
  const note = parseNote(entry.message);
  if (note === null && entry.message.includes(DASHSYNC_MARKER)) options.onUnnotedMark?.();
  const at = { version: entry.version, at: entry.at };
  const push = earlierPushNote(entry.message, note, entry.namesSaver, readThrough, options.unconfirmed === true, options.uncheckedCommit === true);
  if (push !== null && push.unconfirmed === undefined) {
    const found = { ...at, ...push };
    return options.confirmedBelow === true && walk.passedOver !== null ? { ...walk.passedOver, confirmedBelow: found } : found;
  }
  if (push !== null && options.confirmedBelow !== true) return { ...at, ...push };
  const renamedOrCopied = entry.namesSaver === false && options.unconfirmed === true ? earlierPushNote(entry.message, note, null, readThrough, true, options.uncheckedCommit === true) : null;
  const passed = push ?? (renamedOrCopied === null ? null : { ...renamedOrCopied, unconfirmed: 'other-saver' as const });
  if (walk.passedOver === null && passed !== null && (push !== null || passed.pusher.form === 'name')) walk.passedOver = { ...at, ...passed };
  return null;
}

/**
 * Who a message's content note says pushed it: `uid`, the identity's uid (`/apis`; digits: a service account's internal
 * id), or `name`, the name `/api`'s version list showed (a login, or a service account's name), decoded. null without a
 * note. Pure.
 */
export function notedPusher(message: string): NotedPusher | null {
  const note = parseNote(message);
  return note === null ? null : { form: note.form, saver: note.saver };
}

/**
 * The commit a message's content note says the push was made from (hex, as written); null without a note, or for a note
 * that names none (written before notes named one, by a restore, or where the commit was not known). Pure.
 */
export function notedCommit(message: string): string | null {
  return parseNote(message)?.commit ?? null;
}

/** Whether a message's content note says the push was made from a file not committed as it was (`[uncommitted]`). Pure. */
export function notesUncommitted(message: string | null): boolean {
  return message !== null && parseNote(message)?.uncommitted === true;
}

/** The checkout a message's `[uncommitted <id>]` note names (checkoutId); null without one (no note, or `[uncommitted]` alone). Pure. */
export function notedUncommittedCheckout(message: string | null): string | null {
  return message === null ? null : (parseNote(message)?.checkout ?? null);
}

/** The message without its content note (either form, with the commit before it); as it is when it ends in none. Pure. */
export function withoutContentNote(message: string): string {
  return message.replace(NOTE, '');
}

function parseNote(message: string): ParsedNote | null {
  const note = NOTE.exec(message);
  if (note === null) return null;
  const uncommitted = note[2] === undefined ? {} : { uncommitted: true as const, ...(note[3] !== undefined && { checkout: note[3] }) };
  const commit = note[1] === undefined ? uncommitted : { commit: note[1] };
  if (note[5] === 'by') return { content: note[4]!, form: 'uid', saver: note[6]!, ...commit };
  try {
    return { content: note[4]!, form: 'name', saver: decodeURIComponent(note[6]!), ...commit };
  } catch {
    // A hand-written `%` that is no escape: not a note dashsync wrote.
    return null;
  }
}

function shortDigest(sha256: string): string {
  return sha256.slice(0, 'sha256:'.length + NOTE_HEX);
}
