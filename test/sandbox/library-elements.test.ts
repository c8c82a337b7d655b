import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GrafanaVersion, SandboxHandle } from '../../src/sandbox/types.js';
import { orphanConnectionsOf } from '../helpers/orphan-connection.js';
import { adminHeaders, apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';

const versions: GrafanaVersion[] = ['11.2', '12', '13'];
const ADMIN = { id: 1, name: 'admin', avatarUrl: '/avatar/46d229b033af06a191ff2267bca9ae56' };
const create = (s: SandboxHandle, body: unknown, headers?: Record<string, string>) => apiRequest(s, 'POST', '/api/library-elements', body, headers);
const get = (s: SandboxHandle, path: string, headers?: Record<string, string>) => apiRequest(s, 'GET', `/api/library-elements${path}`, undefined, headers);
/** A delete for good: 11.2 (dashboardRestore on in the sandbox) keeps the connections of a dashboard in Recently deleted until the purge. */
async function deleteForGood(s: SandboxHandle, uid: string): Promise<void> {
  await apiRequest(s, 'DELETE', `/api/dashboards/uid/${uid}`);
  if (s.grafanaVersion === '11.2') await apiRequest(s, 'DELETE', `/api/dashboards/uid/${uid}/trash`);
}
const panelModel = (title: string, extra: Record<string, unknown> = {}) => ({ title, type: 'timeseries', datasource: { uid: 'prom', type: 'prometheus' }, ...extra });

describe.each(versions)('library elements on Grafana %s', (grafanaVersion) => {
  it('creates a panel element and answers the DTO as Grafana prints it', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const response = await create(s, { uid: 'cpu-panel', name: 'CPU', kind: 1, model: panelModel('CPU', { libraryPanel: { uid: '', name: 'CPU' } }) });
    expect(response.status).toBe(200);
    const { created, updated } = response.body.result.meta;
    expect(created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(response.text).toBe(
      JSON.stringify({
        result: {
          id: 1,
          orgId: 1,
          folderId: 0,
          folderUid: '',
          uid: 'cpu-panel',
          name: 'CPU',
          kind: 1,
          type: 'timeseries',
          description: '',
          // Go re-marshals the model: keys sorted, type/description synced, libraryPanel.uid filled.
          model: {
            datasource: { type: 'prometheus', uid: 'prom' },
            description: '',
            libraryPanel: { name: 'CPU', uid: 'cpu-panel' },
            title: 'CPU',
            type: 'timeseries',
          },
          version: 1,
          meta: { folderName: '', folderUid: '', connectedDashboards: 0, created, updated, createdBy: ADMIN, updatedBy: ADMIN },
        },
      }),
    );
    const read = await get(s, '/cpu-panel');
    expect(read.body.result).toEqual({ ...response.body.result, meta: { ...response.body.result.meta, folderName: 'General' } });
  });

  it('keeps elements in folders and generates a uid when none is given', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'ops', title: 'Ops' });
    const response = await create(s, { folderUid: 'ops', name: 'Errors', kind: 1, model: { type: 'stat', description: 'HTTP 5xx' } });
    const { result } = response.body;
    expect(result.uid).toMatch(/^[a-f][a-z0-9]{12}[a-f]$/);
    expect([result.folderId, result.folderUid, result.description, result.meta.folderName, result.meta.folderUid]).toEqual([1, 'ops', 'HTTP 5xx', 'Ops', 'ops']);
    const read = (await get(s, `/${result.uid}`)).body.result;
    expect([read.folderUid, read.meta.folderName]).toEqual(['ops', 'Ops']);
    const variable = await create(s, { uid: 'env-var', name: 'env', kind: 2, model: { type: 'custom', query: 'prod,dev' } });
    expect(variable.body.result.model).toEqual({ description: '', name: 'env', query: 'prod,dev', type: 'custom' });
  });

  it('refuses bad elements with Grafana’s statuses and messages', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'ops', title: 'Ops' });
    await create(s, { uid: 'taken', name: 'Taken', kind: 1, model: {} });
    const cases: [unknown, number, string][] = [
      [{ name: 'No kind', model: {} }, 400, '{"message":"bad request data","traceID":""}'],
      [{ name: 'Bad kind', kind: 'panel', model: {} }, 400, '{"message":"bad request data","traceID":""}'],
      [{ name: 'Kind 3', kind: 3, model: {} }, 500, '{"message":"Failed to create library element","traceID":""}'],
      [{ name: 'No model', kind: 1 }, 500, '{"message":"Failed to create library element","traceID":""}'],
      [{ uid: 'bad uid', name: 'X', kind: 1, model: {} }, 400, '{"message":"uid contains illegal characters","traceID":""}'],
      [{ uid: 'u'.repeat(41), name: 'X', kind: 1, model: {} }, 400, '{"message":"uid too long, max 40 characters","traceID":""}'],
      [{ uid: 'taken', name: 'Other', kind: 1, model: {} }, 400, '{"message":"library element with that name or UID already exists","traceID":""}'],
      [{ name: 'Taken', kind: 1, model: {} }, 400, '{"message":"library element with that name or UID already exists","traceID":""}'],
      [{ name: 'X', kind: 1, model: {}, folderUid: 'nope' }, 400, '{"message":"failed to get folder","traceID":""}'],
      [{ name: 'X', kind: 1, model: {}, folderId: 99 }, 404, '{"message":"folder not found","traceID":""}'],
    ];
    for (const [body, status, text] of cases) {
      const response = await create(s, body);
      expect([response.status, response.text], JSON.stringify(body)).toEqual([status, text]);
    }
    // The same name is fine in another folder, and for another kind.
    expect((await create(s, { name: 'Taken', kind: 1, model: {}, folderUid: 'ops' })).status).toBe(200);
    expect((await create(s, { name: 'Taken', kind: 2, model: {} })).status).toBe(200);
    const missing = await get(s, '/nope');
    expect([missing.status, missing.text]).toEqual([404, '{"message":"library element could not be found","traceID":""}']);
  });

  it('finds elements by name across folders', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'ops', title: 'Ops' });
    await create(s, { uid: 'in-folder', folderUid: 'ops', name: 'Latency', kind: 1, model: {} });
    await create(s, { uid: 'at-root', name: 'Latency', kind: 1, model: {} });
    const found = await get(s, '/name/Latency');
    expect(found.body.result.map((e: any) => [e.uid, e.meta.folderName])).toEqual([['at-root', 'General'], ['in-folder', 'Ops']]);
    const none = await get(s, '/name/Nothing');
    expect([none.status, none.text]).toEqual([404, '{"message":"library element could not be found","traceID":""}']);
  });

  it('lists with perPage, page, kind, searchString, excludeUid, typeFilter, folder filters and sortDirection', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'ops', title: 'Ops' });
    await create(s, { uid: 'b', name: 'beta', kind: 1, model: { type: 'stat', description: 'Error budget' } });
    await create(s, { uid: 'a', name: 'Alpha', kind: 1, model: { type: 'timeseries' } });
    await create(s, { uid: 'c', name: 'gamma', kind: 1, folderUid: 'ops', model: { type: 'timeseries' } });
    await create(s, { uid: 'v', name: 'delta', kind: 2, model: { type: 'query' } });
    const list = async (query: string) => (await get(s, `?${query}`)).body.result;
    const uids = async (query: string) => (await list(query)).elements.map((e: any) => e.uid);
    const all = await list('');
    expect([all.totalCount, all.page, all.perPage]).toEqual([4, 1, 100]);
    expect(all.elements.map((e: any) => e.name)).toEqual(['Alpha', 'beta', 'delta', 'gamma']);
    expect(await uids('sortDirection=alpha-desc')).toEqual(['c', 'v', 'b', 'a']);
    const page2 = await list('perPage=2&page=2');
    expect([page2.totalCount, page2.page, page2.perPage, page2.elements.map((e: any) => e.uid)]).toEqual([4, 2, 2, ['v', 'c']]);
    expect(await uids('kind=1')).toEqual(['a', 'b', 'c']);
    expect(await uids('searchString=BUDGET')).toEqual(['b']);
    expect(await uids('searchString=ta')).toEqual(['b', 'v']);
    expect(await uids('excludeUid=a')).toEqual(['b', 'v', 'c']);
    expect(await uids('typeFilter=timeseries,query')).toEqual(['a', 'v', 'c']);
    expect(await uids('folderFilterUIDs=ops')).toEqual(['c']);
    expect(await uids('folderFilterUIDs=general,ops')).toEqual(['a', 'b', 'v', 'c']);
    // Grafana's own quirk: "general" alone drops the folder filter from the element query but not from the count.
    const generalOnly = await list('folderFilterUIDs=general');
    expect([generalOnly.totalCount, generalOnly.elements.length]).toEqual([3, 4]);
    expect(await uids('folderFilter=1')).toEqual(['c']);
    const both = await get(s, '?folderFilter=1&folderFilterUIDs=ops');
    expect([both.status, both.text]).toEqual([500, '{"message":"Failed to get library elements","traceID":""}']);
    expect((await list('page=9')).elements).toEqual([]);
  });

  it('patches with the current version, refuses a stale one with 412, and keeps what is not sent', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'ops', title: 'Ops' });
    await create(s, { uid: 'cpu', name: 'CPU', kind: 1, model: { type: 'timeseries', title: 'CPU' } });
    await create(s, { uid: 'mem', name: 'Memory', kind: 1, model: {} });
    const patch = (body: unknown, uid = 'cpu') => apiRequest(s, 'PATCH', `/api/library-elements/${uid}`, body);
    const noVersion = await patch({ kind: 1, name: 'CPU 2' });
    expect([noVersion.status, noVersion.text]).toEqual([400, '{"message":"bad request data","traceID":""}']);
    const renamed = await patch({ kind: 1, version: 1, name: 'CPU busy', folderUid: 'ops' });
    expect(renamed.status).toBe(200);
    const result = renamed.body.result;
    expect([result.version, result.name, result.folderUid, result.meta.folderName, result.model]).toEqual([
      2,
      'CPU busy',
      'ops',
      'Ops',
      { description: '', title: 'CPU', type: 'timeseries' },
    ]);
    const stale = await patch({ kind: 1, version: 1, name: 'Lost update' });
    expect([stale.status, stale.text]).toEqual([412, '{"message":"the library element has been changed by someone else","traceID":""}']);
    const newModel = await patch({ kind: 1, version: 2, model: { type: 'stat', description: 'now a stat' }, folderUid: '' });
    expect([newModel.body.result.type, newModel.body.result.description, newModel.body.result.name, newModel.body.result.folderUid]).toEqual([
      'stat',
      'now a stat',
      'CPU busy',
      '',
    ]);
    const uidTaken = await patch({ kind: 1, version: 3, uid: 'mem' });
    expect([uidTaken.status, uidTaken.text]).toEqual([400, '{"message":"library element with that name or UID already exists","traceID":""}']);
    const nameTaken = await patch({ kind: 1, version: 3, name: 'Memory' });
    expect(nameTaken.status).toBe(400);
    const missing = await patch({ kind: 1, version: 1 }, 'nope');
    expect([missing.status, missing.text]).toEqual([404, '{"message":"library element could not be found","traceID":""}']);
    expect((await get(s, '/cpu')).body.result.version).toBe(3);
  });

  it('connects dashboards that reference an element, refuses to delete it while connected, disconnects on a later save', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await create(s, { uid: 'lib-cpu', name: 'CPU', kind: 1, model: { type: 'timeseries' } });
    await create(s, { uid: 'lib-mem', name: 'Memory', kind: 1, model: { type: 'timeseries' } });
    const panels = [
      { id: 1, gridPos: { h: 8, w: 12, x: 0, y: 0 }, libraryPanel: { uid: 'lib-cpu', name: 'CPU' } },
      { id: 2, type: 'row', collapsed: true, gridPos: { h: 1, w: 24, x: 0, y: 8 }, panels: [{ id: 3, libraryPanel: { uid: 'lib-mem', name: 'Memory' } }] },
    ];
    const saved = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'host', title: 'Host', panels } });
    expect(saved.status).toBe(200);
    // No server-side fill on read since Grafana 9.1: the references come back as stored.
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/host')).body.dashboard.panels).toEqual(panels);
    expect((await get(s, '/lib-mem')).body.result.meta.connectedDashboards).toBe(1);
    const connections = await get(s, '/lib-cpu/connections');
    expect(connections.body.result).toEqual([
      expect.objectContaining({ kind: 1, elementId: 1, connectionId: saved.body.id, connectionUid: 'host', createdBy: ADMIN }),
    ]);
    const refused = await apiRequest(s, 'DELETE', '/api/library-elements/lib-cpu');
    expect([refused.status, refused.text]).toEqual([403, '{"message":"the library element has connections","traceID":""}']);
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'host', title: 'Host', version: 1, panels: [panels[1]] } });
    expect((await get(s, '/lib-cpu/connections')).body.result).toEqual([]);
    const deleted = await apiRequest(s, 'DELETE', '/api/library-elements/lib-cpu');
    expect([deleted.status, deleted.text]).toEqual([200, '{"id":1,"message":"Library element deleted"}']);
    const gone = await get(s, '/lib-cpu/connections');
    expect(gone.status).toBe(404);
  });

  it(
    grafanaVersion === '13'
      ? 'saves a dashboard with an unknown or uid-less library panel reference without an error (unified storage connects nothing on a save)'
      : 'answers 500 for an unknown or uid-less library panel reference, with the dashboard saved anyway',
    async () => {
      const s = await startTestSandbox({ grafanaVersion });
      const unknown = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd1', title: 'D1', panels: [{ id: 1, libraryPanel: { uid: 'nope', name: 'x' } }] } });
      // 11.2: the handler's own words; 12: legacy storage's connect error through the apiserver, as it is.
      const answers = { '11.2': 'Error while connecting library panels', '12': 'library element could not be found' } as const;
      if (grafanaVersion === '13') expect(unknown.status).toBe(200);
      else expect([unknown.status, unknown.text]).toEqual([500, `{"message":"${answers[grafanaVersion]}","traceID":""}`]);
      expect((await apiRequest(s, 'GET', '/api/dashboards/uid/d1')).status).toBe(200);
      const noUid = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd2', title: 'D2', panels: [{ id: 1, libraryPanel: { name: 'x' } }] } });
      expect(noUid.status).toBe(grafanaVersion === '13' ? 200 : 500);
      if (grafanaVersion === '12') expect(noUid.body.message).toBe('library panel header is missing required property uid');
    },
  );

  if (grafanaVersion === '13') {
    it('on legacy storage answers the storage\'s connect error through /api, with the dashboard saved anyway', async () => {
      const s = await startTestSandbox({ grafanaVersion, storage: 'legacy' });
      const unknown = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd1', title: 'D1', panels: [{ id: 1, libraryPanel: { uid: 'nope', name: 'x' } }] } });
      expect([unknown.status, unknown.text]).toEqual([500, '{"message":"library element could not be found","traceID":""}']);
      expect((await apiRequest(s, 'GET', '/api/dashboards/uid/d1')).status).toBe(200);
    });
  }

  it('removes connections when the dashboard is deleted for good', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await create(s, { uid: 'lib', name: 'Lib', kind: 1, model: {} });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd', title: 'D', panels: [{ id: 1, libraryPanel: { uid: 'lib', name: 'Lib' } }] } });
    await deleteForGood(s, 'd');
    expect((await get(s, '/lib')).body.result.meta.connectedDashboards).toBe(0);
    expect((await apiRequest(s, 'DELETE', '/api/library-elements/lib')).status).toBe(200);
  });

  it('counts library panels in folder counts and refuses to delete a folder whose elements are in use', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'ops', title: 'Ops' });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'db', title: 'DB', parentUid: 'ops' });
    await create(s, { uid: 'lib', name: 'Lib', kind: 1, folderUid: 'db', model: {} });
    await create(s, { uid: 'own', name: 'Own', kind: 1, folderUid: 'ops', model: {} });
    await create(s, { uid: 'spare', name: 'Spare', kind: 1, folderUid: 'ops', model: {} });
    await create(s, { uid: 'var', name: 'Var', kind: 2, folderUid: 'ops', model: {} });
    expect((await apiRequest(s, 'GET', '/api/folders/ops/counts')).body.librarypanel).toBe(3);
    const uses = (uid: string) => [{ id: 1, libraryPanel: { uid, name: uid } }];
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd', title: 'D', panels: uses('lib') } });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'e', title: 'E', panels: uses('own') } });
    // An element of the folder itself in use: the handler's DeleteLibraryElementsInFolder refuses on every release.
    const refused = await apiRequest(s, 'DELETE', '/api/folders/ops');
    expect([refused.status, refused.text]).toEqual([403, '{"message":"Folder could not be deleted because it contains library elements in use","traceID":""}']);
    expect((await apiRequest(s, 'GET', '/api/folders/db')).status).toBe(200);
    await deleteForGood(s, 'e');
    // One of a subfolder in use: 12/13's deleteFromApiServer checks the whole tree (DeleteInFolders); 11.2's
    // folderService.Delete does not without forceDeleteRules, so the tree goes and the subfolder's element stays.
    const subtree = await apiRequest(s, 'DELETE', '/api/folders/ops');
    if (grafanaVersion === '11.2') {
      expect(subtree.status).toBe(200);
      expect((await get(s, '/lib')).status).toBe(200);
      expect((await get(s, '/spare')).status).toBe(404);
      return;
    }
    // ToFolderErrorResponse has no case for ErrFolderHasConnectedLibraryElements: the fallback 500. The handler's own
    // step ran first, so the folder's own unused element is gone while the folders stay. 13's fallback carries the error's text (PR #111831).
    const fallback = grafanaVersion === '13' ? 'Folder API error: folder contains library elements that are linked in use' : 'Folder API error';
    expect([subtree.status, subtree.text]).toEqual([500, `{"message":"${fallback}","traceID":""}`]);
    expect((await apiRequest(s, 'GET', '/api/folders/db')).status).toBe(200);
    expect((await get(s, '/spare')).status).toBe(404);
    await deleteForGood(s, 'd');
    expect((await apiRequest(s, 'DELETE', '/api/folders/ops')).status).toBe(200);
    expect((await get(s, '/spare')).status).toBe(404);
    expect((await get(s, '')).body.result.totalCount).toBe(0);
  });

  it('needs an editor to write: a viewer token reads but gets the RBAC 403 on writes', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await create(s, { uid: 'lib', name: 'Lib', kind: 1, model: {} });
    const viewer = bearerHeaders(await s.createToken('Viewer'));
    expect((await get(s, '/lib', viewer)).status).toBe(200);
    const checks: [string, string, string][] = [
      ['POST', '/api/library-elements', 'library.panels:create'],
      ['PATCH', '/api/library-elements/lib', 'library.panels:write'],
      ['DELETE', '/api/library-elements/lib', 'library.panels:delete'],
    ];
    for (const [method, path, action] of checks) {
      const response = await apiRequest(s, method, path, { kind: 1, version: 1, name: 'X', model: {} }, viewer);
      expect(response.status).toBe(403);
      expect(response.body.message).toBe(`You'll need additional permissions to perform this action. Permissions needed: ${action}`);
    }
    const editor = bearerHeaders(await s.createToken('Editor'));
    const byEditor = await create(s, { name: 'By editor', kind: 1, model: {} }, editor);
    // A service account is a user whose email is its login.
    expect(byEditor.body.result.meta.createdBy).toEqual({ id: 3, name: 'sa-1-sandbox-editor-3', avatarUrl: '/avatar/d88ea6c651438911f9379bdb8c40b810' });
  });

  it('keeps library elements per org', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/orgs', { name: 'Other' });
    await create(s, { uid: 'shared-uid', name: 'Org 2 panel', kind: 1, model: {} }, adminHeaders(2));
    expect((await get(s, '/shared-uid')).status).toBe(404);
    const inOrg2 = await get(s, '/shared-uid', adminHeaders(2));
    expect([inOrg2.status, inOrg2.body.result.orgId]).toEqual([200, 2]);
    expect((await create(s, { uid: 'shared-uid', name: 'Org 1 panel', kind: 1, model: {} })).status).toBe(200);
  });
});

