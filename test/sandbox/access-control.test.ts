import { describe, expect, it } from 'vitest';
import type { GrafanaVersion } from '../../src/sandbox/types.js';
import { adminHeaders, apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';

// What a client may ask about its own credentials (src/sandbox/README.md "What the credentials may do").

describe.each(['11.2', '12', '13'] as GrafanaVersion[])('Grafana %s: the credentials\' own permissions and orgs', (grafanaVersion) => {
  it('GET /api/access-control/user/permissions: no dashboard write action for a Viewer, a folder\'s scope once granted Edit there, broad scopes for Editors and Admins', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'team', title: 'Team' }, adminHeaders());
    const account = await apiRequest(s, 'POST', '/api/serviceaccounts', { name: 'reader', role: 'Viewer' }, adminHeaders());
    const token = await apiRequest(s, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: 'ci' }, adminHeaders());
    const viewer = bearerHeaders(token.body.key);

    const before = await apiRequest(s, 'GET', '/api/access-control/user/permissions', undefined, viewer);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ 'dashboards:read': ['folders:uid:general', 'folders:uid:team'], 'folders:read': ['folders:uid:general', 'folders:uid:team'] });

    await apiRequest(s, 'POST', '/api/folders/team/permissions', { items: [{ userId: account.body.id, permission: 2 }] }, adminHeaders());
    const granted = (await apiRequest(s, 'GET', '/api/access-control/user/permissions', undefined, viewer)).body;
    expect(granted).toMatchObject({ 'dashboards:create': ['folders:uid:team'], 'dashboards:write': ['folders:uid:team'] });

    const editor = (await apiRequest(s, 'GET', '/api/access-control/user/permissions', undefined, bearerHeaders(await s.createToken('Editor')))).body;
    expect(editor['dashboards:create']).toContain('folders:uid:general');
    expect((await apiRequest(s, 'GET', '/api/access-control/user/permissions', undefined, adminHeaders())).body['dashboards:write']).toEqual(['dashboards:*', 'folders:*']);
    expect((await apiRequest(s, 'GET', '/api/access-control/user/permissions', undefined, {})).status).toBe(401);
  });

  it("dashboards.permissions:write (the trash list's set_permissions): an org Admin's on every dashboard, a folder Admin's on that folder, none for an Editor", async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'team', title: 'Team' }, adminHeaders());
    const permissions = async (headers: Record<string, string>) => (await apiRequest(s, 'GET', '/api/access-control/user/permissions', undefined, headers)).body;
    expect((await permissions(adminHeaders()))['dashboards.permissions:write']).toEqual(['dashboards:*', 'folders:*']);
    expect((await permissions(bearerHeaders(await s.createToken('Admin'))))['dashboards.permissions:write']).toEqual(['dashboards:*', 'folders:*']);
    expect((await permissions(bearerHeaders(await s.createToken('Editor'))))['dashboards.permissions:write']).toBeUndefined();
    const account = await apiRequest(s, 'POST', '/api/serviceaccounts', { name: 'team-admin', role: 'Editor' }, adminHeaders());
    const token = await apiRequest(s, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: 'ci' }, adminHeaders());
    await apiRequest(s, 'POST', '/api/folders/team/permissions', { items: [{ userId: account.body.id, permission: 4 }] }, adminHeaders());
    expect((await permissions(bearerHeaders(token.body.key)))['dashboards.permissions:write']).toEqual(['folders:uid:team']);
  });

  it('a service account with no basic role (`None`) gets its managed grants only: none at first, then View and Edit on one folder; search shows that folder alone', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    for (const uid of ['team', 'other']) await apiRequest(s, 'POST', '/api/folders', { uid, title: uid }, adminHeaders());
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'in-team', title: 'In team' }, folderUid: 'team' }, adminHeaders());
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'in-other', title: 'In other' }, folderUid: 'other' }, adminHeaders());
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'at-root', title: 'At root' }, folderUid: '' }, adminHeaders());
    const account = await apiRequest(s, 'POST', '/api/serviceaccounts', { name: 'bare', role: 'None' }, adminHeaders());
    expect([account.status, account.body.role]).toEqual([201, 'None']);
    const token = await apiRequest(s, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: 'ci' }, adminHeaders());
    const bare = bearerHeaders(token.body.key);
    const permissions = async () => (await apiRequest(s, 'GET', '/api/access-control/user/permissions', undefined, bare)).body;

    expect(await permissions()).toEqual({});
    expect((await apiRequest(s, 'GET', '/api/search?type=dash-db', undefined, bare)).body).toEqual([]);

    await apiRequest(s, 'POST', '/api/folders/team/permissions', { items: [{ userId: account.body.id, permission: 1 }] }, adminHeaders());
    expect(await permissions()).toEqual({ 'dashboards:read': ['folders:uid:team'], 'folders:read': ['folders:uid:team'] });
    expect((await apiRequest(s, 'GET', '/api/search?type=dash-db', undefined, bare)).body.map((hit: { uid: string }) => hit.uid)).toEqual(['in-team']);

    await apiRequest(s, 'POST', '/api/folders/team/permissions', { items: [{ userId: account.body.id, permission: 2 }] }, adminHeaders());
    expect(await permissions()).toMatchObject({ 'dashboards:create': ['folders:uid:team'], 'dashboards:write': ['folders:uid:team'], 'dashboards:delete': ['folders:uid:team'] });
  });

  it('GET /api/user/orgs refuses a service account ("Endpoint only available for users": 403 on 11.2, a bodiless 304 later): no role to read there', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const orgs = await apiRequest(s, 'GET', '/api/user/orgs', undefined, bearerHeaders(await s.createToken('Viewer')));
    expect([orgs.status, orgs.text]).toEqual(grafanaVersion === '11.2' ? [403, '{"message":"Endpoint only available for users"}'] : [304, '']);
  });

  it('GET /api/search?deleted=true is for org Admins only, whatever the toggle: anyone else gets 401', async () => {
    const s = await startTestSandbox({ grafanaVersion, ...(grafanaVersion === '11.2' ? { features: { dashboardRestore: false } } : {}) });
    const search = await apiRequest(s, 'GET', '/api/search?deleted=true', undefined, bearerHeaders(await s.createToken('Editor')));
    expect([search.status, search.body]).toEqual([401, { message: 'Unauthorized' }]);
  });
});

describe('Grafana 11.2 without dashboardRestore', () => {
  it('search?deleted=true lists no live dashboard or folder: only soft-deleted rows, and there are none', async () => {
    const s = await startTestSandbox({ grafanaVersion: '11.2', features: { dashboardRestore: false } });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'team', title: 'Team' }, adminHeaders());
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'live', title: 'Live' }, folderUid: 'team' }, adminHeaders());
    expect((await apiRequest(s, 'GET', '/api/search?deleted=true', undefined, adminHeaders())).body).toEqual([]);
  });
});
