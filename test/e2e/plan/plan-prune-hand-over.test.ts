import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { emptyWorkspace } from '../apply/workspace.js';
import { GRAFANA_VERSIONS, dashsync, lines, writeJson } from './plan-fixture.js';
import { shallowCloneOfPrunedFolder } from '../../helpers/shallow-clone-of-pruned-folder.js';

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
    // B takes over dashboards A pushed: an apply no one reviewed would hold them (review-64 M1), so B applies a reviewed plan.
    expect((await dashsync(handle, b, ['plan', '--out', 'takeover.json'])).code).toBe(0);
    const applied = await dashsync(handle, b, ['apply', 'takeover.json']);
    expect(applied.code, applied.stderr).toBe(0);
    const shaB = (await git(b, 'rev-parse', 'HEAD')).trim().slice(0, 12);

    handle.clearRequests();
    const plan = await dashsync(handle, a, ['plan', '--prune', '--detailed-exitcode']);
    expect(plan.stderr).toBe('');
    expect(lines(plan.stdout).slice(2)).toEqual([
      'Warnings:',
      `  ! folder "Ops" (ops) not pruned: this tree's git history held it, but dashsync last pushed 1 of its dashboards from commit ${shaB}, which this repository does not have: ` +
        'another repository deploys it now. List its uid under "externalFolders" in dashsync.config.json and this warning stops; if it is this tree\'s after all, delete it in Grafana',
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
  it('plan --prune counts and names what a full clone would prune, and says once that pruning needs the full history', async () => {
    const handle = await startTestSandbox({ grafanaVersion: GRAFANA_VERSIONS[0] });
    const plan = await dashsync(handle, await shallowCloneOfPrunedFolder(handle), ['plan', '--prune']);
    expect(plan.stderr).toBe('');
    // The dashboard a full clone would prune is counted and its folder named, with what to do.
    expect(lines(plan.stdout).filter((line) => line.includes('shallow'))).toEqual([
      '  ! 1 dashboard in folder "ops" (ds-ops-a92c36e6) not pruned, as that folder is not known to be this tree\'s. Its uid is derived from a directory\'s path, the same in every repository, but no directory of this tree holds it and this clone\'s git history is shallow (only its newest commits), too short to show whether this tree ever had that directory: another repository may deploy it to this org. ' +
        'Fetch the full history (git fetch --unshallow; in the GitHub Action, actions/checkout with fetch-depth: 0) and plan again: a full clone prunes what its history shows to be this tree\'s. If it is another tree\'s, list its uid under "externalFolders" in dashsync.config.json (a folder\'s uid covers the folders below it) and this warning stops. If it is this tree\'s, delete it in Grafana, or run with --prune all (which prunes every dashboard without a file in the org that no other tool owns)',
      '  ! git history is shallow (only its newest commits): a folder no directory of the tree holds, or one whose directory holds only subdirectories, is pruned only where git shows this tree held it, so this plan may delete less than one made in a full clone; fetch the full history (git fetch --unshallow; in the GitHub Action, actions/checkout with fetch-depth: 0)',
      'Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged, 1 not pruned (git history is shallow: fetch all of it to prune it; see the warning).',
    ]);
    expect(lines(plan.stdout).some((line) => line.startsWith('- '))).toBe(false);
  });
});

describe('a folder whose last push is older than a shallow clone', () => {
  it('is kept with a warning that the commit may be this repository\'s own and to fetch the full history, not blamed on another repository', async () => {
    const handle = await startTestSandbox({ grafanaVersion: GRAFANA_VERSIONS[0] });
    const origin = await emptyWorkspace();
    await writeJson(origin, 'dashboards/ops/_folder.json', OPS);
    await writeJson(origin, 'dashboards/ops/overview.json', board('ops-overview', 'Ops overview'));
    await writeJson(origin, 'dashboards/keep/k.json', board('kept', 'Kept'));
    await commitAll(origin, 'first');
    expect((await dashsync(handle, origin, ['apply'])).stderr).toBe('');
    const pushed = (await git(origin, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    await writeJson(origin, 'dashboards/keep/README.json', board('kept-2', 'Kept 2'));
    await commitAll(origin, 'second');
    await git(origin, 'rm', '-q', '-r', 'dashboards/ops');
    await commitAll(origin, 'ops leaves');
    const clone = await emptyWorkspace();
    // Two commits: the removal shows in the history read, the commit dashsync pushed from does not.
    await git(clone, 'clone', '-q', '--depth', '2', `file://${origin}`, 'repo');

    const plan = await dashsync(handle, `${clone}/repo`, ['plan', '--prune']);
    expect(plan.stderr).toBe('');
    const warnings = lines(plan.stdout).filter((line) => line.includes('(ops)'));
    expect(warnings).toEqual([
      `  ! folder "Ops" (ops) not pruned: this tree's git history held it, but dashsync last pushed 1 of its dashboards from commit ${pushed}, which this shallow clone does not have: ` +
        "it may be this repository's own, older than the commits fetched, or another repository's. Fetch the full history (git fetch --unshallow; in the GitHub Action, actions/checkout with fetch-depth: 0) and plan again: a full clone tells which",
    ]);
    expect(plan.stdout).not.toContain('another repository deploys it now');
  });
});
