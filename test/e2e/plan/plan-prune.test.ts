import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { GRAFANA_VERSIONS, copyFixture, dashsync, lines, saveLive, seedLive, writeJson, planHeading } from './plan-fixture.js';

/**
 * The basic tree applied, plus live dashboards without a file: one in a managed folder
 * (infra), one at the General level, one in a folder dashsync does not manage, and a folder
 * dashsync created from a directory `old-team` that has since been removed (git's history holds it), with one dashboard.
 */
async function treeWithStrays(handle: SandboxHandle): Promise<{ dir: string; oldTeam: string }> {
  const dir = await copyFixture('basic');
  await seedLive(handle, dir);
  await writeJson(dir, 'dashboards/old-team/old-board.json', { uid: 'old-board', title: 'Old board', panels: [] });
  await commitAll(dir, 'with old-team');
  await git(dir, 'rm', '-q', '-r', 'dashboards/old-team');
  await commitAll(dir, 'old-team leaves');
  const oldTeam = deriveFolderUid('old-team');
  await apiRequest(handle, 'POST', '/api/folders', { uid: 'handmade', title: 'Handmade' });
  await apiRequest(handle, 'POST', '/api/folders', { uid: oldTeam, title: 'old-team' });
  await saveLive(handle, { uid: 'stray-infra', title: 'Stray in infra', panels: [] }, 'infra', 'ui');
  await saveLive(handle, { uid: 'stray-root', title: 'Stray at the root', panels: [] }, '', 'ui');
  await saveLive(handle, { uid: 'stray-handmade', title: 'Stray handmade', panels: [] }, 'handmade', 'ui');
  await saveLive(handle, { uid: 'old-board', title: 'Old board', panels: [] }, oldTeam, 'dashsync: abc old');
  return { dir, oldTeam };
}

/** The basic fixture plans through /api: on 12 and 13 that shows file provisioning alone (other tools' ownership is on /apis). */
const ownersSeen = (grafanaVersion: string) => (grafanaVersion === '11.2' ? '' : ' (api "legacy" sees file provisioning only)');
const pruneAllDeletes = (grafanaVersion: string) => (grafanaVersion === '11.2' ? 'those no other tool owns' : 'those dashsync saved last (api "legacy" does not see which tool manages the others)');

const deleteLine = (uid: string, title: string, where: string) =>
  `- delete        "${title}" (uid ${uid}, live version 1) in ${where}; no file in the tree (backed up before delete)`;

