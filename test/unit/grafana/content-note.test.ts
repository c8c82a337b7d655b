import { describe, expect, it } from 'vitest';
import { notedCommit, notedUncommittedCheckout, notesUncommitted, notedContent, notedPusher, noteNamesListedSaver, noteNamesSaver, notesPush, withContentNote, withListedSaverNote, withoutContentNote, stepEarlierPushWalk, type EarlierPushEntry } from '../../../src/grafana/content-note.js';
import type { EarlierPush, EarlierPushOptions } from '../../../src/grafana/port.js';
import { pushedCommitOf } from '../../../src/grafana/pushed-commit.js';
import { renderCommitMessage } from '../../../src/config/render-commit-message.js';

const DIGEST = `sha256:${'ab12'.repeat(16)}`;
const saved = (message: string | null, by = 'user:u1', version = 3) => ({ message, by, version, byDashsync: message?.includes('dashsync:') ?? null });

describe('the content note of an /apis push\'s version message', () => {
  it('names the content by 16 hex digits and the pushing identity, and is found again; another content, identity or version, or a message without one, is not', () => {
    const message = withContentNote('dashsync: 0123456789ab deploy', DIGEST, 'u1');
    expect(message).toBe('dashsync: 0123456789ab deploy [content sha256:ab12ab12ab12ab12 by u1]');
    expect(notesPush(saved(message), 3, DIGEST)).toBe(true);
    expect(notesPush(saved(message, 'service-account:u1'), 3, DIGEST)).toBe(true);
    expect(notesPush(saved(message), 3, `sha256:${'cd34'.repeat(16)}`)).toBe(false);
    // Copied into someone else's save, or not the live generation.
    expect(notesPush(saved(message, 'user:u2'), 3, DIGEST)).toBe(false);
    expect(notesPush(saved(message, ''), 3, DIGEST)).toBe(false);
    expect(notesPush(saved(message), 4, DIGEST)).toBe(false);
    expect(notesPush(saved('dashsync: 0123456789ab deploy'), 3, DIGEST)).toBe(false);
    expect(notesPush(saved(null), 3, DIGEST)).toBe(false);
    // An earlier release's note names no identity: a copy of it cannot be told apart.
    expect(notesPush(saved('dashsync: deploy [content sha256:ab12ab12ab12ab12]'), 3, DIGEST)).toBe(false);
  });

  it("a note naming a service account's internal id (what GET /api/user answers for one) is taken on the marker: no history records that id", () => {
    const message = withContentNote('dashsync: 0123456789ab deploy', DIGEST, '42');
    expect(message).toBe('dashsync: 0123456789ab deploy [content sha256:ab12ab12ab12ab12 by 42]');
    // Legacy storage records the account as user:<its string uid>.
    expect(notesPush(saved(message, 'user:ae3x9'), 3, DIGEST)).toBe(true);
    expect(notesPush(saved(message, 'user:ae3x9'), 3, `sha256:${'cd34'.repeat(16)}`)).toBe(false);
    expect(notesPush({ ...saved(message, 'user:ae3x9'), byDashsync: false }, 3, DIGEST)).toBe(false);
    expect(notesPush(saved(message, 'user:ae3x9'), 4, DIGEST)).toBe(false);
  });

  it('is left out when the pushing identity is unknown', () => {
    expect(withContentNote('dashsync: deploy', DIGEST, null)).toBe('dashsync: deploy');
  });

  it('stays within Grafana\'s 500 bytes: a long message is cut, the note kept whole', () => {
    const message = withContentNote(`dashsync: ${'é'.repeat(300)}`, DIGEST, 'u1');
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(500);
    expect(message.startsWith('dashsync: ')).toBe(true);
    expect(notesPush(saved(message), 3, DIGEST)).toBe(true);
  });

  it('cuts a long message before the note between whole characters: an emoji sequence joined by ZWJs is not split', () => {
    const family = '\u{1F469}\u200d\u{1F469}\u200d\u{1F467}\u200d\u{1F466}';
    const message = withContentNote(`dashsync: ${family.repeat(30)}`, DIGEST, 'u1');
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(500);
    expect(message).toMatch(new RegExp(`^dashsync: (${family})+… \\[content sha256:[0-9a-f]{16} by u1\\]$`, 'u'));
    expect(notesPush(saved(message), 3, DIGEST)).toBe(true);
  });

  it('never cuts off the dashsync: marker, wherever it stands in a long message', () => {
    const message = withContentNote(`${'deploy '.repeat(69)}dashsync:`, DIGEST, 'u1');
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(500);
    expect(message).toContain('dashsync:');
    expect(notesPush(saved(message), 3, DIGEST)).toBe(true);
  });
});

