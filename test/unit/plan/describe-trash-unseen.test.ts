import { describe, expect, it } from 'vitest';
import { describeTrashUnseen } from '../../../src/plan/describe-trash-unseen.js';
import { runSelectionOf } from '../../../src/report/next-command.js';
import { describeWarningsIn } from '../../../src/report/describe-warning.js';
import { action } from './builders.js';

describe('describeTrashUnseen', () => {
  it('names every uid in the restore command it advises, so the line works pasted (no <uid> for a shell to read as a redirection)', () => {
    const creates = ['cpu', 'mem', 'disk', 'net', 'io', 'gpu'].map((uid) => action({ uid, action: 'create' }));
    const held = new Set(creates.map((create) => create.file!));
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
