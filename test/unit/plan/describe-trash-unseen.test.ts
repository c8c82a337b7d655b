import { describe, expect, it } from 'vitest';
import { describeTrashUnseen } from '../../../src/plan/describe-trash-unseen.js';
import { runSelectionOf } from '../../../src/report/next-command.js';
import { describeWarningsIn } from '../../../src/report/describe-warning.js';
import { action } from './builders.js';

describe('describeTrashUnseen', () => {
  it('names every uid in the restore command it advises, so the line works pasted (no <uid> for a shell to read as a redirection)', () => {
    const creates = ['cpu', 'mem', 'disk', 'net', 'io', 'gpu'].map((uid) => action({ uid, action: 'create' }));
    const held = { held: new Set(creates.map((create) => create.file!)), deleted: new Set<string>(), notShown: null };
    const [note] = describeTrashUnseen(creates, held, runSelectionOf({ environment: 'prod' })) as { message: string; actionMessage: string }[];
    expect(note!.message).toContain('and 1 more are planned as creates');
    expect(note!.message).toContain('dashsync restore --env prod cpu mem disk net io gpu with an org Admin');
    expect(note!.message).not.toContain('<uid>');
    // The Action's words too: pasted without --env, a config with environments refuses it (walk-70 M3).
    expect(note!.actionMessage).toContain('dashsync restore --env prod cpu mem disk net io gpu with an org Admin');
  });
});

describe('the recently deleted line', () => {
  it("quotes the deleter Grafana names, as the apply's conflict does: where the name ends is plain (a login may hold quotes or a semicolon)", () => {
    const describe = describeWarningsIn(runSelectionOf({}));
    const line = describe({ kind: 'in-recently-deleted', uid: 'cpu', title: 'CPU', file: 'dashboards/cpu.json', deletedAt: '2026-12-06T10:00:00Z', deletedBy: 'eve "ops"; x', byUser: true });
    expect(line).toContain('deleted in Grafana at 2026-12-06T10:00:00Z by "eve \\"ops\\"; x"; it is in "Recently deleted"');
  });
});

describe('describeTrashUnseen where git cannot show what the tree held', () => {
  const creates = ['cpu', 'disk'].map((uid) => action({ uid, action: 'create' }));

  it('a shallow clone: every create is named and held (unread), the note saying to fetch the history in each shell\'s words', () => {
    const notes = describeTrashUnseen(creates, { held: new Set(creates.map((create) => create.file!)), deleted: new Set(creates.map((create) => create.file!)), notShown: { why: 'shallow' } }, runSelectionOf({}), { unread: 'HTTP 500' });
    expect(notes).toEqual([expect.objectContaining({ uids: ['cpu', 'disk'], trashUnread: 'HTTP 500' })]);
    const [note] = notes as { message: string; actionMessage: string }[];
    expect(note!.message).toContain('but git cannot show whether the tree held their files before this commit (the checkout is shallow, its older commits are not there; to let git tell, fetch the full history (git fetch --unshallow;');
    expect(note!.message).not.toContain('did not hold');
    expect(note!.actionMessage).toContain("to let git tell, set fetch-depth: 0 on this job's actions/checkout step and push that change)");
  });

  it('git refusing the repository: the note names the refusal, not "the tree held"', () => {
    const error = 'git refused the repository: dubious ownership, it belongs to another user (git config --global --add safe.directory /w)';
    const [note] = describeTrashUnseen(creates, { held: new Set(creates.map((create) => create.file!)), deleted: new Set(creates.map((create) => create.file!)), notShown: { why: 'git', error } }, runSelectionOf({}), { unread: 'HTTP 500' }) as { message: string }[];
    expect(note!.message).toContain(`but git cannot show whether the tree held their files before this commit (${error}): they may have been deleted`);
  });
});

describe('describeTrashUnseen past the deleted files dashsync reads (rev-70c L6)', () => {
  const creates = ['cpu', 'disk'].map((uid) => action({ uid, action: 'create' }));
  const held = { held: new Set(creates.map((create) => create.file!)), deleted: new Set(creates.map((create) => create.file!)), notShown: { why: 'too-many' as const, deleted: 20_001, read: 20_000 } };

  it('names the plan that tells which wait there: once the list can be read, or an org Admin\'s where it hides entries, in each shell\'s words', () => {
    const [unread] = describeTrashUnseen(creates, held, runSelectionOf({ environment: 'prod' }), { unread: 'HTTP 500' }) as { message: string; actionMessage: string }[];
    const why = "git's history deleted 20,001 distinct dashboard files under the tree, more than the 20,000 dashsync reads; ";
    expect(unread!.message).toContain(`but git cannot show whether the tree held their files before this commit (${why}once "Recently deleted" can be listed, dashsync plan --env prod names only the creates waiting there): they may have been deleted`);
    expect(unread!.actionMessage).toContain(`(${why}once "Recently deleted" can be listed, a plan names only the creates waiting there)`);
    const [hidden] = describeTrashUnseen(creates, held, runSelectionOf({}), 'own') as { message: string }[];
    expect(hidden!.message).toContain(`(${why}dashsync plan with an org Admin's credentials (shown every entry of "Recently deleted") names only the creates waiting there)`);
  });
});
