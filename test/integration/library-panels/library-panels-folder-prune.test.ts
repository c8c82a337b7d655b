import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest, requestHeld, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { dashboard, LIBRARY_TREE, libraryWorkspace, ref } from './library-tree.js';

/** The folder of `dashboards/team-a/disks` (a derived uid: dashsync made it, so prune "folders" reaches it once the directory is gone). */
const DISKS = deriveFolderUid('team-a/disks');

/** LIBRARY_TREE plus a folder below Team A whose one dashboard is the only user of its one library panel. */
const TREE = {
  ...LIBRARY_TREE,
  'dashsync.config.json': { root: 'dashboards', prune: 'folders' },
  'dashboards/team-a/disks/_library/disk.json': { uid: 'lp-disk', name: 'Disk', kind: 1, model: { type: 'stat', title: 'Disk' } },
  'dashboards/team-a/disks/c1.json': dashboard('c1', 'C one', [ref(1, 'lp-disk', 'Disk')]),
};

async function createLibraryPanel(sandbox: SandboxHandle, uid: string, name: string, folderUid: string): Promise<void> {
  const created = await apiRequest(sandbox, 'POST', '/api/library-elements', { uid, name, kind: 1, folderUid, model: { type: 'stat', title: name } });
  expect(created.status, created.text).toBe(200);
}

