import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import { connectLibraryPanels } from '../../src/sandbox/library-elements/connect-library-panels.js';
import { createInitialState, orgDashboards, orgLibraryElements, type DashboardRecord, type LibraryElementRecord } from '../../src/sandbox/state.js';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('library elements: persistence, request log, faults', () => {
  it('survive a restart with --data, connections and counters included', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-library-'));
    dirs.push(dir);
    const file = join(dir, 'state.json');
    const first = await startSandbox({ port: 0, grafanaVersion: '12', dataFile: file });
    await apiRequest(first, 'POST', '/api/library-elements', { uid: 'lib', name: 'Lib', kind: 1, model: { type: 'stat' } });
    await apiRequest(first, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd', title: 'D', panels: [{ id: 1, libraryPanel: { uid: 'lib', name: 'Lib' } }] } });
    const before = await apiRequest(first, 'GET', '/api/library-elements/lib');
    const connectionsBefore = await apiRequest(first, 'GET', '/api/library-elements/lib/connections');
    await first.close();

    const second = await startSandbox({ port: 0, grafanaVersion: '12', dataFile: file });
    try {
      expect((await apiRequest(second, 'GET', '/api/library-elements/lib')).body).toEqual(before.body);
      expect((await apiRequest(second, 'GET', '/api/library-elements/lib/connections')).body).toEqual(connectionsBefore.body);
      expect((await apiRequest(second, 'DELETE', '/api/library-elements/lib')).status).toBe(403);
      const next = await apiRequest(second, 'POST', '/api/library-elements', { name: 'Next', kind: 1, model: {} });
      expect(next.body.result.id).toBe(2);
    } finally {
      await second.close();
    }
  });

  it('13 started over 12.3 data connects what the data migration indexes again: v2 LibraryPanel elements too, deleted dashboards not', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-library-'));
    dirs.push(dir);
    const file = join(dir, 'state.json');
    const v2 = (uid: string) => ({
      metadata: { name: uid },
      spec: { title: uid, elements: { 'panel-1': { kind: 'LibraryPanel', spec: { id: 1, title: 'P', libraryPanel: { uid: 'lib', name: 'Lib' } } } }, layout: { kind: 'GridLayout', spec: { items: [] } } },
    });
    const first = await startSandbox({ port: 0, grafanaVersion: '12', dataFile: file });
    await apiRequest(first, 'POST', '/api/library-elements', { uid: 'lib', name: 'Lib', kind: 1, model: { type: 'stat' } });
    await apiRequest(first, 'POST', '/api/dashboards/db', { dashboard: { uid: 'v1', title: 'V1', panels: [{ id: 1, libraryPanel: { uid: 'lib', name: 'Lib' } }] } });
    for (const uid of ['dyn', 'gone']) {
      expect((await apiRequest(first, 'POST', '/apis/dashboard.grafana.app/v2beta1/namespaces/default/dashboards', v2(uid))).status).toBe(201);
    }
    expect((await apiRequest(first, 'DELETE', '/apis/dashboard.grafana.app/v2beta1/namespaces/default/dashboards/gone')).status).toBe(200);
    const uidsOf = async (s: Awaited<ReturnType<typeof startSandbox>>) =>
      ((await apiRequest(s, 'GET', '/api/library-elements/lib/connections')).body.result as { connectionUid: string }[]).map((row) => row.connectionUid).sort();
    expect(await uidsOf(first)).toEqual(['v1']);
    await first.close();

    const again = await startSandbox({ port: 0, grafanaVersion: '12', dataFile: file });
    try {
      expect(await uidsOf(again)).toEqual(['v1']);
    } finally {
      await again.close();
    }
    const upgraded = await startSandbox({ port: 0, grafanaVersion: '13', dataFile: file });
    try {
      expect(await uidsOf(upgraded)).toEqual(['dyn', 'v1']);
      expect((await apiRequest(upgraded, 'GET', '/api/library-elements/lib')).body.result.meta.connectedDashboards).toBe(2);
      expect((await apiRequest(upgraded, 'DELETE', '/api/library-elements/lib')).status).toBe(403);
    } finally {
      await upgraded.close();
    }
  });

  it('are in the request log with their bodies and the org they ran in', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    await apiRequest(s, 'POST', '/api/orgs', { name: 'Other' });
    s.clearRequests();
    await apiRequest(s, 'POST', '/api/library-elements', { uid: 'lib', name: 'Lib', kind: 1, model: {} }, adminHeaders(2));
    await apiRequest(s, 'GET', '/api/library-elements?perPage=5', undefined, adminHeaders(2));
    expect(s.requests().map(({ method, path, status, orgId, body }) => ({ method, path, status, orgId, body }))).toEqual([
      { method: 'POST', path: '/api/library-elements', status: 200, orgId: 2, body: { uid: 'lib', name: 'Lib', kind: 1, model: {} } },
      { method: 'GET', path: '/api/library-elements?perPage=5', status: 200, orgId: 2, body: undefined },
    ]);
  });

  it('take injected faults like every /api route: a scripted 503 is answered before the element is written', async () => {
    const s = await startTestSandbox({ grafanaVersion: '11.2' });
    s.setFaults({ script: [{ kind: 'status', status: 503 }], methods: ['POST'] });
    const faulted = await apiRequest(s, 'POST', '/api/library-elements', { uid: 'lib', name: 'Lib', kind: 1, model: {} });
    expect(faulted.status).toBe(503);
    expect((await apiRequest(s, 'GET', '/api/library-elements/lib')).status).toBe(404);
    expect((await apiRequest(s, 'POST', '/api/library-elements', { uid: 'lib', name: 'Lib', kind: 1, model: {} })).status).toBe(200);
    expect(s.requests().map((entry) => entry.fault)).toEqual(['status', undefined, undefined]);
  });
});

