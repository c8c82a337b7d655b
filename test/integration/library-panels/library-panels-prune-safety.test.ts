import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { GRAFANA_VERSIONS } from '../../helpers/releases.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { writes } from '../../e2e/apply/workspace.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { createStrayLibraryPanel, dashboard, editJson, LIBRARY_TREE, libraryWorkspace, ref, writeFiles } from './library-tree.js';

/** A v2 spec (the dynamic-dashboards editor's) titled `Dynamic <uid>`, holding library panel `panelUid`. */
function v2Spec(uid: string, panelUid: string): Record<string, unknown> {
  const element = { kind: 'LibraryPanel', spec: { id: 1, title: 'Shared', libraryPanel: { uid: panelUid, name: `Stray ${panelUid}` } } };
  return {
    annotations: [],
    cursorSync: 'Off',
    elements: { 'panel-1': element },
    layout: { kind: 'GridLayout', spec: { items: [{ kind: 'GridLayoutItem', spec: { x: 0, y: 0, width: 12, height: 8, element: { kind: 'ElementReference', name: 'panel-1' } } }] } },
    links: [],
    preload: false,
    tags: [],
    timeSettings: { from: 'now-6h', to: 'now', autoRefresh: '', autoRefreshIntervals: ['1m'], hideTimepicker: false, fiscalYearStartMonth: 0 },
    title: `Dynamic ${uid}`,
    variables: [],
  };
}

/** A dashboard stored as v2, outside the tree, holding library panel `panelUid`. */
async function saveV2Dashboard(sandbox: SandboxHandle, uid: string, folderUid: string, version: string, panelUid: string): Promise<void> {
  const path = `/apis/dashboard.grafana.app/${version}/namespaces/default/dashboards`;
  const saved = await apiRequest(sandbox, 'POST', path, { metadata: { name: uid, annotations: { 'grafana.app/folder': folderUid } }, spec: v2Spec(uid, panelUid) });
  expect(saved.status).toBe(201);
}

/** The same as a tree file. */
function v2DashboardFile(uid: string, panelUid: string): Record<string, unknown> {
  return { apiVersion: 'dashboard.grafana.app/v2beta1', kind: 'Dashboard', metadata: { name: uid }, spec: v2Spec(uid, panelUid) };
}

/** Library panel `kept` is still in Grafana, `gone` is not. */
async function expectKeptAndGone(sandbox: SandboxHandle, kept: string, gone: string): Promise<void> {
  expect((await apiRequest(sandbox, 'GET', `/api/library-elements/${kept}`)).status).toBe(200);
  expect((await apiRequest(sandbox, 'GET', `/api/library-elements/${gone}`)).status).toBe(404);
}

/** A Grafana 12.3 sandbox with LIBRARY_TREE applied over /api. */
async function appliedOverLegacy(): Promise<{ sandbox: SandboxHandle; ws: Awaited<ReturnType<typeof libraryWorkspace>> }> {
  const sandbox = await startTestSandbox({ grafanaVersion: '12' });
  const ws = await libraryWorkspace(sandbox);
  expect((await ws.cli(['apply', '--api', 'legacy'])).code).toBe(0);
  return { sandbox, ws };
}

/** LIBRARY_TREE with prune "folders" and a subfolder team-a/ops (uid team-ops: library panel lp-queue, used by o1) applied, then its directory removed. */
async function opsSubfolderLeftTheTree(sandbox: SandboxHandle): Promise<Awaited<ReturnType<typeof libraryWorkspace>>> {
  const ws = await libraryWorkspace(sandbox, {
    ...LIBRARY_TREE,
    'dashsync.config.json': { root: 'dashboards', prune: 'folders' },
    'dashboards/team-a/ops/_folder.json': { uid: 'team-ops', title: 'Ops' },
    'dashboards/team-a/ops/_library/queue.json': { uid: 'lp-queue', name: 'Queue', kind: 1, model: { type: 'stat', title: 'Queue' } },
    'dashboards/team-a/ops/o1.json': dashboard('o1', 'O one', [ref(1, 'lp-queue', 'Queue')]),
  });
  expect((await ws.cli(['apply'])).code).toBe(0);
  // Committed first: git's HEAD shows the directory was this tree's (a folder no directory holds needs that evidence).
  await commitAll(ws.dir, 'the tree');
  await rm(join(ws.dir, 'dashboards/team-a/ops'), { recursive: true });
  return ws;
}

