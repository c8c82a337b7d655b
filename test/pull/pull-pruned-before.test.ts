import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, commitAndApplyTwo, dashsync, git, saveDashboard } from './pull-fixture.js';

const exists = (path: string) => access(path).then(() => true, () => false);

// fix-60b (walk-60 M3): after Grafana's database was restored, pull wrote back the file of a dashboard the team had removed
// and dashsync had pruned (`created … (at its old path: commit … removed its file there)`), though dashsync's own backup of
// that prune is the evidence that it went on purpose.
describe('pull: a dashboard dashsync pruned after its file was removed, back in Grafana', () => {
  it('is not written back; the line names the commit, the backup and the command that takes it; naming its uid takes it', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const { dir } = await commitAndApplyTwo(sandbox);
    await git(dir, 'rm', '-q', 'dashboards/calm.json');
    await commitAll(dir, 'calm goes');
    const sha = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    const pruned = await dashsync(sandbox, dir, ['apply', '--prune', 'all', '--auto-approve']);
    expect([pruned.code, pruned.stderr]).toEqual([0, '']);
    // The database restore brings it back.
    await saveDashboard(sandbox, { uid: 'calm', title: 'Calm', panels: [] });

    const pulled = await dashsync(sandbox, dir, ['pull', '--all']);
    expect([pulled.code, pulled.stderr]).toEqual([0, '']);
    expect(pulled.stdout).toMatch(
      new RegExp(
        `^skipped calm "Calm": dashboards/calm\\.json not written back: commit ${sha} removed it, and dashsync pruned its dashboard after that, at \\S+Z ` +
          '\\(backup \\.dashsync/backups/calm/\\S+\\.json\\); Grafana holds it again \\(a database restore\\?\\)\\. To take it back into the tree anyway: dashsync pull calm\\n' +
          'Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted, 1 not written back \\(dashsync pruned it\\)\\.\\n$',
      ),
    );
    expect(await exists(join(dir, 'dashboards/calm.json'))).toBe(false);

    const taken = await dashsync(sandbox, dir, ['pull', 'calm']);
    expect([taken.code, taken.stderr, taken.stdout]).toEqual([0, '', `created  dashboards/calm.json (at its old path: commit ${sha} removed its file there)\nPull: 1 created, 0 updated, 0 moved, 0 unchanged, 0 deleted.\n`]);
  });
});