describe('library element connections per release', () => {
  it('11.2 lists the connection rows: a new row per save, created by whoever saved', async () => {
    const s = await startTestSandbox({ grafanaVersion: '11.2' });
    await create(s, { uid: 'lib', name: 'Lib', kind: 1, model: {} });
    const editor = bearerHeaders(await s.createToken('Editor'));
    const body = (version?: number) => ({ dashboard: { uid: 'd', title: 'D', ...(version ? { version } : {}), panels: [{ id: 1, libraryPanel: { uid: 'lib', name: 'Lib' } }] } });
    await apiRequest(s, 'POST', '/api/dashboards/db', body());
    await apiRequest(s, 'POST', '/api/dashboards/db', body(1), editor);
    const [row] = (await get(s, '/lib/connections')).body.result;
    expect(row.id).toBe(2);
    expect(row.createdBy.name).toBe('sa-1-sandbox-editor-2');
  });

  it('11.2 keeps a dashboard in Recently deleted connected: the panel stays in use until the purge, and a restore needs no save', async () => {
    const s = await startTestSandbox({ grafanaVersion: '11.2' });
    await create(s, { uid: 'lib', name: 'Lib', kind: 1, model: {} });
    const dashboard = { uid: 'd', title: 'D', panels: [{ id: 1, libraryPanel: { uid: 'lib', name: 'Lib' } }] };
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard });
    const users = async () => (await get(s, '/lib/connections')).body.result.map((row: { connectionUid: string }) => row.connectionUid);
    expect((await apiRequest(s, 'DELETE', '/api/dashboards/uid/d')).status).toBe(200);
    expect(await users()).toEqual(['d']);
    expect((await get(s, '/lib')).body.result.meta.connectedDashboards).toBe(1);
    const refused = await apiRequest(s, 'DELETE', '/api/library-elements/lib');
    expect([refused.status, refused.body.message]).toEqual([403, 'the library element has connections']);
    expect((await apiRequest(s, 'PATCH', '/api/dashboards/uid/d/trash', {})).status).toBe(200);
    expect(await users()).toEqual(['d']);
    expect((await apiRequest(s, 'DELETE', '/api/dashboards/uid/d')).status).toBe(200);
    expect((await apiRequest(s, 'DELETE', '/api/dashboards/uid/d/trash')).status).toBe(200);
    expect(await users()).toEqual([]);
    expect((await apiRequest(s, 'DELETE', '/api/library-elements/lib')).status).toBe(200);
  });

  it('11.6 (PR #99612) lets a dashboard in Recently deleted go: the panel delete drops its row, while a live user still blocks it', async () => {
    const s = await startTestSandbox({ grafanaVersion: '11.2', release: '11.6.0' });
    await create(s, { uid: 'lib', name: 'Lib', kind: 1, model: {} });
    const save = (uid: string) => apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid, title: uid, panels: [{ id: 1, libraryPanel: { uid: 'lib', name: 'Lib' } }] } });
    await save('trashed');
    await save('live');
    await apiRequest(s, 'DELETE', '/api/dashboards/uid/trashed');
    const users = async () => (await get(s, '/lib/connections')).body.result.map((row: { connectionUid: string }) => row.connectionUid).sort();
    // Listed and counted as before: only the delete leaves it out.
    expect(await users()).toEqual(['live', 'trashed']);
    const refused = await apiRequest(s, 'DELETE', '/api/library-elements/lib');
    expect([refused.status, refused.body.message]).toEqual([403, 'the library element has connections']);
    // The refusal rolled the drop back: the trashed dashboard is still listed.
    expect(await users()).toEqual(['live', 'trashed']);
    await deleteForGood(s, 'live');
    expect((await apiRequest(s, 'DELETE', '/api/library-elements/lib')).status).toBe(200);
    expect((await apiRequest(s, 'PATCH', '/api/dashboards/uid/trashed/trash', {})).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/library-elements/lib')).status).toBe(404);
  });

  it.each(['11.2.0', '11.6.0'])('%s: a connection row of a dashboard that no longer exists is counted, never listed, and does not block the delete (deleteInvalidConnections)', async (release) => {
    const dataFile = join(await mkdtemp(join(tmpdir(), 'dashsync-orphan-')), 'grafana.json');
    const before = await startTestSandbox({ grafanaVersion: '11.2', release, dataFile });
    await create(before, { uid: 'lib', name: 'Lib', kind: 1, model: {} });
    expect((await apiRequest(before, 'POST', '/api/dashboards/db', { dashboard: { uid: 'gone', title: 'Gone', panels: [{ id: 1, libraryPanel: { uid: 'lib', name: 'Lib' } }] } })).status).toBe(200);
    await before.close();
    await orphanConnectionsOf(dataFile, 'gone');

    const s = await startTestSandbox({ grafanaVersion: '11.2', release, dataFile });
    expect((await get(s, '/lib')).body.result.meta.connectedDashboards).toBe(1);
    expect((await get(s, '/lib/connections')).body.result).toEqual([]);
    expect((await apiRequest(s, 'DELETE', '/api/library-elements/lib')).status).toBe(200);
    expect((await get(s, '/lib')).status).toBe(404);
  });

  it('accepts the 11.x releases with the trash (11.2 to 11.6) in the 11.2 family, and reports the one asked for', async () => {
    const s = await startTestSandbox({ grafanaVersion: '11.2', release: '11.5.3' });
    expect((await apiRequest(s, 'GET', '/api/health')).body.version).toBe('11.5.3');
    await expect(startTestSandbox({ grafanaVersion: '11.2', release: '11.1.0' })).rejects.toThrow('release "11.1.0" is not a Grafana 11.2 release (give major.minor.patch, e.g. 11.2.10; 11.2 to 11.6 are accepted)');
  });

  it.each([
    ['12', {}, 1],
    ['13', { storage: 'legacy' as const }, 0],
    ['13', {}, 0],
  ] as const)('%s %o: an /apis delete leaves legacy storage\'s connection rows, which 12 counts (not listed, dropped by the panel\'s delete)', async (grafanaVersion, options, counted) => {
    // Legacy storage's DeleteDashboard deletes through the dashboard store, whose statements leave library_element_connection;
    // only /api's handler disconnects first. 12 counts the rows; 13 counts, lists and checks through search.
    const s = await startTestSandbox({ grafanaVersion, ...options });
    await create(s, { uid: 'lib', name: 'Lib', kind: 1, model: {} });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd', title: 'D', panels: [{ id: 1, libraryPanel: { uid: 'lib', name: 'Lib' } }] } });
    const version = grafanaVersion === '12' ? 'v1beta1' : 'v1';
    expect((await apiRequest(s, 'DELETE', `/apis/dashboard.grafana.app/${version}/namespaces/default/dashboards/d`)).status).toBe(200);
    expect((await get(s, '/lib')).body.result.meta.connectedDashboards).toBe(counted);
    expect((await get(s, '/lib/connections')).body.result).toEqual([]);
    expect((await apiRequest(s, 'DELETE', '/api/library-elements/lib')).status).toBe(200);
  });

  it('11.2 without dashboardRestore disconnects on delete, as 12 and 13 do', async () => {
    const s = await startTestSandbox({ grafanaVersion: '11.2', features: { dashboardRestore: false } });
    await create(s, { uid: 'lib', name: 'Lib', kind: 1, model: {} });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd', title: 'D', panels: [{ id: 1, libraryPanel: { uid: 'lib', name: 'Lib' } }] } });
    expect((await apiRequest(s, 'DELETE', '/api/dashboards/uid/d')).body.message).toBe('Dashboard D deleted');
    expect((await get(s, '/lib/connections')).body.result).toEqual([]);
  });

  it.each([
    ['11.2', {}],
    ['12', {}],
    ['13', {}],
    ['13', { storage: 'legacy' as const }],
  ] as const)('%s %o: below org Admin, a dashboard in a folder the caller may not read is counted and blocks the delete, but is not listed', async (grafanaVersion, options) => {
    const s = await startTestSandbox({ grafanaVersion, ...options });
    await create(s, { uid: 'lib', name: 'Lib', kind: 1, model: {} });
    expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'secret', title: 'Secret' })).status).toBe(200);
    expect((await apiRequest(s, 'POST', '/api/folders/secret/permissions', { items: [] })).status).toBe(200);
    for (const [uid, folderUid] of [['hidden', 'secret'], ['shown', '']]) {
      const saved = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid, title: uid, panels: [{ id: 1, libraryPanel: { uid: 'lib', name: 'Lib' } }] }, folderUid });
      expect(saved.status).toBe(200);
    }
    const editor = bearerHeaders(await s.createToken('Editor'));
    const users = async (headers?: Record<string, string>) => (await get(s, '/lib/connections', headers)).body.result.map((row: { connectionUid: string }) => row.connectionUid).sort();
    expect(await users(editor)).toEqual(['shown']);
    expect((await get(s, '/lib', editor)).body.result.meta.connectedDashboards).toBe(2);
    expect(await users()).toEqual(['hidden', 'shown']);
    expect(await users(bearerHeaders(await s.createToken('Admin')))).toEqual(['hidden', 'shown']);
    await deleteForGood(s, 'shown');
    const refused = await apiRequest(s, 'DELETE', '/api/library-elements/lib', undefined, editor);
    expect([refused.status, refused.body.message]).toEqual([403, 'the library element has connections']);
  });

  it('12 keeps the row id but reports the element’s creation', async () => {
    const s = await startTestSandbox({ grafanaVersion: '12' });
    const element = (await create(s, { uid: 'lib', name: 'Lib', kind: 1, model: {} })).body.result;
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd', title: 'D', panels: [{ id: 1, libraryPanel: { uid: 'lib', name: 'Lib' } }] } });
    const [row] = (await get(s, '/lib/connections')).body.result;
    expect(row).toEqual({ id: 1, kind: 1, elementId: 1, connectionId: 1, connectionUid: 'd', created: element.meta.created, createdBy: ADMIN });
  });

  it('13 derives the id from FNV-1a of element id, dashboard uid, org and element creation', async () => {
    const { hashedConnectionId } = await import('../../src/sandbox/library-elements/connection-id.js');
    expect(hashedConnectionId(1, 'dash-a', 1, '2024-01-01T00:00:00Z')).toBe(565420044047870);
    const s = await startTestSandbox({ grafanaVersion: '13' });
    const element = (await create(s, { uid: 'lib', name: 'Lib', kind: 1, model: {} })).body.result;
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'dash-a', title: 'D', panels: [{ id: 1, libraryPanel: { uid: 'lib', name: 'Lib' } }] } });
    const [row] = (await get(s, '/lib/connections')).body.result;
    expect(row).toEqual({
      id: hashedConnectionId(1, 'dash-a', 1, element.meta.created),
      kind: 1,
      elementId: 1,
      connectionId: 1,
      connectionUid: 'dash-a',
      created: element.meta.created,
      createdBy: ADMIN,
    });
  });
});

