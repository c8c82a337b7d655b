import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, createFolder, dashsync, makeWorkDir, saveDashboard, walkFiles } from '../../pull/pull-fixture.js';
import { GRAFANA_VERSIONS, lines } from './plan-fixture.js';

const treeFiles = async (work: string) => (await walkFiles(join(work, 'dashboards'))).map((file) => file.path);
const planLine = (output: string) => lines(output).find((line) => line.startsWith('Plan:'));

/**
 * walk-69 M1: everything made in the UI (folders with uids of their own), pulled and committed (a bootstrap), then a team
 * retires a subdirectory. Git holds what rule 5 accepts at the top level (its `_folder.json` naming the uid, dashboard files
 * directly in it), so below a managed parent it counts the same: before, the plan said "no changes", silently.
 */
describe.each(GRAFANA_VERSIONS)('a subdirectory of a bootstrap pull retired, Grafana %s', (grafanaVersion) => {
  it('plan --prune folders deletes its dashboards (backed up) and its folders, text, JSON and markdown agreeing; apply does it, and a refresh pull then writes nothing back', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    await createFolder(handle, { uid: 'team', title: 'Team' });
    await createFolder(handle, { uid: 'team-batch', title: 'Batch', parentUid: 'team' });
    await createFolder(handle, { uid: 'team-batch-eu', title: 'EU', parentUid: 'team-batch' });
    await saveDashboard(handle, { uid: 't1', title: 'T1', panels: [] }, 'team');
    await saveDashboard(handle, { uid: 'b1', title: 'B1', panels: [] }, 'team-batch');
    await saveDashboard(handle, { uid: 'b2', title: 'B2', panels: [] }, 'team-batch-eu');
    const work = await makeWorkDir();
    const pulled = await dashsync(handle, work, ['pull']);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(await treeFiles(work)).toEqual(['team/_folder.json', 'team/batch/_folder.json', 'team/batch/b1.json', 'team/batch/eu/_folder.json', 'team/batch/eu/b2.json', 'team/t1.json']);
    await commitAll(work, 'bootstrap');
    await rm(join(work, 'dashboards/team/batch'), { recursive: true });
    await commitAll(work, 'retire batch');

    const plan = await dashsync(handle, work, ['plan', '--prune', 'folders']);
    expect(plan.stderr).toBe('');
    expect(lines(plan.stdout).filter((line) => /^- (folder-)?delete/.test(line)).map((line) => line.replace(/ +/g, ' '))).toEqual([
      '- folder-delete folder "EU" (uid team-batch-eu); its directory left the tree and it will be empty',
      '- folder-delete folder "Batch" (uid team-batch); its directory left the tree and it will be empty',
      expect.stringMatching(/^- delete "B1" \(uid b1, live version 1\) in "Batch"; no file in the tree(; .*)? \(backed up before delete\)$/),
      expect.stringMatching(/^- delete "B2" \(uid b2, live version 1\) in "EU"; no file in the tree(; .*)? \(backed up before delete\)$/),
    ]);
    expect(plan.stdout).not.toContain('not pruned');
    expect(planLine(plan.stdout)).toBe('Plan: 0 to create, 0 to update, 0 to move, 2 to delete, 1 unchanged. Folders: 2 to delete.');
    const json = JSON.parse((await dashsync(handle, work, ['plan', '--prune', 'folders', '--format', 'json'])).stdout);
    expect(json.summary).toMatchObject({ delete: 2, unchanged: 1 });
    expect(json.summary.notThisTree).toBeUndefined();
    const markdown = (await dashsync(handle, work, ['plan', '--prune', 'folders', '--format', 'markdown'])).stdout;
    expect(markdown).toContain('2 to delete');

    const applied = await dashsync(handle, work, ['apply', '--prune', 'folders']);
    expect(applied.code, applied.stderr + applied.stdout).toBe(0);
    for (const uid of ['b1', 'b2']) expect((await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`)).status).toBe(404);
    for (const uid of ['team-batch', 'team-batch-eu']) expect((await apiRequest(handle, 'GET', `/api/folders/${uid}`)).status).toBe(404);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/t1')).status).toBe(200);

    const refresh = await dashsync(handle, work, ['pull', '--dry-run']);
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(lines(refresh.stdout)).toEqual(['Pull (dry run, nothing written): 0 to create, 0 to update, 0 to move, 1 unchanged, 0 to delete.']);
  });

  it('a subfolder made in the UI that git never held, below a pulled folder, is still not taken', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    await createFolder(handle, { uid: 'team', title: 'Team' });
    await saveDashboard(handle, { uid: 't1', title: 'T1', panels: [] }, 'team');
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull'])).code).toBe(0);
    await commitAll(work, 'bootstrap');
    await createFolder(handle, { uid: 'team-later', title: 'Later', parentUid: 'team' });
    await saveDashboard(handle, { uid: 'l1', title: 'L1', panels: [] }, 'team-later');

    const plan = await dashsync(handle, work, ['plan', '--prune', 'folders']);
    expect(plan.stderr).toBe('');
    expect(lines(plan.stdout).filter((line) => /^- (folder-)?delete/.test(line))).toEqual([]);
  });
});