describe.each(GRAFANA_VERSIONS)('plan --prune against Grafana %s', (grafanaVersion) => {
  it('plans no delete without --prune', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir } = await treeWithStrays(handle);

    const result = await dashsync(handle, dir, ['plan', '--detailed-exitcode']);

    expect(result.stderr).toBe('');
    expect(lines(result.stdout).at(-1)).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 3 unchanged.');
    expect(result.code).toBe(0);
  });

  it('--prune (folders scope): deletes only inside managed folders, and the emptied folder whose directory left; the same from a run over part of the tree', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir, oldTeam } = await treeWithStrays(handle);
    handle.clearRequests();

    // The same deletes from a run over the whole tree and from one over infra/** only: api-latency (apps/) and
    // overview (root) are skipped there, yet their files still hold their uids. api-latency sits in a managed
    // folder, so without its file's uid it would be a delete (counted); overview is at the General level, outside "folders".
    const summaries = [
      [[], 'Plan: 0 to create, 0 to update, 0 to move, 2 to delete, 3 unchanged, 1 not pruned (at the General level; see the warning). Folders: 1 to delete.'],
      [
        ['--include', 'infra/**'],
        "Plan: 0 to create, 0 to update, 0 to move, 2 to delete, 1 unchanged, 1 not pruned (its file is outside this run's selection), 1 not pruned (at the General level; see the warning). Folders: 1 to delete.",
      ],
    ] as const;
    for (const [selection, summary] of summaries) {
      const result = await dashsync(handle, dir, ['plan', '--prune', ...selection, '--detailed-exitcode']);

      expect(result.stderr).toBe('');
      expect(lines(result.stdout)).toEqual([
        planHeading(handle.url),
        '',
        `- folder-delete folder "old-team" (uid ${oldTeam}); its directory left the tree and it will be empty`,
        deleteLine('old-board', 'Old board', '"old-team"'),
        deleteLine('stray-infra', 'Stray in infra', '"Infrastructure"'),
        '',
        'Warnings:',
        `  ! 1 not pruned (at the General level, which --prune folders never deletes; --prune all deletes ${pruneAllDeletes(grafanaVersion)}): stray-root "Stray at the root"`,
        '',
        // Removed by the planned commit: what the operator just did, a note.
        'Notes:',
        expect.stringMatching(new RegExp(`^  folder "old-team" \\(${oldTeam}\\) is pruned: the planned commit \\([0-9a-f]{12}\\) removed dashboards/old-team$`)),
        '',
        summary,
      ]);
      expect(result.code).toBe(2);
    }
    expect(handle.requests().filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('--prune all: every live dashboard without a file, whatever its folder', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir, oldTeam } = await treeWithStrays(handle);

    const result = await dashsync(handle, dir, ['plan', '--prune', 'all', '--format', 'json']);

    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(plan.prune).toBe('all');
    expect(plan.dashboards.filter((d: { action: string }) => d.action === 'delete').map((d: { uid: string; folderUid: string | null }) => [d.uid, d.folderUid])).toEqual([
      ['old-board', oldTeam],
      ['stray-handmade', 'handmade'],
      ['stray-infra', 'infra'],
      ['stray-root', null],
    ]);
    expect(plan.folders.filter((f: { action: string }) => f.action === 'folder-delete').map((f: { uid: string }) => f.uid)).toEqual([oldTeam]);
  });

  it('--prune never plans to delete a provisioned dashboard, and keeps its folder', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir, oldTeam } = await treeWithStrays(handle);
    await handle.provisionDashboard({ dashboard: { uid: 'from-disk', title: 'From disk', panels: [] }, folderUid: oldTeam });
    await handle.provisionDashboard({
      dashboard: { uid: 'editable-disk', title: 'Editable from disk', panels: [] },
      folderUid: oldTeam,
      allowUiUpdates: true,
      externalId: 'editable.json',
    });

    const result = await dashsync(handle, dir, ['plan', '--prune']);

    expect(result.stderr).toBe('');
    const out = lines(result.stdout);
    // One line for all of them, however many: a prune plan repeats it every run, so it is a note, not a warning (walk-62 L2).
    expect(out.filter((line) => line.includes('no file here'))).toEqual([
      `  2 dashboards other tools manage have no file here; prune leaves them${ownersSeen(grafanaVersion)}: file provisioning 2: editable-disk, from-disk`,
    ]);
    expect(out.indexOf('Notes:')).toBeGreaterThan(-1);
    expect(out.indexOf('Notes:')).toBeLessThan(out.findIndex((line) => line.includes('no file here')));
    expect(out.filter((line) => line.startsWith('- '))).toEqual([
      deleteLine('old-board', 'Old board', '"old-team"'),
      deleteLine('stray-infra', 'Stray in infra', '"Infrastructure"'),
    ]);
    expect(out.filter((line) => line.includes(' kept: '))).toEqual([
      `  ! folder "old-team" (${oldTeam}) kept: it holds 2 dashboards other tools manage (editable-disk, from-disk), and a folder delete would take them along. It goes once it holds none`,
    ]);
    expect(out.at(-1)).toBe('Plan: 0 to create, 0 to update, 0 to move, 2 to delete, 3 unchanged, 1 not pruned (at the General level; see the warning). Folders: 1 kept (not empty after the plan; see the warnings).');
  });

  it('--prune all on a run over part of the tree (--exclude) keeps the dashboards of the files it skips, and the json counts them', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir, oldTeam } = await treeWithStrays(handle);

    const all = await dashsync(handle, dir, ['plan', '--prune', 'all', '--exclude', 'apps', '--exclude', 'overview.json', '--format', 'json']);
    expect(all.code).toBe(0);
    const plan = JSON.parse(all.stdout);
    expect(plan.dashboards.map((d: { uid: string; action: string }) => `${d.action} ${d.uid}`)).toEqual([
      'noop node-cpu',
      'delete old-board',
      'delete stray-handmade',
      'delete stray-infra',
      'delete stray-root',
    ]);
    expect(plan.summary).toMatchObject({ delete: 4, unchanged: 1, outsideSelection: 2 });
    // The folder "apps" (its directory skipped) is not deleted, though nothing of it is planned.
    expect(plan.folders.filter((f: { action: string }) => f.action === 'folder-delete').map((f: { uid: string }) => f.uid)).toEqual([oldTeam]);
  });

  it('--prune on a run over part of the tree refuses a skipped file that names no uid, one line naming it, before any request', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir } = await treeWithStrays(handle);
    await writeFile(join(dir, 'dashboards/apps/wip.json'), '{\n  "title": "WIP",\n}\n');
    await writeFile(join(dir, 'dashboards/apps/new.json'), JSON.stringify({ title: 'New', panels: [] }));
    handle.clearRequests();

    const result = await dashsync(handle, dir, ['plan', '--prune', '--include', 'infra/**']);

    const why = (cause: string) =>
      `error: outside this run's selection (--include), yet prune needs the uid of every file of the tree, and this one names none (${cause}); fix it (dashsync check --include 'infra/**'), or run without prune (prune-needs-uid)`;
    expect(lines(result.stderr).filter((line) => line.startsWith('dashboards/'))).toEqual([
      `dashboards/apps/new.json:1:1: ${why('it has no "uid"')}`,
      `dashboards/apps/wip.json:2:17: ${why('trailing comma: JSON does not allow a comma before a closing brace or bracket')}`,
    ]);
    expect([result.code, result.stdout]).toEqual([1, '']);
    expect(handle.requests()).toEqual([]);

    // Without prune the skipped files are not read at all: the shard plans.
    const noPrune = await dashsync(handle, dir, ['plan', '--include', 'infra/**']);
    expect([noPrune.code, noPrune.stderr]).toEqual([0, '']);
  });
});