describe('library element counts on Grafana 13.0 before PR #121903 (staleConnectionCounts)', () => {
  it('says 0 connected dashboards where the connections list the dashboard that uses it', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13', staleConnectionCounts: true });
    await create(s, { uid: 'lib', name: 'Lib', kind: 1, model: {} });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd', title: 'D', panels: [{ id: 1, libraryPanel: { uid: 'lib', name: 'Lib' } }] } });
    expect((await get(s, '/lib')).body.result.meta.connectedDashboards).toBe(0);
    expect((await get(s, '')).body.result.elements[0].meta.connectedDashboards).toBe(0);
    expect((await get(s, '/lib/connections')).body.result.map((row: { connectionUid: string }) => row.connectionUid)).toEqual(['d']);
    expect((await apiRequest(s, 'DELETE', '/api/library-elements/lib')).status).toBe(403);
  });
});

// Unified storage answers a panel's users through search, whose index drops a deleted dashboard's references (newer
// builds keep a trash document holding only title, folder and tags): src/sandbox/README.md, "Recently deleted".
describe('a dashboard in Recently deleted on unified storage (12.4 with restoreDashboards off, 13)', () => {
  it.each([
    { grafanaVersion: '12', release: '12.4.0', restoreDashboards: false, v1: 'v1beta1' },
    { grafanaVersion: '13', release: undefined, restoreDashboards: true, v1: 'v1' },
  ] as const)('$grafanaVersion: no longer uses the panel (not counted, not listed, its delete allowed); taken back, it names a panel that is gone', async ({ grafanaVersion, release, restoreDashboards, v1 }) => {
    const s = await startTestSandbox({ grafanaVersion, ...(release ? { release } : {}), storage: 'unified', features: { restoreDashboards } });
    await create(s, { uid: 'lib', name: 'Lib', kind: 1, model: {} });
    const dashboard = { uid: 'd', title: 'D', panels: [{ id: 1, gridPos: { h: 8, w: 12, x: 0, y: 0 }, libraryPanel: { uid: 'lib', name: 'Lib' } }] };
    expect((await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard })).status).toBe(200);
    expect((await get(s, '/lib')).body.result.meta.connectedDashboards).toBe(1);
    expect((await apiRequest(s, 'DELETE', '/api/dashboards/uid/d')).status).toBe(200);
    expect((await get(s, '/lib')).body.result.meta.connectedDashboards).toBe(0);
    expect((await get(s, '/lib/connections')).body.result).toEqual([]);
    expect((await apiRequest(s, 'DELETE', '/api/library-elements/lib')).status).toBe(200);
    // Taken back the way the UI does it (the trash entry created again): saved, naming a library panel that is gone.
    const dashboards = `/apis/dashboard.grafana.app/${v1}/namespaces/default/dashboards`;
    const [item] = (await apiRequest(s, 'GET', `${dashboards}?labelSelector=grafana.app%2Fget-trash%3Dtrue`)).body.items;
    expect(item.metadata.name).toBe('d');
    const restored = await apiRequest(s, 'POST', dashboards, { ...item, metadata: { ...item.metadata, resourceVersion: '' } });
    expect(restored.status).toBe(201);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/d')).body.dashboard.panels[0].libraryPanel).toEqual({ uid: 'lib', name: 'Lib' });
    expect((await get(s, '/lib')).status).toBe(404);
  });
});

