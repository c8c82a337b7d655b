import { describe, expect, it } from 'vitest';
import type { GrafanaVersion, SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';

// GET /api/dashboards/home as GetHomeDashboard answers it (pkg/api/dashboard.go; src/sandbox/README.md, "The home
// dashboard"): a redirect to the dashboard the preferences name, else the built-in home.

const versions: GrafanaVersion[] = ['11.2', '12', '13'];
const ZERO = '0001-01-01T00:00:00Z';

/** DashboardMeta with only canEdit and folderTitle set: no isHome, no type, no apiVersion. */
const meta = (canEdit: boolean) =>
  `{"canSave":false,"canEdit":${canEdit},"canAdmin":false,"canStar":false,"canDelete":false,"slug":"","url":"",` +
  `"expires":"${ZERO}","created":"${ZERO}","updated":"${ZERO}","updatedBy":"","createdBy":"","version":0,"hasAcl":false,` +
  `"isFolder":false,"folderId":0,"folderUid":"","folderTitle":"General","folderUrl":"","provisioned":false,` +
  `"provisionedExternalId":"","annotationsPermissions":null}`;
const GETTING_STARTED = '{"gridPos":{"h":9,"w":24,"x":0,"y":3},"id":123123,"type":"gettingstarted"}';

const save = (s: SandboxHandle, uid: string, title: string) => apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid, title } });
const setHome = (s: SandboxHandle, scope: 'user' | 'org', body: object, headers?: Record<string, string>) =>
  apiRequest(s, 'PUT', `/api/${scope}/preferences`, body, headers);
const home = (s: SandboxHandle, headers?: Record<string, string>) => apiRequest(s, 'GET', '/api/dashboards/home', undefined, headers);

describe.each(versions)('the home dashboard on Grafana %s', (grafanaVersion) => {
  it('is the built-in one without a preference: meta of zero values but canEdit and folderTitle "General"; an org Admin gets the getting-started panel', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const admin = await home(s);
    expect(admin.status).toBe(200);
    expect(admin.text.startsWith(`{"meta":${meta(true)},"dashboard":{`)).toBe(true);
    expect(admin.text).toContain(`,${GETTING_STARTED}],`);
    expect(admin.body.dashboard.title).toBe('Home');

    const editor = await home(s, bearerHeaders(await s.createToken('Editor')));
    expect(editor.text.startsWith(`{"meta":${meta(true)},"dashboard":{`)).toBe(true);
    expect(editor.text).not.toContain('gettingstarted');
    const viewer = await home(s, bearerHeaders(await s.createToken('Viewer')));
    expect(viewer.text.startsWith(`{"meta":${meta(false)},"dashboard":{`)).toBe(true);
    expect(viewer.body.dashboard.panels.map((panel: { type: string }) => panel.type)).toEqual(['text']);
  });

  it('redirects to the dashboard the preferences name: the user\'s over the org\'s, cleared by an empty uid', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await save(s, 'ops', 'Ops overview');
    await save(s, 'mine', 'My board');
    expect([(await setHome(s, 'org', { homeDashboardUID: 'ops' })).text]).toEqual(['{"message":"Preferences updated"}']);
    const redirected = await home(s);
    expect([redirected.status, redirected.text]).toEqual([200, '{"redirectUri":"/d/ops/ops-overview"}']);

    const viewerHeaders = bearerHeaders(await s.createToken('Viewer'));
    expect((await home(s, viewerHeaders)).text).toBe('{"redirectUri":"/d/ops/ops-overview"}');
    expect((await setHome(s, 'user', { homeDashboardUID: 'mine' })).status).toBe(200);
    expect((await home(s)).text).toBe('{"redirectUri":"/d/mine/my-board"}');
    // Another caller keeps the org's.
    expect((await home(s, viewerHeaders)).text).toBe('{"redirectUri":"/d/ops/ops-overview"}');

    expect((await setHome(s, 'user', { homeDashboardUID: '' })).status).toBe(200);
    expect((await home(s)).text).toBe('{"redirectUri":"/d/ops/ops-overview"}');
    // A PUT replaces the row: leaving the home out clears it.
    expect((await setHome(s, 'org', { theme: 'dark' })).status).toBe(200);
    expect((await home(s)).body.meta.folderTitle).toBe('General');
  });

  it('refuses an unknown uid (404) and an org preference from a non-Admin; a deleted home leaves the built-in one', async () => {
    const s = await startTestSandbox({ grafanaVersion, ...(grafanaVersion === '11.2' ? { features: { dashboardRestore: false } } : {}) });
    const missing = await setHome(s, 'user', { homeDashboardUID: 'nope' });
    expect([missing.status, missing.text]).toEqual([404, '{"message":"Dashboard not found","traceID":""}']);
    const editor = bearerHeaders(await s.createToken('Editor'));
    expect((await setHome(s, 'org', { homeDashboardUID: '' }, editor)).status).toBe(403);

    await save(s, 'gone', 'Gone');
    expect((await setHome(s, 'org', { homeDashboardUID: 'gone' })).status).toBe(200);
    expect((await apiRequest(s, 'DELETE', '/api/dashboards/uid/gone')).status).toBe(200);
    expect((await home(s)).body.meta.folderTitle).toBe('General');
  });

  it('redirects to a home in Recently deleted on 11.2 (GetDashboardUIDByID has no deleted filter); 12/13 leave the built-in one', async () => {
    const s = await startTestSandbox({ grafanaVersion, ...(grafanaVersion === '11.2' ? { features: { dashboardRestore: true } } : {}) });
    await save(s, 'binned', 'Binned');
    expect((await setHome(s, 'org', { homeDashboardUID: 'binned' })).status).toBe(200);
    expect((await apiRequest(s, 'DELETE', '/api/dashboards/uid/binned')).status).toBe(200);
    const answer = await home(s);
    if (grafanaVersion === '11.2') expect(answer.text).toBe('{"redirectUri":"/d/binned/binned"}');
    else expect(answer.body.meta.folderTitle).toBe('General');
  });

  it(grafanaVersion === '11.2' ? 'follows the dashboard id: a dashboard saved again under the same uid is not the home any more' : 'follows the uid (12.1+): a dashboard saved again under the same uid is the home again', async () => {
    const s = await startTestSandbox({ grafanaVersion, ...(grafanaVersion === '11.2' ? { features: { dashboardRestore: false } } : {}) });
    await save(s, 'again', 'Again');
    expect((await setHome(s, 'org', { homeDashboardUID: 'again' })).status).toBe(200);
    expect((await apiRequest(s, 'DELETE', '/api/dashboards/uid/again')).status).toBe(200);
    expect((await save(s, 'again', 'Again')).status).toBe(200);
    const answer = await home(s);
    if (grafanaVersion === '11.2') expect(answer.body.meta.folderTitle).toBe('General');
    else expect(answer.text).toBe('{"redirectUri":"/d/again/again"}');
  });
});
