import { access, rm, writeFile } from 'node:fs/promises';
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
      'the removal is not applied yet; prune is off ("prune" in dashsync.config.json), so no apply without --prune makes it: ' +
      'dashsync plan --prune folders --out plan.json shows its delete among every other that prune makes (review it), ' +
      `then dashsync apply plan.json makes it (backed up). To take it back into the tree instead: dashsync pull ${uid}`;
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

/**
 * rev-70c L1: a team starts over (`git rm -r` of the whole tree, committed) and pulls again. Every file is such a removal, so
 * none is written: the empty-tree note says so instead of promising every dashboard, and the summary names the one command
 * that takes them all back (`pull --force` would take more: files changed on both sides, dashboards another tool keeps).
 */
describe.each(['12', '13'] as const)('a pull after the whole tree was removed in a commit (Grafana %s)', (grafanaVersion) => {
  it('says it writes none of them back, with the command that takes them all back; prune folders deletes those in a folder, not at the General level', async () => {
    const { handle, dir } = await sandboxBootstrapped(grafanaVersion, async (made) => {
      await made('/api/folders', { uid: 'team', title: 'Team' });
      for (const uid of ['d1', 'd2']) await made('/api/dashboards/db', { dashboard: { uid, title: uid, panels: [] }, folderUid: 'team', overwrite: false });
      await made('/api/dashboards/db', { dashboard: { uid: 'g1', title: 'g1', panels: [] }, overwrite: false });
    });
    await git(dir, 'rm', '-q', '-r', 'dashboards');
    await commitAll(dir, 'start over');
    const sha = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);

    const pulled = await dashsync(handle, dir, ['pull']);
    expect([pulled.code, pulled.stderr]).toEqual([0, 'note: the tree is empty: pulling every dashboard (as with --all), but for 3 files not written (their skipped lines say why)\n']);
    expect(lines(pulled.stdout).at(-1)).toBe('Pull: 0 created, 0 updated, 0 moved, 0 unchanged, 0 deleted, 3 not written back (removed in git, not applied yet; dashsync pull d1 d2 g1 takes them all back).');
    expect(await git(dir, 'status', '--porcelain')).toBe('');

    // With prune "folders" in the config, the next apply deletes those in a folder; one at the General level it leaves alone.
    const config = join(dir, 'dashsync.config.json');
    await writeFile(config, JSON.stringify({ prune: 'folders' }));
    const pruned = await dashsync(handle, dir, ['pull', '--dry-run']);
    const removed = `not written back: commit ${sha} removed it, and Grafana holds it as the file was before that commit: the removal is not applied yet;`;
    expect(lines(pruned.stdout)).toContain(`skipped d1 "d1": dashboards/team/d1.json ${removed} the next apply prunes it (dashsync plan shows the delete). To take it back into the tree instead: dashsync pull d1`);
    expect(lines(pruned.stdout)).toContain(
      `skipped g1 "g1": dashboards/g1.json ${removed} prune "folders" leaves the General level alone ("prune" in dashsync.config.json), so no apply without --prune makes it: ` +
        'dashsync plan --prune all --out plan.json shows its delete among every other that prune makes (review it), then dashsync apply plan.json makes it (backed up). To take it back into the tree instead: dashsync pull g1',
    );
    // As the lines say: the plan deletes the two in Team, not the one at the General level.
    const planned = await dashsync(handle, dir, ['plan']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    expect(lines(planned.stdout)).toContain('Plan: 0 to create, 0 to update, 0 to move, 2 to delete, 0 unchanged, 1 not pruned (at the General level; see the warning). Folders: 1 to delete.');
    await rm(config);

    // The summary's command takes them all back, and the tree it leaves passes check.
    const back = await dashsync(handle, dir, ['pull', 'd1', 'd2', 'g1']);
    expect([back.code, back.stderr]).toEqual([0, '']);
    expect(lines(back.stdout).at(-1)).toBe('Pull: 3 created, 0 updated, 0 moved, 0 unchanged, 0 deleted.');
    for (const file of ['dashboards/team/d1.json', 'dashboards/team/d2.json', 'dashboards/g1.json']) expect(await exists(join(dir, file)), file).toBe(true);
    const checked = await dashsync(handle, dir, ['check']);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
  });
});