// Where 12.4 on unified storage takes `connectedDashboards` from: 12's SQL subquery on library_element_connection (PR
// #121903 replaced it with search only in April 2026, for 13). `/api`'s delete disconnects those rows first; the resource
// server's delete (`/apis`) touches no SQL table, so the row of a dashboard it moves to "Recently deleted" stays counted,
// while the connections (search) no longer list it and the panel's delete drops it (src/sandbox/README.md).
describe('an /apis delete on unified storage: 12.4 still counts the row, 13 counts none', () => {
  it.each([
    { grafanaVersion: '12', release: '12.4.0', counted: 1, v1: 'v1beta1' },
    { grafanaVersion: '13', release: undefined, counted: 0, v1: 'v1' },
  ] as const)('$grafanaVersion: counted $counted after the delete, listed by no connection, and the panel deletes', async ({ grafanaVersion, release, counted, v1 }) => {
    const s = await startTestSandbox({ grafanaVersion, ...(release ? { release } : {}), storage: 'unified' });
    await create(s, { uid: 'lib', name: 'Lib', kind: 1, model: {} });
    const dashboard = { uid: 'd', title: 'D', panels: [{ id: 1, gridPos: { h: 8, w: 12, x: 0, y: 0 }, libraryPanel: { uid: 'lib', name: 'Lib' } }] };
    expect((await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard })).status).toBe(200);
    expect((await get(s, '/lib')).body.result.meta.connectedDashboards).toBe(1);
    expect((await apiRequest(s, 'DELETE', `/apis/dashboard.grafana.app/${v1}/namespaces/default/dashboards/d`)).status).toBe(200);
    expect((await get(s, '/lib')).body.result.meta.connectedDashboards).toBe(counted);
    expect((await get(s, '/lib/connections')).body.result).toEqual([]);
    expect((await apiRequest(s, 'DELETE', '/api/library-elements/lib')).status).toBe(200);
  });
});

