import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitAll, dashsync, editInUi, git, lines, sandboxBootstrapped } from './pull-fixture.js';

const exists = (path: string) => access(path).then(() => true, () => false);

/**
 * prune-69 (walk-69): a team retires a directory of its bootstrap pull (`git rm -r`, committed) and a dashboard beside it; until
 * an apply prunes them, a refresh pull offered to write their files back, undoing in the tree what git removed on purpose.
 * Grafana still holds each as its file was before that commit: the removal is a change not applied yet, and pull says so.
 */
describe.each(['12', '13'] as const)('a refresh pull after a committed removal not applied yet (Grafana %s)', (grafanaVersion) => {
  it('does not write the files back, says what deletes them and what takes them back; an edit made in Grafana since is written back', async () => {
    const { handle, dir } = await sandboxBootstrapped(grafanaVersion, async (made) => {
      await made('/api/folders', { uid: 'team', title: 'Team' });
      await made('/api/folders', { uid: 'batch-ui', title: 'Batch', parentUid: 'team' });
      for (const [uid, folderUid] of [['keep', 'team'], ['old', 'team'], ['nightly', 'batch-ui']] as const) {
        await made('/api/dashboards/db', { dashboard: { uid, title: uid, panels: [] }, folderUid, overwrite: false });
      }
    });
    await git(dir, 'rm', '-q', '-r', 'dashboards/team/batch', 'dashboards/team/old.json');
    await commitAll(dir, 'retire batch and old');
    const sha = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);

    const dry = await dashsync(handle, dir, ['pull', '--dry-run']);
    expect([dry.code, dry.stderr]).toEqual([0, '']);
    const held = (uid: string, file: string) =>
      `skipped ${uid} "${uid}": ${file} not written back: commit ${sha} removed it, and Grafana holds it as the file was before that commit: ` +
      'the removal is not applied yet; prune is off ("prune" in dashsync.config.json), so no apply without --prune makes it, and each pull says so again: ' +
      `dashsync plan --prune folders shows its delete, dashsync apply --prune folders makes it (backed up). To take it back into the tree instead: dashsync pull ${uid}`;
    expect(lines(dry.stdout)).toEqual([
      held('nightly', 'dashboards/team/batch/nightly.json'),
      held('old', 'dashboards/team/old.json'),
      // More than one: the command that takes them all back (the narrowest: --force takes more).
      'Pull (dry run, nothing written): 0 to create, 0 to update, 0 to move, 1 unchanged, 0 to delete, 2 not written back (removed in git, not applied yet; dashsync pull nightly old takes them all back).',
    ]);
    // What the line says deletes them does.
    const planned = await dashsync(handle, dir, ['plan', '--prune', 'folders']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    expect(lines(planned.stdout)).toContain('Plan: 0 to create, 0 to update, 0 to move, 2 to delete, 1 unchanged. Folders: 1 to delete.');
    // A pull run for real writes nothing back either.
    const pulled = await dashsync(handle, dir, ['pull']);
    expect([pulled.code, pulled.stderr]).toEqual([0, '']);
    expect(await exists(join(dir, 'dashboards/team/old.json'))).toBe(false);
    expect(await git(dir, 'status', '--porcelain')).toBe('');

    // Someone reworks one in Grafana since: that is work the tree does not hold, and pull writes it back, as before.
    await editInUi(handle, 'nightly', 'reworked after the removal');
    const after = await dashsync(handle, dir, ['pull', '--dry-run']);
    expect(lines(after.stdout)).toEqual([
      'would write   dashboards/team/batch/_folder.json',
      `would create  dashboards/team/batch/nightly.json (at its old path: commit ${sha} removed its file there)`,
      held('old', 'dashboards/team/old.json'),
      'Pull (dry run, nothing written): 1 to create, 0 to update, 0 to move, 1 unchanged, 0 to delete, 1 not written back (removed in git, not applied yet).',
    ]);
    // A pull naming it takes it back, as the line says.
    const named = await dashsync(handle, dir, ['pull', '--dry-run', 'old']);
    expect(lines(named.stdout)).toEqual([
      `would create  dashboards/team/old.json (at its old path: commit ${sha} removed its file there)`,
      'Pull (dry run, nothing written): 1 to create, 0 to update, 0 to move, 0 unchanged, 0 to delete.',
    ]);
  });
});
