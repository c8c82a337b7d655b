import { describe, expect, it } from 'vitest';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { emptyWorkspace } from '../apply/workspace.js';
import { GRAFANA_VERSIONS, dashsync, lines, writeJson } from './plan-fixture.js';

/**
 * audit-ux-2 #27: two repositories deploy to one org. A derived folder uid depends only on the
 * path, so repository B derives the very uid of repository A's `applications/`: B's prune must not
 * take A's folders for its own. A's own prune still removes a directory A's history held.
 */
const APPS = deriveFolderUid('applications');
const CHECKOUT = deriveFolderUid('applications/checkout');
const PAYMENTS = deriveFolderUid('applications/payments');
const TEAM_A = deriveFolderUid('team-a');
const board = (uid: string, title: string) => ({ uid, title, panels: [], schemaVersion: 39 });

async function repositoryA(): Promise<string> {
  const dir = await emptyWorkspace();
  await writeJson(dir, 'dashboards/applications/checkout/api.json', board('checkout-api', 'Checkout API'));
  await writeJson(dir, 'dashboards/applications/checkout/logs.json', board('checkout-logs', 'Checkout Logs'));
  await writeJson(dir, 'dashboards/applications/payments/pay.json', board('pay', 'Card payments'));
  return dir;
}

async function repositoryB(): Promise<string> {
  const dir = await emptyWorkspace();
  await writeJson(dir, 'dashboards/team-a/api.json', board('team-api', 'Team API'));
  return dir;
}

const notThisTree = (why: string) =>
  `  ! 3 dashboards in folder "applications" (${APPS}), folder "checkout" (${CHECKOUT}), folder "payments" (${PAYMENTS}) not pruned, as those folders are not known to be this tree's. ` +
  `Their uids are derived from a directory's path, the same in every repository, ${why}: another repository may deploy them to this org. ` +
  `If they are another tree's, list their uids under "externalFolders" in dashsync.config.json (a folder's uid covers the folders below it) and this warning stops. ` +
  `If they are this tree's, delete them in Grafana, or run with --prune all (which prunes every dashboard without a file in the org that no other tool owns)`;
const IN_GIT = "but no directory of this tree holds them and this tree's git history never held one";
const NO_GIT = 'and there is no git history here to show that this tree ever had those directories';

