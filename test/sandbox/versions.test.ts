import { describe, expect, it } from 'vitest';
import type { GrafanaVersion, SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const versions: GrafanaVersion[] = ['11.2', '12', '13'];
const save = (s: SandboxHandle, body: unknown) => apiRequest(s, 'POST', '/api/dashboards/db', body);
const listOf = (grafanaVersion: GrafanaVersion, body: any) => (grafanaVersion === '11.2' ? body : body.versions);

describe.each(versions)('dashboard versions on Grafana %s', (grafanaVersion) => {
  it('lists newest first with Grafana’s message rewrites, in the era’s shape', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await save(s, { dashboard: { uid: 'other', title: 'Other' } });
    await save(s, { dashboard: { uid: 'v', title: 'V' }, message: 'dashsync: first' });
    await save(s, { dashboard: { uid: 'v', title: 'V', version: 1 }, message: 'dashsync: abc123 second' });
    const response = await apiRequest(s, 'GET', '/api/dashboards/uid/v/versions');
    expect(response.status).toBe(200);
    if (grafanaVersion === '11.2') expect(Array.isArray(response.body)).toBe(true);
    else expect(response.body.continueToken).toBe('');
    const list = listOf(grafanaVersion, response.body);
    expect(list.map((v: any) => [v.version, v.parentVersion, v.message, v.createdBy, v.uid, v.dashboardId])).toEqual([
      [2, 1, 'dashsync: abc123 second', 'admin', 'v', 2],
      [1, 0, 'Initial save', 'admin', 'v', 2],
    ]);
    // 11.2: dashboard_version row ids (one sequence for all dashboards); 12+: k8s history, id = the version.
    expect(list.map((v: any) => v.id)).toEqual(grafanaVersion === '11.2' ? [3, 2] : [2, 1]);
    expect(Object.keys(list[0])).toEqual(['id', 'dashboardId', 'uid', 'parentVersion', 'restoredFrom', 'version', 'created', 'message', 'data', 'createdBy']);
    // 11.2's rows carry the stored JSON too (GetDashboardVersions copies `version.Data`, the SQL list selects the data column).
    if (grafanaVersion === '11.2') expect(list[0].data).toEqual({ id: 2, uid: 'v', version: 2, title: 'V' });
    else expect(list[0].data).toEqual({ uid: 'v', version: 2, title: 'V' });
  });

  it('pages with limit and start / continueToken', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    for (let version = 0; version < 5; version++) await save(s, { dashboard: { uid: 'p', title: 'P', version } });
    const first = await apiRequest(s, 'GET', '/api/dashboards/uid/p/versions?limit=2');
    // 11.2 skips `start` rows; 12+ hand the `/apis` history's own token back (dashverimpl listHistoryThroughK8s).
    const next = grafanaVersion === '11.2' ? 'start=2' : `continueToken=${encodeURIComponent(first.body.continueToken)}`;
    const second = await apiRequest(s, 'GET', `/api/dashboards/uid/p/versions?limit=2&${next}`);
    expect(listOf(grafanaVersion, first.body).map((v: any) => v.version)).toEqual([5, 4]);
    expect(listOf(grafanaVersion, second.body).map((v: any) => v.version)).toEqual([3, 2]);
    if (grafanaVersion !== '11.2') {
      // Legacy storage (12): legacy/token.go's, at the last version given; unified storage (13): sql/continue.go's, below its resourceVersion.
      if (grafanaVersion === '12') expect(first.body.continueToken).toBe('org:1/start:4/folder:');
      else expect(JSON.parse(Buffer.from(first.body.continueToken, 'base64').toString('utf8'))).toEqual({ o: 2, v: expect.any(Number), s: false });
      const last = await apiRequest(s, 'GET', `/api/dashboards/uid/p/versions?limit=2&continueToken=${encodeURIComponent(second.body.continueToken)}`);
      expect(last.body).toMatchObject({ continueToken: '' });
      expect(last.body.versions.map((v: any) => v.version)).toEqual([1]);
    }
  });

  it('keeps only versionsToKeep versions', async () => {
    const s = await startTestSandbox({ grafanaVersion, versionsToKeep: 3 });
    for (let version = 0; version < 6; version++) await save(s, { dashboard: { uid: 'k', title: 'K', version } });
    const list = listOf(grafanaVersion, (await apiRequest(s, 'GET', '/api/dashboards/uid/k/versions')).body);
    expect(list.map((v: any) => v.version)).toEqual([6, 5, 4]);
  });

  it('gets one version with its data, and answers 500 for a missing one', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await save(s, { dashboard: { uid: 'one', title: 'First title' }, message: 'm1' });
    await save(s, { dashboard: { uid: 'one', title: 'Second title', version: 1 }, message: 'm2' });
    const first = await apiRequest(s, 'GET', '/api/dashboards/uid/one/versions/1');
    expect(first.body).toMatchObject({ version: 1, message: 'm1', createdBy: 'admin' });
    const identity = grafanaVersion === '11.2' ? { id: 1 } : {};
    expect(first.body.data).toEqual({ ...identity, uid: 'one', version: 1, title: 'First title' });
    const missing = await apiRequest(s, 'GET', '/api/dashboards/uid/one/versions/9');
    expect([missing.status, missing.text]).toEqual([500, '{"message":"Dashboard version 9 not found for dashboardId 1","traceID":""}']);
    const unknown = await apiRequest(s, 'GET', '/api/dashboards/uid/nope/versions');
    expect([unknown.status, unknown.text]).toEqual([404, '{"message":"Dashboard not found","traceID":""}']);
  });

  it('restores an old version as a new version with restoredFrom', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await save(s, { dashboard: { uid: 'r', title: 'Old' } });
    await save(s, { dashboard: { uid: 'r', title: 'New', version: 1 } });
    const restored = await apiRequest(s, 'POST', '/api/dashboards/uid/r/restore', { version: 1 });
    expect(restored.text).toBe('{"folderUid":"","id":1,"slug":"old","status":"success","uid":"r","url":"/d/r/old","version":3}');
    const list = listOf(grafanaVersion, (await apiRequest(s, 'GET', '/api/dashboards/uid/r/versions')).body);
    expect(list[0]).toMatchObject({ version: 3, restoredFrom: 1, message: 'Restored from version 1' });
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/r')).body.dashboard.title).toBe('Old');
  });

  it('a restore of a version identical to the current dashboard: 12+ refuse it (400, nothing written), 11.2 saves a new version', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await save(s, { dashboard: { uid: 'r', title: 'Old', tags: ['a', 'b'] } });
    await save(s, { dashboard: { uid: 'r', title: 'New', version: 1 } });
    expect((await apiRequest(s, 'POST', '/api/dashboards/uid/r/restore', { version: 1 })).status).toBe(200);
    // Version 3 is version 1 again; restoring 1 (or 3) once more changes nothing.
    const again = await apiRequest(s, 'POST', '/api/dashboards/uid/r/restore', { version: 1 });
    if (grafanaVersion === '11.2') {
      expect([again.status, again.body.version]).toEqual([200, 4]);
      return;
    }
    expect([again.status, again.text]).toEqual([400, '{"message":"Current dashboard is identical to the specified version","traceID":""}']);
    expect((await apiRequest(s, 'POST', '/api/dashboards/uid/r/restore', { version: 3 })).status).toBe(400);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/r')).body.meta.version).toBe(3);
    // Another version's content is restored as usual.
    expect((await apiRequest(s, 'POST', '/api/dashboards/uid/r/restore', { version: 2 })).status).toBe(200);
  });

  it('a message with "Restored from version " and no whole integer after it fails the 12+ conversion: the list page is 404, that version 500', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const first = (await save(s, { dashboard: { uid: 'm', title: 'M' } })).body;
    await save(s, { dashboard: { uid: 'm', title: 'M2', version: 1 }, message: 'Restored from version 1 (by hand)' });
    const list = await apiRequest(s, 'GET', '/api/dashboards/uid/m/versions');
    const one = await apiRequest(s, 'GET', '/api/dashboards/uid/m/versions/2');
    if (grafanaVersion === '11.2') {
      expect([list.status, one.status, one.body.restoredFrom]).toEqual([200, 200, 0]);
      return;
    }
    expect([list.status, list.text]).toEqual([404, `{"message":"No versions found for dashboardId ${first.id}","traceID":""}`]);
    expect([one.status, one.body.message]).toEqual([500, `Dashboard version 2 not found for dashboardId ${first.id}`]);
    // A page without it still lists (the token after the newest version, as the `/apis` history hands it out).
    const history = await apiRequest(s, 'GET', `/apis/dashboard.grafana.app/${grafanaVersion === '12' ? 'v1beta1' : 'v1'}/namespaces/default/dashboards?labelSelector=grafana.app%2Fget-history%3Dtrue&fieldSelector=metadata.name%3Dm&limit=1`);
    expect((await apiRequest(s, 'GET', `/api/dashboards/uid/m/versions?limit=1&continueToken=${encodeURIComponent(history.body.metadata.continue)}`)).status).toBe(200);
    // A token the history cannot read is the List's error, which the handler answers as this 404.
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/m/versions?limit=1&continueToken=1')).status).toBe(404);
  });

  it('a restore is written with the message "Restored from version N": /apis history shows it as grafana.app/message; 12+ read restoredFrom back from the message', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await save(s, { dashboard: { uid: 'r', title: 'Old' } });
    await save(s, { dashboard: { uid: 'r', title: 'New', version: 1 } });
    expect((await apiRequest(s, 'POST', '/api/dashboards/uid/r/restore', { version: 1 })).status).toBe(200);
    // A plain save whose message reads like a restore.
    await save(s, { dashboard: { uid: 'r', title: 'Newer', version: 3 }, message: 'Restored from version 2' });
    const list = listOf(grafanaVersion, (await apiRequest(s, 'GET', '/api/dashboards/uid/r/versions')).body);
    // 11.2 keeps restored_from in its own column; 12+ have only the message.
    expect(list.slice(0, 2).map((v: any) => [v.version, v.restoredFrom, v.message])).toEqual([
      [4, grafanaVersion === '11.2' ? 0 : 2, 'Restored from version 2'],
      [3, 1, 'Restored from version 1'],
    ]);
    if (grafanaVersion === '11.2') return;
    const history = await apiRequest(s, 'GET', '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards?labelSelector=grafana.app/get-history%3Dtrue&fieldSelector=metadata.name%3Dr');
    expect(history.status, history.text).toBe(200);
    expect(history.body.items.map((item: any) => [item.metadata.generation, item.metadata.annotations['grafana.app/message']])).toEqual([
      [4, 'Restored from version 2'],
      [3, 'Restored from version 1'],
      [2, undefined],
      [1, undefined],
    ]);
  });

  it('refuses versions to a Viewer (they need dashboards:write)', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await save(s, { dashboard: { uid: 'x', title: 'X' } });
    const viewer = await s.createToken('Viewer');
    const response = await apiRequest(s, 'GET', '/api/dashboards/uid/x/versions', undefined, { authorization: `Bearer ${viewer}` });
    expect(response.status).toBe(403);
    expect(response.body.message).toBe("You'll need additional permissions to perform this action. Permissions needed: dashboards:write");
  });
});