describe('noteNamesSaver: the content note settles who pushed, whoever reads it', () => {
  const pushed = 'dashsync: 1a2b3c Tune CPU [content sha256:0123456789abcdef by ae3x9]';

  it("a note naming the recorded saver is dashsync's push; one naming another identity is a copied message", () => {
    expect(noteNamesSaver(pushed, 'user:ae3x9')).toBe(true);
    expect(noteNamesSaver(pushed, 'service-account:ae3x9')).toBe(true);
    expect(noteNamesSaver(pushed, 'user:mallory-1')).toBe(false);
  });

  it('no marker, no note, an internal id (digits) or no saver recorded: the note does not decide', () => {
    expect(noteNamesSaver('Tune CPU [content sha256:0123456789abcdef by ae3x9]', 'user:ae3x9')).toBeNull();
    expect(noteNamesSaver('dashsync: 1a2b3c Tune CPU', 'user:ae3x9')).toBeNull();
    expect(noteNamesSaver('dashsync: 1a2b3c Tune CPU [content sha256:0123456789abcdef by 42]', 'user:ae3x9')).toBeNull();
    expect(noteNamesSaver(pushed, '')).toBeNull();
  });
});

describe("the content note of an /api push's version message: the saver as the version list shows it", () => {
  it('names the login or service account name, percent-encoded, and noteNamesListedSaver finds it again', () => {
    const message = withListedSaverNote('dashsync: 0123456789ab deploy', DIGEST, 'CI deploy [prod]');
    expect(message).toBe('dashsync: 0123456789ab deploy [content sha256:ab12ab12ab12ab12 as CI%20deploy%20%5Bprod%5D]');
    expect(noteNamesListedSaver(message, 'CI deploy [prod]')).toBe(true);
    expect(noteNamesListedSaver(message, 'mallory')).toBe(false);
    // The list names no saver, or the message is not dashsync's: the note cannot decide.
    expect(noteNamesListedSaver(message, 'Anonymous')).toBe(null);
    expect(noteNamesListedSaver(message.replace('dashsync:', 'deploy:'), 'CI deploy [prod]')).toBe(null);
    expect(notesPush({ message, by: 'CI deploy [prod]', version: 3, byDashsync: true }, 3, DIGEST)).toBe(true);
    expect(notesPush({ message, by: 'mallory', version: 3, byDashsync: true }, 3, DIGEST)).toBe(false);
  });

  it("an /apis note (a uid) and an /api note (a name) are each read only by their own history", () => {
    const byUid = withContentNote('dashsync: deploy', DIGEST, 'admin');
    const asName = withListedSaverNote('dashsync: deploy', DIGEST, 'admin');
    expect(noteNamesListedSaver(byUid, 'admin')).toBe(null);
    expect(noteNamesSaver(asName, 'user:admin')).toBe(null);
    expect(withoutContentNote(asName)).toBe('dashsync: deploy');
    expect(withoutContentNote(byUid)).toBe('dashsync: deploy');
  });

  it('is left out for an unknown name or one too long to leave the message room; a hand-written % is no note', () => {
    expect(withListedSaverNote('dashsync: deploy', DIGEST, null)).toBe('dashsync: deploy');
    expect(withListedSaverNote('dashsync: deploy', DIGEST, 'x'.repeat(201))).toBe('dashsync: deploy');
    expect(noteNamesListedSaver('dashsync: deploy [content sha256:ab12ab12ab12ab12 as 100%]', '100%')).toBe(null);
    expect(Buffer.byteLength(withListedSaverNote(`dashsync: ${'é'.repeat(300)}`, DIGEST, 'admin'))).toBeLessThanOrEqual(500);
  });
});

/** What readEarlierPush's walk gives for `entries` (newest first), read through `readThrough`. */
function walkEarlierPush(entries: readonly Omit<EarlierPushEntry, 'at'>[], readThrough: 'uid' | 'name', options: EarlierPushOptions = {}): EarlierPush | null {
  const walk = { passedOver: null };
  for (const entry of entries) {
    const found = stepEarlierPushWalk(walk, { ...entry, at: '' }, readThrough, options);
    if (found !== null) return found;
  }
  return walk.passedOver;
}