describe.each(GRAFANA_VERSIONS)('two trees on one org, Grafana %s', (grafanaVersion) => {
  it("repository B's plan and apply --prune leave repository A's derived-uid folders and dashboards alone, with git and without", async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const a = await repositoryA();
    const appliedA = await dashsync(handle, a, ['apply']);
    expect(appliedA.stderr).toBe('');
    await commitAll(a, 'repository A');
    const b = await repositoryB();
    expect((await dashsync(handle, b, ['apply'])).code).toBe(0);

    for (const [committed, why] of [[false, NO_GIT], [true, IN_GIT]] as const) {
      if (committed) await commitAll(b, 'repository B');
      handle.clearRequests();
      const plan = await dashsync(handle, b, ['plan', '--prune', '--detailed-exitcode']);
      expect(plan.stderr).toBe('');
      expect(lines(plan.stdout).slice(2)).toEqual(['Warnings:', notThisTree(why), '', "Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged, 3 not pruned (not known to be this tree's; see the warning)."]);
      expect(plan.code).toBe(0);
      expect(JSON.parse((await dashsync(handle, b, ['plan', '--prune', '--format', 'json'])).stdout).summary.notThisTree).toBe(3);

      const applied = await dashsync(handle, b, ['apply', '--prune']);
      expect(applied.code).toBe(0);
      expect(lines(applied.stdout).at(-1)).toBe("Nothing to apply; 3 not pruned (not known to be this tree's; see the warning).");
      expect(handle.requests().filter((request) => request.method !== 'GET')).toEqual([]);
    }
    for (const uid of ['checkout-api', 'checkout-logs', 'pay']) expect((await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`)).status).toBe(200);
    for (const uid of [APPS, CHECKOUT, PAYMENTS]) expect((await apiRequest(handle, 'GET', `/api/folders/${uid}`)).status).toBe(200);
  });

  it("repository A's own prune still deletes a directory its git history held, and B's plan then names only what is left", async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const a = await repositoryA();
    const appliedA = await dashsync(handle, a, ['apply']);
    expect(appliedA.stderr).toBe('');
    await commitAll(a, 'repository A');
    await git(a, 'rm', '-q', '-r', 'dashboards/applications/checkout');
    await commitAll(a, 'checkout leaves');

    const plan = await dashsync(handle, a, ['plan', '--prune', '--detailed-exitcode']);
    expect(plan.stderr).toBe('');
    expect(lines(plan.stdout).slice(2)).toEqual([
      `- folder-delete folder "checkout" (uid ${CHECKOUT}); its directory left the tree and it will be empty`,
      '- delete        "Checkout API" (uid checkout-api, live version 1) in "checkout"; no file in the tree (backed up before delete)',
      '- delete        "Checkout Logs" (uid checkout-logs, live version 1) in "checkout"; no file in the tree (backed up before delete)',
      '',
      'Notes:',
      expect.stringMatching(new RegExp(`^  folder "checkout" \\(${CHECKOUT}\\) is pruned: the planned commit \\([0-9a-f]{12}\\) removed dashboards/applications/checkout$`)),
      '',
      'Plan: 0 to create, 0 to update, 0 to move, 2 to delete, 1 unchanged. Folders: 1 to delete.',
    ]);
    expect(plan.code).toBe(2);
    expect((await dashsync(handle, a, ['apply', '--prune'])).code).toBe(0);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/checkout-api')).status).toBe(404);
    expect((await apiRequest(handle, 'GET', `/api/folders/${CHECKOUT}`)).status).toBe(404);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/pay')).status).toBe(200);
  });

  it("repository B lists A's top folder under externalFolders once: its plans stop warning, and prune still leaves A's folders alone; listing a folder of its own tree is refused", async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const a = await repositoryA();
    expect((await dashsync(handle, a, ['apply'])).stderr).toBe('');
    await commitAll(a, 'repository A');
    const b = await repositoryB();
    await writeJson(b, 'dashsync.config.json', { externalFolders: [APPS] });
    expect((await dashsync(handle, b, ['apply'])).code).toBe(0);
    await commitAll(b, 'repository B');

    handle.clearRequests();
    const plan = await dashsync(handle, b, ['plan', '--prune', '--detailed-exitcode']);
    expect(plan.stderr).toBe('');
    expect(lines(plan.stdout).slice(2)).toEqual(['Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.']);
    expect(plan.code).toBe(0);
    const applied = await dashsync(handle, b, ['apply', '--prune']);
    expect(applied.code).toBe(0);
    expect(handle.requests().filter((request) => request.method !== 'GET')).toEqual([]);
    for (const uid of ['checkout-api', 'checkout-logs', 'pay']) expect((await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`)).status).toBe(200);

    await writeJson(b, 'dashsync.config.json', { externalFolders: [APPS, TEAM_A] });
    const refused = await dashsync(handle, b, ['plan', '--prune']);
    expect(refused.code).toBe(1);
    expect(lines(refused.stderr)).toEqual([
      `dashsync.config.json:4:5: error: "externalFolders" lists ${TEAM_A}, the folder of this tree's directory team-a: a folder is this tree's or another's. ` +
        `If another repository's directory at the same path deploys to it (a uid derived from the path is the same in every tree), give team-a a _folder.json with a uid of its own ` +
        `and keep ${TEAM_A} in "externalFolders"; else remove it from "externalFolders", or the directory from the tree (external-folder-in-tree)`,
      'error: 1 error in the dashboards tree; nothing was sent to Grafana. Fix the files above and run again.',
    ]);
  });
});

describe('an empty folder of a derived uid that this tree never had', () => {
  it('is left alone without a warning about "0 dashboards" (audit-ux-11 A14)', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const b = await repositoryB();
    await commitAll(b, 'repository B');
    expect((await dashsync(handle, b, ['apply'])).code).toBe(0);
    const shared = deriveFolderUid('shared');
    expect((await apiRequest(handle, 'POST', '/api/folders', { uid: shared, title: 'shared' })).status).toBe(200);

    const plan = await dashsync(handle, b, ['plan', '--prune', '--detailed-exitcode']);
    expect([plan.code, plan.stderr]).toEqual([0, '']);
    expect(lines(plan.stdout).slice(2)).toEqual(['Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.']);
    expect((await apiRequest(handle, 'GET', `/api/folders/${shared}`)).status).toBe(200);
  });
});