// sandbox-v2-51: an /apis save on unified storage runs no connect step (legacy storage's SaveDashboard is the only caller
// of ConnectLibraryPanelsForDashboard on that path, pkg/registry/apis/dashboard/legacy/sql_dashboards.go), so 12.4 in
// mode 5 writes no library_element_connection row for it: its SQL count misses the dashboard while the connections
// (search) list it; an `/api` save connects (postDashboard). 13 counts through search (PR #121903).
describe('an /apis save on unified storage: 12.4 lists the dashboard but does not count it until an /api save, 13 counts it', () => {
  it.each([
    { grafanaVersion: '12', release: '12.4.0', counted: 0, v1: 'v1beta1' },
    { grafanaVersion: '13', release: undefined, counted: 1, v1: 'v1' },
  ] as const)('$grafanaVersion: counted $counted after the /apis save', async ({ grafanaVersion, release, counted, v1 }) => {
    const s = await startTestSandbox({ grafanaVersion, ...(release ? { release } : {}), storage: 'unified' });
    await create(s, { uid: 'lib', name: 'Lib', kind: 1, model: {} });
    const spec = { title: 'D', panels: [{ id: 1, gridPos: { h: 8, w: 12, x: 0, y: 0 }, libraryPanel: { uid: 'lib', name: 'Lib' } }] };
    const dashboards = `/apis/dashboard.grafana.app/${v1}/namespaces/default/dashboards`;
    expect((await apiRequest(s, 'POST', dashboards, { metadata: { name: 'd' }, spec })).status).toBe(201);
    const users = async () => [(await get(s, '/lib')).body.result.meta.connectedDashboards, (await get(s, '/lib/connections')).body.result.map((row: { connectionUid: string }) => row.connectionUid)];
    expect(await users()).toEqual([counted, ['d']]);
    expect((await apiRequest(s, 'DELETE', '/api/library-elements/lib')).status).toBe(403);
    // An /api save connects: counted on both.
    expect((await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd', ...spec }, overwrite: true })).status).toBe(200);
    expect(await users()).toEqual([1, ['d']]);
    // An /apis save that drops the panel: 12.4's row stays counted (no disconnect either), search no longer lists it.
    const current = (await apiRequest(s, 'GET', `${dashboards}/d`)).body;
    const dropped = await apiRequest(s, 'PUT', `${dashboards}/d`, { ...current, spec: { ...current.spec, panels: [] } });
    expect(dropped.status).toBe(200);
    expect(await users()).toEqual([grafanaVersion === '12' ? 1 : 0, []]);
    expect((await apiRequest(s, 'DELETE', '/api/library-elements/lib')).status).toBe(200);
  });
});