/** The content an earlier push's note names, where readEarlierPush's walk ends on that save as a push. */
function earlierPushContent(message: string, namesSaver: boolean | null, readThrough: 'uid' | 'name', unconfirmed = false): string | null {
  return stepEarlierPushWalk({ passedOver: null }, { version: 1, at: '', message, namesSaver }, readThrough, { unconfirmed })?.content ?? null;
}

describe('earlierPushContent: the content an earlier push names, whichever API wrote its note', () => {
  const digest = `sha256:${'ab'.repeat(32)}`;
  const throughApi = withListedSaverNote('dashsync: abc123 fix', digest, 'sa-ci');
  const throughApis = withContentNote('dashsync: abc123 fix', digest, 'u-ci');
  const short = digest.slice(0, 'sha256:'.length + 16);

  it('takes a note whose saver the history confirms, and refuses one naming another saver', () => {
    expect(earlierPushContent(throughApi, true, 'name')).toBe(short);
    expect(earlierPushContent(throughApi, false, 'name')).toBeNull();
  });

  it("takes the other API's note unchecked (pull only grows more careful), never its own API's unconfirmed one or an unmarked message", () => {
    expect(earlierPushContent(throughApi, null, 'uid')).toBe(short);
    expect(earlierPushContent(throughApis, null, 'name')).toBe(short);
    expect(earlierPushContent(throughApis, null, 'uid')).toBeNull();
    expect(earlierPushContent(throughApi.replace('dashsync:', 'copied:'), null, 'uid')).toBeNull();
  });

  it("takes its own API's unconfirmed note when asked (pull-46: every identity dashsync pushed with), never a refuted one", () => {
    expect(earlierPushContent(throughApis, null, 'uid', true)).toBe(short);
    expect(earlierPushContent(throughApi, null, 'name', true)).toBe(short);
    expect(earlierPushContent(throughApi, false, 'name', true)).toBeNull();
    expect(earlierPushContent(throughApi.replace('dashsync:', 'copied:'), null, 'name', true)).toBeNull();
  });
});

describe('notedPusher: the identity a content note names, either form', () => {
  it('gives the uid of an /apis note, the decoded name of an /api one, and null without a note', () => {
    expect(notedPusher(withContentNote('dashsync: apply', `sha256:${'a'.repeat(64)}`, 'u-ci'))).toEqual({ form: 'uid', saver: 'u-ci' });
    expect(notedPusher(withListedSaverNote('dashsync: apply', `sha256:${'a'.repeat(64)}`, 'CI bot [prod]'))).toEqual({ form: 'name', saver: 'CI bot [prod]' });
    expect(notedPusher('dashsync: apply')).toBeNull();
  });
});

