import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const group = (name: string, versions: string[]) => ({
  name,
  versions: versions.map((version) => ({ groupVersion: `${name}/${version}`, version })),
  preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
});

describe('/apis discovery', () => {
  it("is absent on 11.2 (no kubernetesDashboards toggle): Grafana's JSON 404, as for any /api path it does not route", async () => {
    const s = await startTestSandbox({ grafanaVersion: '11.2' });
    const response = await apiRequest(s, 'GET', '/apis');
    expect([response.status, response.text]).toEqual([404, '{"message":"Not found"}']);
    expect((await apiRequest(s, 'GET', '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards')).status).toBe(404);
  });

  it('12 lists v1beta1 first (preferred) without dashboardNewLayouts, v2beta1 with it', async () => {
    const s = await startTestSandbox({ grafanaVersion: '12' });
    const response = await apiRequest(s, 'GET', '/apis');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.body).toEqual({
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [
        group('dashboard.grafana.app', ['v1beta1', 'v0alpha1', 'v2beta1', 'v2alpha1']),
        group('folder.grafana.app', ['v1beta1']),
      ],
    });
    const flagged = await startTestSandbox({ grafanaVersion: '12', features: { dashboardNewLayouts: true } });
    expect((await apiRequest(flagged, 'GET', '/apis/dashboard.grafana.app')).text).toBe(
      `${JSON.stringify({ kind: 'APIGroup', apiVersion: 'v1', ...group('dashboard.grafana.app', ['v2beta1', 'v2alpha1', 'v0alpha1', 'v1beta1']) })}\n`,
    );
  });

  it('13 prefers v2 by default (dashboardNewLayouts on since PR #121836) and v1 when the toggle is off', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    expect(s.features).toEqual({ dashboardNewLayouts: true, restoreDashboards: true });
    expect((await apiRequest(s, 'GET', '/apis')).body.groups).toEqual([
      group('dashboard.grafana.app', ['v2', 'v2beta1', 'v2alpha1', 'v0alpha1', 'v1', 'v1beta1']),
      group('folder.grafana.app', ['v1', 'v1beta1']),
    ]);
    const classic = await startTestSandbox({ grafanaVersion: '13', features: { dashboardNewLayouts: false } });
    expect((await apiRequest(classic, 'GET', '/apis/dashboard.grafana.app')).body.preferredVersion).toEqual({
      groupVersion: 'dashboard.grafana.app/v1',
      version: 'v1',
    });
  });

  it('describes the resources of a served version; an unserved one or an unknown group is the apiserver 404', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    const resources = await apiRequest(s, 'GET', '/apis/dashboard.grafana.app/v1');
    expect(resources.text).toBe(
      `${JSON.stringify({
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: 'dashboard.grafana.app/v1',
        resources: [
          { name: 'dashboards', singularName: 'dashboard', namespaced: true, kind: 'Dashboard', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update'] },
        ],
      })}\n`,
    );
    const notServed = '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404}\n';
    for (const path of ['/apis/dashboard.grafana.app/v3', '/apis/playlist.grafana.app', '/apis/dashboard.grafana.app/v1/namespaces/default/playlists']) {
      const response = await apiRequest(s, 'GET', path);
      expect([response.status, response.text]).toEqual([404, notServed]);
    }
    const twelve = await startTestSandbox({ grafanaVersion: '12' });
    expect((await apiRequest(twelve, 'GET', '/apis/dashboard.grafana.app/v1')).status).toBe(404);
  });

  it('needs a signed-in caller: Grafana answers the 401 before the apiserver sees the request', async () => {
    const s = await startTestSandbox({ grafanaVersion: '12' });
    const response = await apiRequest(s, 'GET', '/apis', undefined, {});
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ message: 'Unauthorized', messageId: 'auth.unauthorized', statusCode: 401 });
  });
});