describe('a shard (--include/--exclude) that selects no file', () => {
  it('is an error naming the globs, before any request, not an empty plan that passes', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    handle.clearRequests();

    // A typo in a CI shard's glob: an empty plan and exit 0 would leave that shard unapplied for good.
    const typo = await dashsync(handle, dir, ['plan', '--api', 'legacy', '--include', 'infrastructure/**', '--include', 'ap']);
    expect(lines(typo.stderr)).toEqual([
      'error: --include infrastructure/** ap selects no dashboard or library panel file below dashboards ' +
        '(globs are relative to the root: "team-a" is the directory, "team-a/**/*.json" its files). Check the globs',
    ]);
    expect([typo.code, typo.stdout]).toEqual([1, '']);
    const everything = await dashsync(handle, dir, ['apply', '--exclude', '**']);
    expect(lines(everything.stderr)).toEqual([
      'error: --exclude ** leaves no dashboard or library panel file below dashboards ' +
        '(globs are relative to the root: "team-a" is the directory, "team-a/**/*.json" its files); nothing was applied. Check the globs',
    ]);
    expect(everything.code).toBe(1);
    expect(handle.requests()).toEqual([]);

    // One glob that matches is a shard like any other.
    const shard = await dashsync(handle, dir, ['plan', '--api', 'legacy', '--include', 'infra']);
    expect(shard.code, shard.stderr).toBe(0);
    expect(lines(shard.stdout).at(-1)).toBe('Plan: 1 to create, 0 to update, 0 to move, 0 to delete, 0 unchanged. Folders: 1 to create.');
  });
});