const V2 = [
  { grafanaVersion: '12' as const, v2: 'v2beta1', counted: false },
  { grafanaVersion: '13' as const, v2: 'v2', counted: true },
];

describe.each(V2)('library panel prune and v2 dashboards on Grafana $grafanaVersion', ({ grafanaVersion, v2, counted }) => {
  it('never deletes a library panel that only a v2 dashboard outside the tree uses, counted by Grafana or not', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const ws = await libraryWorkspace(sandbox);
    expect((await ws.cli(['apply'])).code).toBe(0);
    await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'elsewhere', title: 'Elsewhere' });
    await createStrayLibraryPanel(sandbox, 'lp-v2', 'team-a');
    await createStrayLibraryPanel(sandbox, 'lp-stray', 'team-a');
    await saveV2Dashboard(sandbox, 'dyn', 'elsewhere', v2, 'lp-v2');
    // 12.3 does not connect it (issue #113874): Grafana alone would let the panel go.
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-v2')).body.result.meta.connectedDashboards).toBe(counted ? 1 : 0);

    const planned = await ws.cli(['plan', '--prune']);
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain('Library panels: 1 to delete.');
    expect(planned.stdout).toContain('- delete        library panel "Stray lp-stray" (uid lp-stray, live version 1) in "Team A"');
    const why = counted
      ? 'Grafana refuses to delete a library panel in use'
      : 'dashsync never deletes a library panel in use; this Grafana does not count v2 dashboards as using one and would let it go';
    expect(planned.stdout).toContain(`library panel lp-v2 "Stray lp-v2" has no file but is used by 1 dashboard: dyn "Dynamic dyn"; not deleted (${why})`);

    const applied = await ws.cli(['apply', '--prune']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Library panels: 1 deleted');
    await expectKeptAndGone(sandbox, 'lp-v2', 'lp-stray');
  });
});

describe('library panel prune over /api on Grafana 12.3, which cannot read v2 dashboards', () => {
  it('deletes a stray panel while the org holds no v2 dashboard; once one is there, keeps every candidate and says why', async () => {
    const { sandbox, ws } = await appliedOverLegacy();
    await createStrayLibraryPanel(sandbox, 'lp-stray', 'team-a');
    await createStrayLibraryPanel(sandbox, 'lp-other', 'team-a');
    expect((await ws.cli(['plan', '--prune', '--api', 'legacy'])).stdout).toContain('Library panels: 2 to delete.');

    await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'elsewhere', title: 'Elsewhere' });
    await saveV2Dashboard(sandbox, 'dyn', 'elsewhere', 'v2beta1', 'lp-other');
    const planned = await ws.cli(['plan', '--prune', '--api', 'legacy']);
    expect(planned.code).toBe(0);
    expect(planned.stdout).not.toContain('- delete');
    for (const uid of ['lp-stray', 'lp-other']) {
      expect(planned.stdout).toContain(
        `library panel ${uid} "Stray ${uid}" has no file and Grafana connects no dashboard to it, but this Grafana may not count v2 dashboards as using a library panel (12.0–12.3 count none; 12.4 and later leave out those saved before 12.4 unless Grafana re-indexed them, as 13 does on its first start over legacy storage), and the org holds v2 dashboards, which /api cannot read; not deleted (use api: auto or k8s to let dashsync look in them)`,
      );
    }
    sandbox.clearRequests();
    expect((await ws.cli(['apply', '--prune', '--api', 'legacy'])).code).toBe(0);
    expect(writes(sandbox)).toEqual([]);
  });
});

