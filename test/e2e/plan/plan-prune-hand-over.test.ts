import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { emptyWorkspace } from '../apply/workspace.js';
import { GRAFANA_VERSIONS, dashsync, lines, writeJson } from './plan-fixture.js';

/**
 * review-5 #1: repository A hands its `ops/` folder (a `_folder.json` uid of its own) over to
 * repository B. A's history still shows `ops/_folder.json`, deleted: A's prune must not take B's
 * folder, once B's dashsync has pushed there from a commit A does not have.
 */
const board = (uid: string, title: string) => ({ uid, title, panels: [], schemaVersion: 39 });
const OPS = { uid: 'ops', title: 'Ops' };

describe.each(GRAFANA_VERSIONS)('a folder handed over to another repository, Grafana %s', (grafanaVersion) => {
  it("A's plan --prune leaves the folder B now pushes to, with one warning naming B's commit", async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const a = await emptyWorkspace();
    await writeJson(a, 'dashboards/ops/_folder.json', OPS);
    await writeJson(a, 'dashboards/ops/overview.json', board('ops-overview', 'Ops overview'));
    await writeJson(a, 'dashboards/keep/k.json', board('kept', 'Kept'));
    await commitAll(a, 'A');
    expect((await dashsync(handle, a, ['apply'])).stderr).toBe('');
    await git(a, 'rm', '-q', '-r', 'dashboards/ops');
    await commitAll(a, 'ops moves to B');

    const b = await emptyWorkspace();
    await writeJson(b, 'dashboards/ops/_folder.json', OPS);
    await writeJson(b, 'dashboards/ops/overview.json', board('ops-overview', 'Ops overview (B)'));
    await commitAll(b, 'B takes ops');
    const applied = await dashsync(handle, b, ['apply']);
    expect(applied.code).toBe(0);
    const shaB = (await git(b, 'rev-parse', 'HEAD')).trim().slice(0, 12);

    handle.clearRequests();
    const plan = await dashsync(handle, a, ['plan', '--prune', '--detailed-exitcode']);
    expect(plan.stderr).toBe('');
    expect(lines(plan.stdout).slice(2)).toEqual([
      'Warnings:',
      `  ! folder "Ops" (ops) not pruned: this tree's git history held it, but dashsync last pushed 1 of its dashboard(s) from commit ${shaB}, which this repository does not have: ` +
        'another repository deploys it now. List its uid under "externalFolders" in the config and this warning stops; if it is this tree\'s after all, delete it in Grafana',
      '',
      'Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.',
    ]);
    expect(plan.code).toBe(0);
    expect((await dashsync(handle, a, ['apply', '--prune'])).code).toBe(0);
    expect(handle.requests().filter((request) => request.method !== 'GET' && !request.path.includes('/search'))).toEqual([]);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/ops-overview')).status).toBe(200);
    expect((await apiRequest(handle, 'GET', '/api/folders/ops')).status).toBe(200);
  });
});

describe('a shallow clone', () => {
  it('plan --prune says once that pruning folders that left the tree needs the full history', async () => {
    const handle = await startTestSandbox({ grafanaVersion: GRAFANA_VERSIONS[0] });
    const origin = await emptyWorkspace();
    await writeJson(origin, 'dashboards/ops/overview.json', board('ops-overview', 'Ops overview'));
    await writeJson(origin, 'dashboards/keep/k.json', board('kept', 'Kept'));
    await commitAll(origin, 'first');
    expect((await dashsync(handle, origin, ['apply'])).code).toBe(0);
    await git(origin, 'rm', '-q', '-r', 'dashboards/ops');
    await commitAll(origin, 'ops leaves');
    const clone = await emptyWorkspace();
    await git(clone, 'clone', '-q', '--depth', '1', `file://${origin}`, 'repo');

    const plan = await dashsync(handle, `${clone}/repo`, ['plan', '--prune']);
    expect(plan.stderr).toBe('');
    expect(lines(plan.stdout).filter((line) => line.includes('shallow'))).toEqual([
      '  ! git history is shallow: prune of folders whose directories left the tree needs the full history (in the GitHub Action, actions/checkout with fetch-depth: 0); this plan may delete less than one made in a full clone',
    ]);
    expect(lines(plan.stdout).some((line) => line.startsWith('- '))).toBe(false);
  });
});