// pull-check-51: a stock 11.6 answers the versions list as `{continueToken, versions}` (PR #99327; issue #104556 shows it
// from a real 11.6), from the SQL rows, with no token (dashverimpl List's SQL branch sets none): it pages by `start` as
// 11.2 does. The sandbox answered a bare array for every 11.x release.
describe.each([
  ['11.5.3', 'sql-array'],
  ['11.6.0', 'sql-object'],
] as const)('the versions list of Grafana %s', (release, form) => {
  it(`answers ${form === 'sql-object' ? 'an object whose token stays empty' : 'a bare array'}, with each row's data, paged by start; a page past the last row is a 404`, async () => {
    const s = await startTestSandbox({ grafanaVersion: '11.2', release });
    for (let version = 0; version < 3; version++) await save(s, { dashboard: { uid: 'p', title: `P ${version}`, version } });
    const first = await apiRequest(s, 'GET', '/api/dashboards/uid/p/versions?limit=2');
    const second = await apiRequest(s, 'GET', '/api/dashboards/uid/p/versions?limit=2&start=2&continueToken=9');
    const past = await apiRequest(s, 'GET', '/api/dashboards/uid/p/versions?limit=2&start=3');
    const rows = (body: any) => (form === 'sql-object' ? body.versions : body);
    if (form === 'sql-object') {
      expect(Object.keys(first.body)).toEqual(['continueToken', 'versions']);
      expect([first.body.continueToken, second.body.continueToken]).toEqual(['', '']);
    } else {
      expect(Array.isArray(first.body)).toBe(true);
    }
    expect(rows(first.body)[0].data).toEqual({ id: 1, uid: 'p', version: 3, title: 'P 2' });
    expect(rows(first.body).map((v: any) => [v.id, v.version])).toEqual([[3, 3], [2, 2]]);
    expect(rows(second.body).map((v: any) => v.version)).toEqual([1]);
    expect([past.status, past.text]).toEqual([404, '{"message":"No versions found for dashboardId 1","traceID":""}']);
  });
});