// pull-48: the note names the commit the push was made from, so that pull can ask git whether a file's commit is it or older.
describe('the commit a content note names', () => {
  const SHA = '0123456789abcdef0123456789abcdef01234567';
  const SHA256 = 'ab'.repeat(32);

  it('goes in a bracket of its own before the content, in both forms, and every reader of the note still reads it', () => {
    const byUid = withContentNote('dashsync: 0123456789ab deploy', DIGEST, 'u1', { commit: SHA });
    const asName = withListedSaverNote('dashsync: 0123456789ab deploy', DIGEST, 'CI deploy', { commit: SHA });
    expect(byUid).toBe(`dashsync: 0123456789ab deploy [commit ${SHA}] [content sha256:ab12ab12ab12ab12 by u1]`);
    expect(asName).toBe(`dashsync: 0123456789ab deploy [commit ${SHA}] [content sha256:ab12ab12ab12ab12 as CI%20deploy]`);
    expect(notedCommit(byUid)).toBe(SHA);
    expect(notedCommit(asName)).toBe(SHA);
    // Drift, the held push, pull's earlier push: the content and the saver read as before.
    expect(notesPush(saved(byUid), 3, DIGEST)).toBe(true);
    expect(notesPush({ message: asName, by: 'CI deploy', version: 3, byDashsync: true }, 3, DIGEST)).toBe(true);
    expect(notedContent(saved(byUid))).toBe('sha256:ab12ab12ab12ab12');
    expect(noteNamesSaver(byUid, 'user:u1')).toBe(true);
    expect(noteNamesListedSaver(asName, 'CI deploy')).toBe(true);
    expect(earlierPushContent(byUid, true, 'uid')).toBe('sha256:ab12ab12ab12ab12');
    expect(notedPusher(asName)).toEqual({ form: 'name', saver: 'CI deploy' });
    // The plan's "which commit did this save push" and the message shown without the note.
    expect(withoutContentNote(byUid)).toBe('dashsync: 0123456789ab deploy');
    expect(pushedCommitOf(asName)).toEqual({ commit: '0123456789ab', subject: 'deploy' });
  });

  it("a note written before it named a commit (or where none was known) reads as before, naming none", () => {
    const old = 'dashsync: 0123456789ab deploy [content sha256:ab12ab12ab12ab12 by u1]';
    expect(withContentNote('dashsync: 0123456789ab deploy', DIGEST, 'u1', null)).toBe(old);
    expect(notedCommit(old)).toBeNull();
    expect(notesPush(saved(old), 3, DIGEST)).toBe(true);
    expect(notedPusher(old)).toEqual({ form: 'uid', saver: 'u1' });
    expect(notedCommit('dashsync: deploy')).toBeNull();
  });

  // walk-66 M3: a push of a file HEAD does not hold as it is names no commit; its note says so, and readers still read the rest.
  it('says [uncommitted] for a file not committed as it is, in both forms; the content and the saver read as before', () => {
    const byUid = withContentNote('dashsync: 0123456789ab deploy', DIGEST, 'u1', { uncommitted: true, checkout: null });
    const asName = withListedSaverNote('dashsync: 0123456789ab deploy', DIGEST, 'CI deploy', { uncommitted: true, checkout: null });
    expect(byUid).toBe('dashsync: 0123456789ab deploy [uncommitted] [content sha256:ab12ab12ab12ab12 by u1]');
    expect(asName).toBe('dashsync: 0123456789ab deploy [uncommitted] [content sha256:ab12ab12ab12ab12 as CI%20deploy]');
    expect([notesUncommitted(byUid), notesUncommitted(asName), notedCommit(byUid)]).toEqual([true, true, null]);
    expect(notesPush(saved(byUid), 3, DIGEST)).toBe(true);
    expect(noteNamesListedSaver(asName, 'CI deploy')).toBe(true);
    expect(withoutContentNote(byUid)).toBe('dashsync: 0123456789ab deploy');
    expect(notesUncommitted(withContentNote('dashsync: x', DIGEST, 'u1', { commit: SHA }))).toBe(false);
    // A message the user ends in `[uncommitted]` is not the note's.
    expect(notesUncommitted(withContentNote('dashsync: hotfix [uncommitted]', DIGEST, 'u1', { commit: SHA }))).toBe(false);
    expect(notesUncommitted('dashsync: hotfix [uncommitted]')).toBe(false);
  });

  // Two clones both dirty: the note names the checkout it came from, so that another checkout's edit of the file does not pass for it.
  it('names the checkout an uncommitted push came from (12 hex), and reads notes without one as before', () => {
    const named = withContentNote('dashsync: 0123456789ab deploy', DIGEST, 'u1', { uncommitted: true, checkout: '0123456789ab' });
    expect(named).toBe('dashsync: 0123456789ab deploy [uncommitted 0123456789ab] [content sha256:ab12ab12ab12ab12 by u1]');
    expect([notesUncommitted(named), notedUncommittedCheckout(named), notedCommit(named), notedPusher(named)]).toEqual([true, '0123456789ab', null, { form: 'uid', saver: 'u1' }]);
    expect(withoutContentNote(named)).toBe('dashsync: 0123456789ab deploy');
    const bare = withListedSaverNote('dashsync: x', DIGEST, 'admin', { uncommitted: true, checkout: null });
    expect([notesUncommitted(bare), notedUncommittedCheckout(bare)]).toEqual([true, null]);
    // Anything but 12 hex digits is no checkout a note names.
    expect(withContentNote('dashsync: x', DIGEST, 'u1', { uncommitted: true, checkout: 'not hex at all' })).toBe('dashsync: x [uncommitted] [content sha256:ab12ab12ab12ab12 by u1]');
    // A message the user ends in such a bracket is not the note's.
    expect(notesUncommitted(withContentNote('dashsync: hotfix [uncommitted 0123456789ab]', DIGEST, 'u1', { commit: SHA }))).toBe(false);
  });

  it('names only hex of 12 to 64 digits (SHA-256 too), lower-cased; anything else is left out', () => {
    expect(notedCommit(withContentNote('dashsync: x', DIGEST, 'u1', { commit: SHA256 }))).toBe(SHA256);
    expect(notedCommit(withContentNote('dashsync: x', DIGEST, 'u1', { commit: SHA.toUpperCase() }))).toBe(SHA);
    expect(notedCommit(withContentNote('dashsync: x', DIGEST, 'u1', { commit: SHA.slice(0, 12) }))).toBe(SHA.slice(0, 12));
    for (const bad of [SHA.slice(0, 11), 'not-a-sha', `${SHA} ]`, 'refs/pull/1/merge']) expect(withContentNote('dashsync: x', DIGEST, 'u1', { commit: bad })).toBe('dashsync: x [content sha256:ab12ab12ab12ab12 by u1]');
    // A subject that ends like a bracket, without a note after it, names nothing.
    expect(notedCommit(`dashsync: fix [commit ${SHA}]`)).toBeNull();
  });

  // review-14 MEDIUM-1: a message ending in a bracket of the note's shape supplied the commit where dashsync names none.
  it("never reads a `[commit …]` the user's message ends in as the note's: it is written `(commit …)`, old notes still read", () => {
    const spoof = `dashsync: release [commit ${SHA}]`;
    for (const noted of [withContentNote(spoof, DIGEST, 'u1', null), withListedSaverNote(spoof, DIGEST, 'CI deploy', null)]) {
      expect(noted.startsWith(`dashsync: release (commit ${SHA}) [content sha256:ab12ab12ab12ab12 `)).toBe(true);
      expect(notedCommit(noted)).toBeNull();
    }
    // With a commit of dashsync's own, that one is named, and the user's text is still neutralised.
    const other = 'fedcba9876543210fedcba9876543210fedcba98';
    expect(withContentNote(spoof, DIGEST, 'u1', { commit: other })).toBe(`dashsync: release (commit ${SHA}) [commit ${other}] [content sha256:ab12ab12ab12ab12 by u1]`);
    expect(notedCommit(withContentNote(spoof, DIGEST, 'u1', { commit: other }))).toBe(other);
    // A bracket inside the message, not at its end, is left as written; notes written before still read as they did.
    expect(withContentNote(`dashsync: [commit ${SHA}] release`, DIGEST, 'u1', null)).toBe(`dashsync: [commit ${SHA}] release [content sha256:ab12ab12ab12ab12 by u1]`);
    expect(notedCommit(`dashsync: release [commit ${SHA}] [content sha256:ab12ab12ab12ab12 by u1]`)).toBe(SHA);
  });

  it("stays within Grafana's 500 bytes with the longest commit and name: a long message (a user's template) is cut, the note kept whole", () => {
    const message = renderCommitMessage(`{actor} deployed {subject} ${'é'.repeat(300)}`, { sha: SHA, subject: 'Tune CPU', actor: 'ci-bot' });
    const byUid = withContentNote(message, DIGEST, 'u'.repeat(40), { commit: SHA256 });
    const asName = withListedSaverNote(message, DIGEST, 'n'.repeat(200), { commit: SHA256 });
    for (const noted of [byUid, asName]) {
      expect(Buffer.byteLength(noted)).toBeLessThanOrEqual(500);
      expect(noted.startsWith('dashsync: ci-bot deployed Tune CPU é')).toBe(true);
      expect(notedCommit(noted)).toBe(SHA256);
    }
    expect(notesPush(saved(byUid, `user:${'u'.repeat(40)}`), 3, DIGEST)).toBe(true);
    expect(noteNamesListedSaver(asName, 'n'.repeat(200))).toBe(true);
  });
});

