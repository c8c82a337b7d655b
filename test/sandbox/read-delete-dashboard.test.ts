import { describe, expect, it } from 'vitest';
import type { GrafanaVersion, SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';

const versions: GrafanaVersion[] = ['11.2', '12', '13'];
const save = (s: SandboxHandle, body: unknown) => apiRequest(s, 'POST', '/api/dashboards/db', body);

describe.each(versions)('GET / DELETE dashboards on Grafana %s', (grafanaVersion) => {
  it('answers the model with its keys sorted at every depth, id, uid and version among them, as encoding/json writes a map', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const posted = { zeta: 1, uid: 'cpu', title: 'CPU', panels: [{ type: 'stat', id: 4, gridPos: { y: 0, x: 0, w: 6, h: 4 } }], annotations: { list: [] } };
    await save(s, { dashboard: posted });
    const expected =
      '{"annotations":{"list":[]},"id":1,"panels":[{"gridPos":{"h":4,"w":6,"x":0,"y":0},"id":4,"type":"stat"}],"title":"CPU","uid":"cpu","version":1,"zeta":1}';
    const read = await apiRequest(s, 'GET', '/api/dashboards/uid/cpu');
    expect(read.text.slice(read.text.indexOf(',"dashboard":'))).toBe(`,"dashboard":${expected}}`);
    // A version's data is the same document (12 and 13 read it from the history, which keeps no id).
    const version = await apiRequest(s, 'GET', '/api/dashboards/uid/cpu/versions/1');
    const data = version.text.slice(version.text.indexOf('"data":') + '"data":'.length, version.text.indexOf(',"createdBy":'));
    expect(data).toBe(grafanaVersion === '11.2' ? expected : expected.replace('"id":1,', ''));
    // An empty model and one whose keys all sort before `id`.
    await save(s, { dashboard: { uid: 'empty', title: 'E' } });
    await save(s, { dashboard: { uid: 'early', title: 'A', description: 'd', editable: true } });
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/early')).text).toMatch(/,"dashboard":\{"description":"d","editable":true,"id":\d+,"title":"A","uid":"early","version":1\}\}$/);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/empty')).text).toMatch(/,"dashboard":\{"id":\d+,"title":"E","uid":"empty","version":1\}\}$/);
  });

  it('writes {"meta","dashboard"} in that order, meta fields in DashboardMeta order, as json.Marshal writes DashboardFullWithMeta', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await save(s, { dashboard: { uid: 'cpu', title: 'CPU' } });
    const read = await apiRequest(s, 'GET', '/api/dashboards/uid/cpu');
    expect(read.text.startsWith('{"meta":{"type":"db","canSave":true,')).toBe(true);
    expect(read.text).toMatch(/\},"dashboard":\{"id":\d+,"title":"CPU","uid":"cpu","version":1\}\}$/);
    // JSON.parse keeps the order of keys that are not integer-like: the order they were written in.
    expect(Object.keys(read.body.meta)).toEqual([
      ...['type', 'canSave', 'canEdit', 'canAdmin', 'canStar', 'canDelete', 'slug', 'url', 'expires', 'created', 'updated'],
      ...['updatedBy', 'createdBy', 'version', 'hasAcl', 'isFolder', ...(grafanaVersion === '11.2' ? [] : ['apiVersion'])],
      ...['folderId', 'folderUid', 'folderTitle', 'folderUrl', 'provisioned', 'provisionedExternalId', 'annotationsPermissions'],
    ]);
  });

  it('escapes <, >, &, U+2028 and U+2029 inside strings as Go does (\\u003c…), in the model, in meta and in other /api answers', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const title = 'Latency\u2028<p99> & "errors"\u2029 now'; // inside: Grafana trims the title as strings.TrimSpace does
    await apiRequest(s, 'POST', '/api/folders', { uid: 'rd', title: 'R&D <ops>' });
    await save(s, { dashboard: { uid: 'lat', title, description: '</script>' }, folderUid: 'rd' });
    const read = await apiRequest(s, 'GET', '/api/dashboards/uid/lat');
    expect(read.text).toContain('"title":"Latency\\u2028\\u003cp99\\u003e \\u0026 \\"errors\\"\\u2029 now"');
    expect(read.text).toContain('"description":"\\u003c/script\\u003e"');
    expect(read.text).toContain('"folderTitle":"R\\u0026D \\u003cops\\u003e"');
    expect(read.text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(read.body.dashboard.title).toBe(title);
    expect(read.body.meta.folderTitle).toBe('R&D <ops>');
    // Every /api answer goes through json.Marshal: a version's data, search hits, folders.
    for (const path of ['/api/dashboards/uid/lat/versions/1', '/api/search?query=Latency', '/api/folders/rd']) {
      const other = await apiRequest(s, 'GET', path);
      expect(other.text).toMatch(/\\u003c(p99|ops)\\u003e/);
      expect(other.text).not.toMatch(/[<>&\u2028\u2029]/);
    }
  });

  it('sorts keys as Go sorts map keys, by their UTF-8 bytes: "10" before "2", U+FB01 before U+1F600, at every depth', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const options = { b: { text: 'bee' }, 2: { text: 'two' }, '1a': { text: 'one-a' }, 10: { text: 'ten' } };
    const panel = { id: 1, type: 'stat', fieldConfig: { defaults: { mappings: [{ type: 'value', options }] } } };
    await save(s, { dashboard: { uid: 'map', title: 'Mapped', panels: [panel], 7: 'seven', 10: 'ten', '\u{1F600}': 1, '\uFB01': 2 } });
    const read = await apiRequest(s, 'GET', '/api/dashboards/uid/map');
    expect(read.text).toContain('"options":{"10":{"text":"ten"},"1a":{"text":"one-a"},"2":{"text":"two"},"b":{"text":"bee"}}');
    expect(read.text).toMatch(/,"dashboard":\{"10":"ten","7":"seven","id":\d+,"panels":\[.*\],"title":"Mapped","uid":"map","version":1,"\uFB01":2,"\u{1F600}":1\}\}$/u);
    expect(read.body.dashboard.panels[0].fieldConfig.defaults.mappings[0].options).toEqual(options);
  });

  it('returns the dashboard with the full meta', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'team', title: 'Team A' });
    await save(s, { dashboard: { uid: 'cpu', title: 'CPU', tags: ['b', 'a'] }, folderUid: 'team' });
    const response = await apiRequest(s, 'GET', '/api/dashboards/uid/cpu');
    expect(response.status).toBe(200);
    const { dashboard, meta } = response.body;
    expect(dashboard).toEqual({ id: 2, uid: 'cpu', version: 1, title: 'CPU', tags: ['b', 'a'] });
    expect(meta).toEqual({
      type: 'db',
      canSave: true,
      canEdit: true,
      canAdmin: true,
      canStar: true,
      canDelete: true,
      slug: 'cpu',
      url: '/d/cpu/cpu',
      expires: '0001-01-01T00:00:00Z',
      created: meta.created,
      updated: meta.updated,
      updatedBy: 'admin',
      createdBy: 'admin',
      version: 1,
      hasAcl: false,
      isFolder: false,
      ...(grafanaVersion === '11.2' ? {} : { apiVersion: 'v0alpha1' }),
      folderId: 1,
      folderUid: 'team',
      folderTitle: 'Team A',
      folderUrl: '/dashboards/f/team/team-a',
      provisioned: false,
      provisionedExternalId: '',
      annotationsPermissions: {
        dashboard: { canAdd: true, canEdit: true, canDelete: true },
        organization: { canAdd: true, canEdit: true, canDelete: true },
      },
    });
    expect(meta.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('answers 404 with traceID for an unknown uid', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const response = await apiRequest(s, 'GET', '/api/dashboards/uid/nope');
    expect([response.status, response.text]).toEqual([404, '{"message":"Dashboard not found","traceID":""}']);
  });

  it('deletes: a move to Recently deleted on 11.2 (dashboardRestore, on in the sandbox), a hard delete on 12 and 13', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await save(s, { dashboard: { uid: 'gone', title: 'Gone soon' } });
    const response = await apiRequest(s, 'DELETE', '/api/dashboards/uid/gone');
    expect(response.status).toBe(200);
    const message = grafanaVersion === '11.2' ? 'Dashboard Gone soon moved to Recently deleted' : 'Dashboard Gone soon deleted';
    expect(response.text).toBe(`{"message":"${message}","title":"Gone soon","uid":"gone"}`);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/gone')).status).toBe(404);
    expect((await apiRequest(s, 'GET', '/api/search?query=Gone')).body).toEqual([]);
    const again = await apiRequest(s, 'DELETE', '/api/dashboards/uid/gone');
    expect([again.status, again.text]).toEqual([404, '{"message":"Dashboard not found","traceID":""}']);
    const recreated = await save(s, { dashboard: { uid: 'gone', title: 'Gone soon' } });
    // 11.2: the row in Recently deleted still holds the uid (getExistingDashboardByIDOrUIDForUpdate has no `deleted` filter).
    if (grafanaVersion === '11.2') expect([recreated.status, recreated.body.status]).toEqual([412, 'version-mismatch']);
    else expect(recreated.body).toMatchObject({ uid: 'gone', version: 1 });
  });

  it('refuses to delete a provisioned dashboard', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await s.provisionDashboard({ dashboard: { uid: 'prov', title: 'Prov' } });
    const response = await apiRequest(s, 'DELETE', '/api/dashboards/uid/prov');
    expect([response.status, response.text]).toEqual([400, '{"message":"provisioned dashboard cannot be deleted","traceID":""}']);
  });

  it('serves the built-in home dashboard and the tag counts', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await save(s, { dashboard: { uid: 'a', title: 'A', tags: ['prod', 'cpu'] } });
    await save(s, { dashboard: { uid: 'b', title: 'B', tags: ['prod'] } });
    const home = await apiRequest(s, 'GET', '/api/dashboards/home');
    expect(home.status).toBe(200);
    expect(home.body.meta).toMatchObject({ canSave: false, slug: '', folderTitle: 'General' });
    expect(home.body.dashboard.title).toBe('Home');
    const tags = await apiRequest(s, 'GET', '/api/dashboards/tags');
    expect(tags.body).toEqual([
      { term: 'cpu', count: 1 },
      { term: 'prod', count: 2 },
    ]);
    expect(tags.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect((await apiRequest(s, 'GET', '/api/search')).headers.get('content-type')).toBe('application/json');
  });

  it('serves the trash routes only on 11.2', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'f', title: 'F' });
    await save(s, { dashboard: { uid: 't', title: 'Trashy' }, folderUid: 'f' });
    await apiRequest(s, 'DELETE', '/api/dashboards/uid/t');
    const restore = await apiRequest(s, 'PATCH', '/api/dashboards/uid/t/trash', {});
    if (grafanaVersion !== '11.2') {
      expect([restore.status, restore.text]).toEqual([404, '{"message":"Not found"}']);
      const purge = await apiRequest(s, 'DELETE', '/api/dashboards/uid/t/trash', undefined, {});
      expect([purge.status, purge.text]).toEqual([404, '{"message":"Not found"}']);
      return;
    }
    expect([restore.status, restore.text]).toEqual([200, '{"message":"Dashboard Trashy restored","title":"Trashy","uid":"t"}']);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/t')).body.meta.folderUid).toBe('f');
    await apiRequest(s, 'DELETE', '/api/dashboards/uid/t');
    const trash = await apiRequest(s, 'GET', '/api/search?deleted=true');
    expect(trash.body).toHaveLength(1);
    expect(trash.body[0]).toMatchObject({ uid: 't', isDeleted: true });
    expect(trash.body[0].permanentlyDeleteDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const badFolder = await apiRequest(s, 'PATCH', '/api/dashboards/uid/t/trash', { folderUid: 'missing' });
    expect([badFolder.status, badFolder.text]).toEqual([400, '{"message":"Restoring folder not found","traceID":""}']);
    const purge = await apiRequest(s, 'DELETE', '/api/dashboards/uid/t/trash');
    expect([purge.status, purge.text]).toEqual([200, '{"message":"Dashboard Trashy deleted","title":"Trashy","uid":"t"}']);
    expect((await apiRequest(s, 'GET', '/api/search?deleted=true')).body).toEqual([]);
    const notTrashed = await apiRequest(s, 'DELETE', '/api/dashboards/uid/t/trash');
    expect(notTrashed.status).toBe(404);
  });

  it('says which feature toggles are on in GET /api/frontend/settings, to any signed-in caller', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const viewer = bearerHeaders(await s.createToken('Viewer'));
    const settings = await apiRequest(s, 'GET', '/api/frontend/settings', undefined, viewer);
    expect(settings.status).toBe(200);
    const expected = { '11.2': { dashboardRestore: true }, '12': {}, '13': { dashboardNewLayouts: true, restoreDashboards: true } }[grafanaVersion];
    expect(settings.body.featureToggles).toEqual(expected);
    expect(settings.body.buildInfo.version).toBe((await apiRequest(s, 'GET', '/api/health')).body.version);
    expect((await apiRequest(s, 'GET', '/api/frontend/settings', undefined, {})).status).toBe(401);
  });

  it("lists the instance's data sources by name in GET /api/frontend/settings, the default one named, else -- Grafana --", async () => {
    const s = await startTestSandbox({ grafanaVersion, datasources: [{ uid: 'prom', name: 'Prometheus', type: 'prometheus', isDefault: true }, { uid: 'loki', name: 'Loki', type: 'loki', apiVersion: 'v1' }] });
    const settings = (await apiRequest(s, 'GET', '/api/frontend/settings', undefined, bearerHeaders(await s.createToken('Viewer')))).body;
    expect(settings.defaultDatasource).toBe('Prometheus');
    expect(settings.datasources.Prometheus).toEqual({ uid: 'prom', type: 'prometheus', name: 'Prometheus', isDefault: true });
    expect(settings.datasources.Loki).toEqual({ uid: 'loki', type: 'loki', name: 'Loki', isDefault: false, apiVersion: 'v1' });
    expect(settings.datasources['-- Grafana --']).toMatchObject({ uid: 'grafana', type: 'datasource', isDefault: false });
    const none = (await apiRequest(await startTestSandbox({ grafanaVersion }), 'GET', '/api/frontend/settings')).body;
    expect(none.defaultDatasource).toBe('-- Grafana --');
    expect(Object.keys(none.datasources).sort()).toEqual(['-- Dashboard --', '-- Grafana --', '-- Mixed --']);
  });
});