describe('connectLibraryPanels (for the /apis save path)', () => {
  function stateWith(uids: string[]) {
    const state = createInitialState('admin', '2025-01-01T00:00:00Z');
    uids.forEach((uid, i) => {
      const element: LibraryElementRecord = {
        id: i + 1, uid, orgId: 1, folderUid: '', name: uid, kind: 1, type: '', description: '', model: '{}', version: 1,
        created: '2025-01-01T00:00:00Z', updated: '2025-01-01T00:00:00Z', createdBy: 1, updatedBy: 1,
      };
      orgLibraryElements(state, 1).set(uid, element);
    });
    orgDashboards(state, 1).set('v2dash', { id: 7, uid: 'v2dash', orgId: 1 } as DashboardRecord);
    return state;
  }

  it('connects the LibraryPanel elements of a v2 spec', () => {
    const state = stateWith(['lp-1', 'lp-2']);
    const spec = {
      title: 'V2',
      elements: {
        'panel-1': { kind: 'Panel', spec: { id: 1, title: 'Plain' } },
        'panel-2': { kind: 'LibraryPanel', spec: { id: 2, title: 'CPU', libraryPanel: { uid: 'lp-2', name: 'CPU' } } },
        'panel-3': { kind: 'LibraryPanel', spec: { id: 3, title: 'CPU again', libraryPanel: { uid: 'lp-2', name: 'CPU' } } },
      },
    };
    expect(connectLibraryPanels(state, 1, 'v2dash', spec, 1)).toEqual({ ok: true, elementUids: ['lp-2'] });
    expect(state.libraryConnections.get(1)?.map((row) => [row.elementId, row.dashboardId])).toEqual([[2, 7]]);
  });

  it('changes nothing and says why when a reference cannot be connected', () => {
    const state = stateWith(['lp-1']);
    connectLibraryPanels(state, 1, 'v2dash', { panels: [{ id: 1, libraryPanel: { uid: 'lp-1', name: 'x' } }] }, 1);
    const unknown = connectLibraryPanels(state, 1, 'v2dash', { elements: { a: { kind: 'LibraryPanel', spec: { libraryPanel: { uid: 'gone' } } } } }, 1);
    expect(unknown).toEqual({ ok: false, reason: 'library-element-not-found', message: 'library element could not be found' });
    const noUid = connectLibraryPanels(state, 1, 'v2dash', { elements: { a: { kind: 'LibraryPanel', spec: { libraryPanel: { name: 'x' } } } } }, 1);
    expect(noUid).toMatchObject({ ok: false, reason: 'library-panel-uid-missing' });
    expect(connectLibraryPanels(state, 1, 'missing', {}, 1)).toMatchObject({ ok: false, reason: 'dashboard-not-found' });
    expect(state.libraryConnections.get(1)?.map((row) => row.elementId)).toEqual([1]);
  });
});