describe("stepEarlierPushWalk: readEarlierPush's walk down a history, newest first, on either API", () => {
  const digest = (hex: string) => `sha256:${hex.repeat(64)}`;
  const short = (hex: string) => digest(hex).slice(0, 'sha256:'.length + 16);
  const byCi = (hex: string, commit: string | null = null) => withListedSaverNote('dashsync: deploy', digest(hex), 'ci', commit === null ? null : { commit });
  const sha = 'c'.repeat(40);

  it('ends on the newest note naming its saver, with its commit', () => {
    expect(walkEarlierPush([{ version: 3, message: 'edited in the UI', namesSaver: null }, { version: 2, message: byCi('a', sha), namesSaver: true }], 'name', { unconfirmed: true })).toMatchObject({ version: 2, content: short('a'), commit: sha });
  });

  it('ends on an unconfirmed note unless asked for the confirmed push below it: then that push comes with it', () => {
    const entries = [
      { version: 4, message: byCi('b', sha), namesSaver: null },
      { version: 3, message: byCi('c'), namesSaver: null },
      { version: 2, message: byCi('a', sha), namesSaver: true },
    ];
    const ends = walkEarlierPush(entries, 'name', { unconfirmed: true });
    expect(ends).toEqual({ version: 4, at: '', content: short('b'), pusher: { form: 'name', saver: 'ci' }, unconfirmed: 'saver-unnamed' });
    const below = walkEarlierPush(entries, 'name', { unconfirmed: true, confirmedBelow: true });
    // The newest unconfirmed one, never its commit; the confirmed one below it, with its commit.
    expect(below).toEqual({ ...ends, confirmedBelow: { version: 2, at: '', content: short('a'), pusher: { form: 'name', saver: 'ci' }, commit: sha } });
  });

  it('gives the newest unconfirmed note when no confirmed push lies below it', () => {
    expect(walkEarlierPush([{ version: 3, message: byCi('b'), namesSaver: null }, { version: 2, message: byCi('a'), namesSaver: null }], 'name', { unconfirmed: true, confirmedBelow: true })).toMatchObject({ version: 3, content: short('b'), unconfirmed: 'saver-unnamed' });
    expect(walkEarlierPush([{ version: 3, message: byCi('b'), namesSaver: null }], 'name', { unconfirmed: true, confirmedBelow: true })).not.toHaveProperty('confirmedBelow');
  });

  it('passes over an `as <name>` note naming another saver (a rename, or a copy), a `by <uid>` one naming another uid not even kept', () => {
    const renamed = { version: 3, message: byCi('b'), namesSaver: false };
    const pushed = { version: 2, message: byCi('a', sha), namesSaver: true };
    expect(walkEarlierPush([renamed, pushed], 'name', { unconfirmed: true })).toMatchObject({ version: 2, commit: sha });
    expect(walkEarlierPush([renamed], 'name', { unconfirmed: true })).toMatchObject({ version: 3, unconfirmed: 'other-saver' });
    expect(walkEarlierPush([renamed, pushed], 'name', { unconfirmed: true, confirmedBelow: true })).toMatchObject({ version: 3, unconfirmed: 'other-saver', confirmedBelow: { version: 2, commit: sha } });
    const copiedUid = { version: 3, message: withContentNote('dashsync: deploy', digest('b'), 'u-other'), namesSaver: false };
    // The other API's note is told apart (the pull's refusal says which it is): its saver this history cannot check.
    expect(walkEarlierPush([{ version: 3, message: byCi('b'), namesSaver: null }], 'uid', { unconfirmed: true, confirmedBelow: true })).toMatchObject({ version: 3, unconfirmed: 'other-api' });
    expect(walkEarlierPush([copiedUid], 'uid', { unconfirmed: true, confirmedBelow: true })).toBeNull();
    // Without `unconfirmed` (a caller wanting confirmed pushes only), a refuted note is no push at all.
    expect(walkEarlierPush([renamed], 'name')).toBeNull();
  });

  // pull-check-51: an unnamed saver is told apart by the API read, so the refusal gives an example that fits it (main gave
  // `/api`'s "a service account it lists as Anonymous" for an `/apis` history, which names no one so).
  it('tells an `/api` list naming no matchable saver from an `/apis` history recording none', () => {
    const byCiUid = { version: 3, message: withContentNote('dashsync: deploy', digest('b'), 'sa-uid'), namesSaver: null };
    expect(walkEarlierPush([byCiUid], 'uid', { unconfirmed: true })).toMatchObject({ version: 3, unconfirmed: 'k8s-saver-unnamed' });
    expect(walkEarlierPush([{ version: 3, message: byCi('b'), namesSaver: null }], 'name', { unconfirmed: true })).toMatchObject({ version: 3, unconfirmed: 'saver-unnamed' });
  });
});