describe('library panel prune on Grafana 13.0 before PR #121903 (connectedDashboards says 0 for a panel in use)', () => {
  it('reads the connections of every candidate instead of trusting the count: the used panel is kept, named, and never sent a DELETE', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13', staleConnectionCounts: true });
    const ws = await libraryWorkspace(sandbox, { ...LIBRARY_TREE });
    expect((await ws.cli(['apply'])).code).toBe(0);
    await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'elsewhere', title: 'Elsewhere' });
    await createStrayLibraryPanel(sandbox, 'lp-held', 'team-b');
    const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: dashboard('outside', 'Outside', [ref(1, 'lp-held', 'Stray lp-held')]), folderUid: 'elsewhere' });
    expect(saved.status).toBe(200);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-held')).body.result.meta.connectedDashboards).toBe(0);

    const planned = await ws.cli(['plan', '--prune']);
    expect(planned.code).toBe(0);
    expect(planned.stdout).not.toContain('- delete');
    expect(planned.stdout).toContain(
      'library panel lp-held "Stray lp-held" has no file but is used by 1 dashboard: outside "Outside"; not deleted (Grafana refuses to delete a library panel in use)',
    );
    sandbox.clearRequests();
    expect((await ws.cli(['apply', '--prune'])).code).toBe(0);
    expect(writes(sandbox)).toEqual([]);
  });
});

describe.each(GRAFANA_VERSIONS)('prune "folders" and a subfolder with a uid of its own on Grafana %s', (grafanaVersion) => {
  it('its library panels go with its dashboards once its directory left the tree (managed by their history), and the folder after them', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const ws = await opsSubfolderLeftTheTree(sandbox);

    const planned = await ws.cli(['plan']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 1 to delete, 4 unchanged. Folders: 1 to delete. Library panels: 1 to delete.');
    expect(planned.stdout).toContain('- delete        library panel "Queue" (uid lp-queue, live version 1) in "Ops"');

    // 11.2's "Recently deleted" keeps the deleted dashboard's connections until it is purged (--delete-mode hard).
    expect((await ws.cli(grafanaVersion === '11.2' ? ['apply', '--delete-mode', 'hard'] : ['apply'])).code).toBe(0);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-queue')).status).toBe(404);
    expect((await apiRequest(sandbox, 'GET', '/api/folders/team-ops')).status).toBe(404);
  });
});

describe('prune "folders": a tree dashboard using a library panel in a subfolder only its history shows to be managed', () => {
  it('is refused like one in a folder the tree manages directly (library-panel-not-in-tree), v1 or v2, and the panel stays', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const ws = await opsSubfolderLeftTheTree(sandbox);
    await writeFiles(ws.dir, { 'dashboards/team-a/n1.json': dashboard('n1', 'N one', [ref(1, 'lp-queue', 'Queue')]) });

    const message = 'uses library panel "lp-queue" ("Queue"), which is in Grafana but not in the tree, where prune (folders) would delete it';
    const planned = await ws.cli(['plan']);
    expect(planned.code).toBe(1);
    expect(planned.stderr).toContain(`dashboards/team-a/n1.json:14:23: error: ${message}`);
    // Found once Grafana's library panels were read: reads were sent, no write.
    expect(planned.stderr).toContain('error: 1 error in the dashboards tree; nothing was written to Grafana. Fix the files above and run again.');
    expect(planned.stdout).not.toContain('- delete');
    sandbox.clearRequests();
    expect((await ws.cli(['apply'])).code).toBe(1);
    expect(writes(sandbox)).toEqual([]);

    // A v2 dashboard file (12.3 would not even connect it): the same refusal.
    await rm(join(ws.dir, 'dashboards/team-a/n1.json'));
    await writeFiles(ws.dir, { 'dashboards/team-a/n2.json': v2DashboardFile('n2', 'lp-queue') });
    const v2 = await ws.cli(['apply']);
    expect(v2.code).toBe(1);
    expect(v2.stderr).toContain(`dashboards/team-a/n2.json`);
    expect(v2.stderr).toContain(message);
    expect(writes(sandbox)).toEqual([]);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-queue')).status).toBe(200);
  });
});