describe.each(['12', '13'] as const)('prune "folders" through /apis on Grafana %s: a folder that holds library panels', (grafanaVersion) => {
  it('deletes the folder\'s pruned library panel before the folder, so Grafana\'s refusal is never met', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const ws = await libraryWorkspace(sandbox, TREE);
    expect((await ws.cli(['apply', '--api', 'k8s'])).code).toBe(0);
    await commitAll(ws.dir, 'the tree');
    await rm(join(ws.dir, 'dashboards/team-a/disks'), { recursive: true });

    const applied = await ws.cli(['apply', '--api', 'k8s']);
    expect(applied.code, applied.stderr).toBe(0);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-disk')).status).toBe(404);
    expect((await apiRequest(sandbox, 'GET', `/api/folders/${DISKS}`)).status).toBe(404);
  });

  it('a library panel made in the folder after the plan keeps it, and the line names the panel', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const ws = await libraryWorkspace(sandbox, TREE);
    expect((await ws.cli(['apply', '--api', 'k8s'])).code).toBe(0);
    await commitAll(ws.dir, 'the tree');
    await rm(join(ws.dir, 'dashboards/team-a/disks'), { recursive: true });
    expect((await ws.cli(['plan', '--api', 'k8s', '--out', 'plan.json'])).code).toBe(0);
    await createLibraryPanel(sandbox, 'lp-late', 'Late <b>', DISKS);

    const applied = await ws.cli(['apply', 'plan.json', '--api', 'k8s']);
    const out = `${applied.stdout}${applied.stderr}`;
    expect(applied.code, out).toBe(0);
    expect(out).toContain(`skipped: ${DISKS}: folder "disks" kept: not empty (1 library panel); it holds library panel lp-late "Late <b>", which this plan does not delete: give it a file in the tree, or move or delete it in Grafana, then run dashsync apply --api k8s\n`);
    expect((await apiRequest(sandbox, 'GET', `/api/folders/${DISKS}`)).status).toBe(200);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-late')).status).toBe(200);
  });

  it('a folder kept for a library panel another dashboard still uses is a plan line naming the panel, and counted as kept', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const ws = await libraryWorkspace(sandbox, TREE);
    expect((await ws.cli(['apply', '--api', 'k8s'])).code).toBe(0);
    await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'elsewhere', title: 'Elsewhere' });
    const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: dashboard('outside', 'Outside', [ref(1, 'lp-disk', 'Disk')]), folderUid: 'elsewhere' });
    expect(saved.status).toBe(200);
    await commitAll(ws.dir, 'the tree');
    await rm(join(ws.dir, 'dashboards/team-a/disks'), { recursive: true });

    const planned = await ws.cli(['plan', '--api', 'k8s']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toContain('Folders: 1 kept (not empty after the plan; see the warnings).');
    expect(planned.stdout).toContain(
      `folder ${DISKS} "disks" has no directory in the tree but is kept: it holds library panel lp-disk "Disk" (dashboards still use it); a folder delete would take them along. It goes once it holds none`,
    );
    expect(planned.stdout).toContain('library panel lp-disk "Disk" has no file but is used by 1 dashboard: outside "Outside"');
    const json = JSON.parse((await ws.cli(['plan', '--api', 'k8s', '--format', 'json'])).stdout);
    expect(json.summary).toMatchObject({ folderDelete: 0, folderKept: 1, libraryPanelDelete: 0 });

    expect((await ws.cli(['apply', '--api', 'k8s'])).code).toBe(0);
    expect((await apiRequest(sandbox, 'GET', `/api/folders/${DISKS}`)).status).toBe(200);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-disk')).status).toBe(200);
  });

  it('without the counts subresource, the library panels the folder holds still count: the folder is kept, no DELETE is sent', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const ws = await libraryWorkspace(sandbox, TREE);
    expect((await ws.cli(['apply', '--api', 'k8s'])).code).toBe(0);
    await commitAll(ws.dir, 'the tree');
    await rm(join(ws.dir, 'dashboards/team-a/disks'), { recursive: true });
    expect((await ws.cli(['plan', '--api', 'k8s', '--out', 'plan.json'])).code).toBe(0);
    await createLibraryPanel(sandbox, 'lp-late', 'Late', DISKS);
    // A Grafana (or a proxy) that does not serve …/folders/<uid>/counts: the lists are counted instead.
    sandbox.setFaults({ methods: ['GET'], pathPrefix: `/apis/folder.grafana.app/${grafanaVersion === '12' ? 'v1beta1' : 'v1'}/namespaces/default/folders/${DISKS}/counts`, script: [{ kind: 'status', status: 404 }] });
    sandbox.clearRequests();

    const applied = await ws.cli(['apply', 'plan.json', '--api', 'k8s']);
    const out = `${applied.stdout}${applied.stderr}`;
    expect(applied.code, out).toBe(0);
    expect(sandbox.requests().some((entry) => entry.fault === 'status')).toBe(true);
    expect(out).toContain(`skipped: ${DISKS}: folder "disks" kept: not empty (1 library panel); it holds library panel lp-late "Late"`);
    expect(sandbox.requests().filter((entry) => entry.method === 'DELETE' && entry.path.includes('/folders/'))).toEqual([]);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-late')).status).toBe(200);
  });

  it('Grafana\'s refusal (a library panel made between the counts and the DELETE) is reported as the folder kept, naming the panel', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const ws = await libraryWorkspace(sandbox, TREE);
    expect((await ws.cli(['apply', '--api', 'k8s'])).code).toBe(0);
    await commitAll(ws.dir, 'the tree');
    await rm(join(ws.dir, 'dashboards/team-a/disks'), { recursive: true });
    sandbox.setFaults({ methods: ['DELETE'], pathPrefix: '/apis/folder.grafana.app', script: [{ kind: 'hold' }] });
    const applying = ws.cli(['apply', '--api', 'k8s']);
    await requestHeld(sandbox);
    await createLibraryPanel(sandbox, 'lp-race', 'Race', DISKS);
    sandbox.releaseHeld();
    const applied = await applying;
    const out = `${applied.stdout}${applied.stderr}`;
    expect(applied.code, out).toBe(0);
    expect(out).toContain(`skipped: ${DISKS}: folder "disks" kept: Grafana refused the delete (Folder cannot be deleted: folder is not empty); it holds library panel lp-race "Race", which this plan does not delete`);
    expect((await apiRequest(sandbox, 'GET', `/api/folders/${DISKS}`)).status).toBe(200);
  });
});
