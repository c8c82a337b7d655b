import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import { appliedExample } from '../../helpers/applied-example.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { createStrayLibraryPanel, libraryWorkspace } from '../../integration/library-panels/library-tree.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { getDashboard, workspaceAt, writes } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

// Merge order (audit-ux-9 F1): pull request C's saved plan deletes what had no file then; pull request D adopts it
// (dashsync pull), is merged and applied first. C's plan, applied where the tree now holds that file, must not delete it:
// on Grafana 12 the delete is for good and the next plan would create it again as a new dashboard, its history gone.

const ADOPTED = 'dashboards/platform/databases/made-in-the-ui.json';

/** The example tree applied to Grafana 12, and a dashboard made in the UI in its managed folder `databases`. */
async function withUiDashboard() {
  const { sandbox, workspace } = await appliedExample({ grafanaVersion: '12' });
  const made = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'ui-made', title: 'Made in the UI', panels: [] }, folderUid: deriveFolderUid('platform/databases') });
  expect(made.status).toBe(200);
  return { sandbox, workspace };
}

describe('a saved plan that deletes what the tree holds now (Grafana 12)', () => {
  it('a dashboard another pull request adopted with pull: the whole plan is refused, naming the uid and the file', async () => {
    const { sandbox, workspace } = await withUiDashboard();
    const planned = await workspace.cli(['plan', '--prune', 'folders', '--out', 'planC.json']);
    expect(planned.stdout).toContain('(uid ui-made');
    expect(planned.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 1 to delete');
    const pulled = await workspace.cli(['pull', 'ui-made']);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(existsSync(join(workspace.dir, ADOPTED))).toBe(true);
    sandbox.clearRequests();

    const applied = await workspace.cli(['apply', 'planC.json']);

    expect(applied.code).toBe(1);
    expect(applied.stderr).toBe(`error: the plan deletes dashboard ui-made, but ${ADOPTED} holds it now (added since the plan was made); nothing was applied. Run dashsync plan --prune --out planC.json again and review it, then dashsync apply planC.json\n`);
    expect(writes(sandbox)).toEqual([]);
    expect((await getDashboard(sandbox, 'ui-made')).status).toBe(200);
    // Planned again from this tree, nothing is deleted.
    expect((await workspace.cli(['plan', '--prune', 'folders'])).stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 0 to delete');
  });

  // review-53 F7: plan keeps from prune what a file behind a link of the tree names; apply's re-check must see it too.
  it('a dashboard whose file a directory link added since the plan holds: refused, naming the file through the link', async () => {
    const { sandbox, workspace } = await withUiDashboard();
    const planned = await workspace.cli(['plan', '--prune', 'folders', '--out', 'planC.json']);
    expect(planned.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 1 to delete');
    const shared = await mkdtemp(join(tmpdir(), 'dashsync-adopted-linked-'));
    onTestFinished(() => rm(shared, { recursive: true, force: true }));
    await writeFile(join(shared, 'made.json'), JSON.stringify({ uid: 'ui-made', title: 'Made in the UI', panels: [] }));
    await symlink(shared, join(workspace.dir, 'dashboards/platform/shared'));
    sandbox.clearRequests();

    const applied = await workspace.cli(['apply', 'planC.json']);

    expect(applied.code).toBe(1);
    expect(applied.stderr).toBe('error: the plan deletes dashboard ui-made, but dashboards/platform/shared/made.json holds it now (added since the plan was made); nothing was applied. Run dashsync plan --prune --out planC.json again and review it, then dashsync apply planC.json\n');
    expect(writes(sandbox)).toEqual([]);
    expect((await getDashboard(sandbox, 'ui-made')).status).toBe(200);
    expect((await workspace.cli(['plan', '--prune', 'folders'])).stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 0 to delete');
  });

  it('a file behind a link added since the plan that names no uid: whether it holds the deleted one cannot be told, so nothing is applied', async () => {
    const { sandbox, workspace } = await withUiDashboard();
    expect((await workspace.cli(['plan', '--prune', 'folders', '--out', 'planC.json'])).code).toBe(0);
    const shared = await mkdtemp(join(tmpdir(), 'dashsync-adopted-linked-'));
    onTestFinished(() => rm(shared, { recursive: true, force: true }));
    await writeFile(join(shared, 'made.json'), JSON.stringify({ title: 'Made in the UI', panels: [] }));
    await symlink(shared, join(workspace.dir, 'dashboards/platform/shared'));
    sandbox.clearRequests();

    const applied = await workspace.cli(['apply', 'planC.json']);

    expect([applied.code, applied.stderr]).toEqual([
      1,
      // The file's problem first, where check puts it; then what it means for the plan's delete (stop 53: it was nested in parentheses).
      'error: dashboards/platform/shared/made.json:1:1: behind the directory link dashboards/platform/shared, yet prune needs the uid of every file of the tree, and this one names none (it has no "uid"); fix it, or remove the link. ' +
        'Whether this file holds dashboard ui-made, which the plan deletes, cannot be told; ' +
        'nothing was applied. Fix the file (dashsync check), then run dashsync plan --prune --out planC.json again, then dashsync apply planC.json\n',
    ]);
    expect(writes(sandbox)).toEqual([]);
  });

  it('a library panel adopted the same way is refused too; with a second delete no file holds, only the held one is named', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await libraryWorkspace(sandbox);
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await createStrayLibraryPanel(sandbox, 'lp-adopted', 'team-a');
    await createStrayLibraryPanel(sandbox, 'lp-stray', 'team-b');
    const planned = await workspace.cli(['plan', '--prune', '--out', 'plan.json']);
    expect(planned.stdout).toContain('Library panels: 2 to delete.');
    const pulled = await workspace.cli(['pull', 'lp-adopted']);
    expect(pulled.code, pulled.stderr).toBe(0);
    sandbox.clearRequests();

    const applied = await workspace.cli(['apply', 'plan.json']);

    expect(applied.code).toBe(1);
    expect(applied.stderr).toMatch(/^error: the plan deletes library panel lp-adopted, but dashboards\/team-a\/_library\/[^ ]+\.json holds it now \(added since the plan was made\); nothing was applied\. Run dashsync plan --prune --out plan\.json again and review it, then dashsync apply plan\.json\n$/);
    expect(writes(sandbox)).toEqual([]);
    for (const uid of ['lp-adopted', 'lp-stray']) expect((await apiRequest(sandbox, 'GET', `/api/library-elements/${uid}`)).status).toBe(200);
  });

  it('a folder whose directory the tree holds again, and a dashboard: both named, nothing applied', async () => {
    const { sandbox, workspace } = await withUiDashboard();
    await commitAll(workspace.dir, 'base');
    // Pull request C removes the kubernetes directory (its dashboards and its folder) and prunes the UI-made dashboard.
    await git(workspace.dir, 'rm', '-q', '-r', 'dashboards/platform/kubernetes');
    await commitAll(workspace.dir, 'C: drop kubernetes');
    const planned = await workspace.cli(['plan', '--prune', 'folders', '--out', '../planC.json']);
    expect(planned.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 3 to delete');
    expect(planned.stdout).toContain('Folders: 1 to delete.');
    // Main, after pull request D (which adopted ui-made and kept kubernetes, with one dashboard of it) and then C merged.
    await git(workspace.dir, 'checkout', '-q', 'HEAD~1', '--', 'dashboards/platform/kubernetes/node-resources.json');
    expect((await workspace.cli(['pull', 'ui-made'])).code).toBe(0);
    sandbox.clearRequests();

    const applied = await workspace.cli(['apply', '../planC.json']);

    expect(applied.code).toBe(1);
    expect(applied.stderr).toBe(
      `error: the plan deletes 3 that the tree holds now (dashboard k8s-node-resources: dashboards/platform/kubernetes/node-resources.json, dashboard ui-made: ${ADOPTED}, ` +
        `folder ${deriveFolderUid('platform/kubernetes')}: dashboards/platform/kubernetes/); nothing was applied. Run dashsync plan --prune --out ../planC.json again and review it, then dashsync apply ../planC.json\n`,
    );
    expect(writes(sandbox)).toEqual([]);
  });

  it('applied where its tree is not, a plan that deletes is refused: no file can be shown not to hold it', async () => {
    const { sandbox, workspace } = await withUiDashboard();
    expect((await workspace.cli(['plan', '--prune', 'folders', '--out', 'planC.json'])).code).toBe(0);
    const elsewhere = await mkdtemp(join(tmpdir(), 'dashsync-apply-'));
    onTestFinished(() => rm(elsewhere, { recursive: true, force: true }));
    for (const file of ['planC.json', 'dashsync.config.json']) await cp(join(workspace.dir, file), join(elsewhere, file));
    sandbox.clearRequests();

    const applied = await workspaceAt(elsewhere, sandbox).cli(['apply', 'planC.json']);

    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('error: the plan deletes dashboard ui-made, and its tree dashboards is not here to show that no file holds it now; nothing was applied.');
    expect(writes(sandbox)).toEqual([]);
  });
});