describe('applying a saved plan on Grafana 12.3, which does not count v2 dashboards as library panel users', () => {
  it('over /apis keeps a panel a v2 dashboard started using after the plan, naming it (skipped, not failed), and deletes the other', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const ws = await libraryWorkspace(sandbox);
    expect((await ws.cli(['apply'])).code).toBe(0);
    await createStrayLibraryPanel(sandbox, 'lp-late', 'team-a');
    await createStrayLibraryPanel(sandbox, 'lp-stray', 'team-a');
    expect((await ws.cli(['plan', '--prune', '--out', 'plan.json'])).stdout).toContain('Library panels: 2 to delete.');
    await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'elsewhere', title: 'Elsewhere' });
    await saveV2Dashboard(sandbox, 'dyn', 'elsewhere', 'v2beta1', 'lp-late');

    const applied = await ws.cli(['apply', 'plan.json', '--force']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(
      'library panel kept: v2 dashboards use it (dyn); this Grafana does not count them as its users and would delete it under them',
    );
    expect(applied.stdout).toMatch(/Library panels: 1 deleted, 1 skipped/);
    await expectKeptAndGone(sandbox, 'lp-late', 'lp-stray');
  });

  it('over /api, which cannot read a v2 dashboard, keeps every panel once the org holds one, and says why', async () => {
    const { sandbox, ws } = await appliedOverLegacy();
    await createStrayLibraryPanel(sandbox, 'lp-late', 'team-a');
    expect((await ws.cli(['plan', '--prune', '--api', 'legacy', '--out', 'plan.json'])).stdout).toContain('Library panels: 1 to delete.');
    await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'elsewhere', title: 'Elsewhere' });
    await saveV2Dashboard(sandbox, 'dyn', 'elsewhere', 'v2beta1', 'lp-late');

    sandbox.clearRequests();
    const applied = await ws.cli(['apply', 'plan.json', '--api', 'legacy']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(
      'library panel kept: this Grafana may not count v2 dashboards as using a library panel (12.0–12.3 count none; 12.4 and later leave out those saved before 12.4 unless Grafana re-indexed them, as 13 does on its first start over legacy storage), and the org holds v2 dashboards, which /api cannot read',
    );
    expect(writes(sandbox)).toEqual([]);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-late')).status).toBe(200);
  });
});