describe('11.2 "Recently deleted" behind the dashboardRestore toggle', () => {
  it('without the toggle a delete is for good: no trash routes, search?deleted=true lists nothing, the settings do not name it', async () => {
    const s = await startTestSandbox({ grafanaVersion: '11.2', features: { dashboardRestore: false } });
    await save(s, { dashboard: { uid: 't', title: 'Trashy' } });
    const deleted = await apiRequest(s, 'DELETE', '/api/dashboards/uid/t');
    expect(deleted.text).toBe('{"message":"Dashboard Trashy deleted","title":"Trashy","uid":"t"}');
    expect((await apiRequest(s, 'PATCH', '/api/dashboards/uid/t/trash', {})).status).toBe(404);
    expect((await apiRequest(s, 'GET', '/api/search?deleted=true')).body).toEqual([]);
    expect((await apiRequest(s, 'GET', '/api/frontend/settings')).body.featureToggles).toEqual({});
  });

  it('the trash routes are for org Admins only (reqOrgAdmin): an Editor gets "Permission denied"', async () => {
    const s = await startTestSandbox({ grafanaVersion: '11.2' });
    await save(s, { dashboard: { uid: 't', title: 'Trashy' } });
    await apiRequest(s, 'DELETE', '/api/dashboards/uid/t');
    const editor = bearerHeaders(await s.createToken('Editor'));
    const refused = await apiRequest(s, 'PATCH', '/api/dashboards/uid/t/trash', {}, editor);
    expect([refused.status, refused.text]).toEqual([403, '{"message":"Permission denied"}']);
    expect((await apiRequest(s, 'DELETE', '/api/dashboards/uid/t/trash', undefined, editor)).status).toBe(403);
  });

  it('a folder delete moves its dashboards (subfolders included) to Recently deleted; restoring one answers "Restoring folder not found" until it names a folder', async () => {
    const s = await startTestSandbox({ grafanaVersion: '11.2' });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'team', title: 'Team' });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'sub', title: 'Sub', parentUid: 'team' });
    await save(s, { dashboard: { uid: 'a', title: 'A' }, folderUid: 'team' });
    await save(s, { dashboard: { uid: 'b', title: 'B' }, folderUid: 'sub' });
    await save(s, { dashboard: { uid: 'c', title: 'C' }, folderUid: 'team' });
    await apiRequest(s, 'DELETE', '/api/dashboards/uid/c');
    expect((await apiRequest(s, 'DELETE', '/api/folders/team')).status).toBe(200);
    const trash = await apiRequest(s, 'GET', '/api/search?deleted=true');
    expect(trash.body.map((hit: { uid: string }) => hit.uid).sort()).toEqual(['a', 'b', 'c']);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/a')).status).toBe(404);
    const refused = await apiRequest(s, 'PATCH', '/api/dashboards/uid/a/trash', {});
    expect([refused.status, refused.body.message]).toEqual([400, 'Restoring folder not found']);
    await apiRequest(s, 'POST', '/api/folders', { uid: 'team', title: 'Team' });
    expect((await apiRequest(s, 'PATCH', '/api/dashboards/uid/a/trash', {})).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/a')).body.meta.folderUid).toBe('team');
    await apiRequest(s, 'POST', '/api/folders', { uid: 'other', title: 'Other' });
    expect((await apiRequest(s, 'PATCH', '/api/dashboards/uid/b/trash', { folderUid: 'other' })).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/b')).body.meta.folderUid).toBe('other');
  });

  it('an empty folderUid in the restore means the dashboard\'s own folder, not the General level (RestoreDashboard: `if optionalFolderUID != ""`)', async () => {
    const s = await startTestSandbox({ grafanaVersion: '11.2' });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'team', title: 'Team' });
    await save(s, { dashboard: { uid: 'a', title: 'A' }, folderUid: 'team' });
    await apiRequest(s, 'DELETE', '/api/dashboards/uid/a');
    expect((await apiRequest(s, 'PATCH', '/api/dashboards/uid/a/trash', { folderUid: '' })).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/a')).body.meta.folderUid).toBe('team');
    await apiRequest(s, 'DELETE', '/api/dashboards/uid/a');
    await apiRequest(s, 'DELETE', '/api/folders/team');
    const refused = await apiRequest(s, 'PATCH', '/api/dashboards/uid/a/trash', { folderUid: '' });
    expect([refused.status, refused.body.message]).toEqual([400, 'Restoring folder not found']);
  });

  it('without the toggle a folder delete takes its dashboards for good', async () => {
    const s = await startTestSandbox({ grafanaVersion: '11.2', features: { dashboardRestore: false } });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'team', title: 'Team' });
    await save(s, { dashboard: { uid: 'a', title: 'A' }, folderUid: 'team' });
    await apiRequest(s, 'DELETE', '/api/folders/team');
    await apiRequest(s, 'POST', '/api/folders', { uid: 'team', title: 'Team' });
    const again = await save(s, { dashboard: { uid: 'a', title: 'A' }, folderUid: 'team' });
    expect([again.status, again.body.version]).toEqual([200, 1]);
  });

  it('a save naming the uid of a dashboard in Recently deleted meets that row: 412 without overwrite; with it the row is updated and stays in the trash', async () => {
    const s = await startTestSandbox({ grafanaVersion: '11.2' });
    await save(s, { dashboard: { uid: 't', title: 'Trashy' } });
    await save(s, { dashboard: { uid: 't', title: 'Trashy', version: 1 } });
    await apiRequest(s, 'DELETE', '/api/dashboards/uid/t');
    const refused = await save(s, { dashboard: { uid: 't', title: 'Again' } });
    expect([refused.status, refused.body.status]).toEqual([412, 'version-mismatch']);
    const forced = await save(s, { dashboard: { uid: 't', title: 'Again' }, overwrite: true });
    expect([forced.status, forced.body.version, forced.body.id]).toEqual([200, 3, 1]);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/t')).status).toBe(404);
    expect((await apiRequest(s, 'GET', '/api/search?deleted=true')).body.map((hit: { title: string }) => hit.title)).toEqual(['Again']);
    expect((await apiRequest(s, 'PATCH', '/api/dashboards/uid/t/trash', {})).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/t')).body.dashboard).toMatchObject({ title: 'Again', version: 3 });
  });
});