describe('library panel prune on Grafana 13 after an upgrade from 12.3 (the data migration indexes v2 dashboards again)', () => {
  it('keeps a panel that only a v2 dashboard saved on 12.3 uses: 12.3 connected none, 13 connects it', async () => {
    const dataFile = join(await mkdtemp(join(tmpdir(), 'dashsync-upgrade-')), 'grafana.json');
    const before = await startTestSandbox({ grafanaVersion: '12', dataFile });
    await apiRequest(before, 'POST', '/api/folders', { uid: 'team-a', title: 'Team A' });
    await apiRequest(before, 'POST', '/api/folders', { uid: 'elsewhere', title: 'Elsewhere' });
    await createStrayLibraryPanel(before, 'lp-v2', 'team-a');
    await createStrayLibraryPanel(before, 'lp-stray', 'team-a');
    await saveV2Dashboard(before, 'dyn', 'elsewhere', 'v2beta1', 'lp-v2');
    expect((await apiRequest(before, 'GET', '/api/library-elements/lp-v2/connections')).body.result).toEqual([]);
    await before.close();

    const sandbox = await startTestSandbox({ grafanaVersion: '13', dataFile });
    const connections = (await apiRequest(sandbox, 'GET', '/api/library-elements/lp-v2/connections')).body.result as { connectionUid: string }[];
    expect(connections.map((connection) => connection.connectionUid)).toEqual(['dyn']);
    const ws = await libraryWorkspace(sandbox);
    const planned = await ws.cli(['plan', '--prune']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toContain('- delete        library panel "Stray lp-stray" (uid lp-stray, live version 1) in "Team A"');
    expect(planned.stdout).toContain('library panel lp-v2 "Stray lp-v2" has no file but is used by 1 dashboard: dyn "Dynamic dyn"; not deleted');
    expect((await ws.cli(['apply', '--prune'])).code).toBe(0);
    await expectKeptAndGone(sandbox, 'lp-v2', 'lp-stray');
  });
});

describe('the /api look for v2 dashboards (Grafana 12.3) asks only what it must', () => {
  it('not at all while every candidate is held by a dashboard that stays; else every dashboard but the ones the plan read', async () => {
    const { sandbox, ws } = await appliedOverLegacy();
    await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'elsewhere', title: 'Elsewhere' });
    await createStrayLibraryPanel(sandbox, 'lp-held', 'team-a');
    for (const uid of ['x1', 'x2']) {
      const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: dashboard(uid, `X ${uid}`, [ref(1, 'lp-held', 'Stray lp-held')]), folderUid: 'elsewhere' });
      expect(saved.status).toBe(200);
    }
    const dashboardGets = () => sandbox.requests().filter((entry) => entry.method === 'GET' && entry.path.startsWith('/api/dashboards/uid/')).map((entry) => entry.path.slice('/api/dashboards/uid/'.length));

    sandbox.clearRequests();
    const held = await ws.cli(['plan', '--prune', '--api', 'legacy']);
    expect(held.stdout).toContain('library panel lp-held "Stray lp-held" has no file but is used by 2 dashboards');
    expect(dashboardGets().filter((uid) => uid.startsWith('x'))).toEqual([]);

    await createStrayLibraryPanel(sandbox, 'lp-stray', 'team-a');
    sandbox.clearRequests();
    const unheld = await ws.cli(['plan', '--prune', '--api', 'legacy']);
    expect(unheld.stdout).toContain('- delete        library panel "Stray lp-stray"');
    const gets = dashboardGets();
    // The tree's four dashboards once (the plan's own read), the two outside once (the look).
    for (const uid of ['a1', 'a2', 'b1', 'home', 'x1', 'x2']) expect(gets.filter((got) => got === uid), uid).toHaveLength(1);
  });
});

describe('plan on Grafana 13.0 before PR #121903: "used by" of a changed library panel', () => {
  it('names the dashboards outside the tree that use it though connectedDashboards says 0', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13', staleConnectionCounts: true });
    const ws = await libraryWorkspace(sandbox);
    expect((await ws.cli(['apply'])).code).toBe(0);
    await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'elsewhere', title: 'Elsewhere' });
    const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: dashboard('outside', 'Outside', [ref(1, 'lp-mem', 'Memory')]), folderUid: 'elsewhere' });
    expect(saved.status).toBe(200);
    await editJson(join(ws.dir, 'dashboards/team-b/_library/mem.json'), (panel) => (panel.model.description = 'resident set size'));

    const planned = await ws.cli(['plan']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toContain('used by 3 dashboards: a1 "A one", b1 "B one", outside "Outside"');
  });
});

describe('a folder kept for a library panel whose v2 users /api cannot read (Grafana 12.3)', () => {
  it('says that is why the panel stays', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const ws = await libraryWorkspace(sandbox, {
      ...LIBRARY_TREE,
      'dashsync.config.json': { root: 'dashboards', prune: 'folders' },
      'dashboards/team-a/ops/_folder.json': { uid: 'team-ops', title: 'Ops' },
      'dashboards/team-a/ops/o1.json': dashboard('o1', 'O one', []),
    });
    expect((await ws.cli(['apply', '--api', 'legacy'])).code).toBe(0);
    await createStrayLibraryPanel(sandbox, 'lp-x', 'team-ops');
    await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'elsewhere', title: 'Elsewhere' });
    await saveV2Dashboard(sandbox, 'dyn', 'elsewhere', 'v2beta1', 'lp-x');
    await commitAll(ws.dir, 'the tree');
    await rm(join(ws.dir, 'dashboards/team-a/ops'), { recursive: true });

    const planned = await ws.cli(['plan', '--api', 'legacy']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toContain(
      'folder team-ops "Ops" has no directory in the tree but is kept: it holds library panel lp-x "Stray lp-x" (v2 dashboards may use it, and /api cannot read them)',
    );
  });
});
