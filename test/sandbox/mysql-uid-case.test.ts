import { describe, expect, it } from 'vitest';
import type { GrafanaVersion, SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Grafana on MySQL: every text column is utf8mb4_unicode_ci (mysql_dialect.go), so `uid = ?` ignores case.
const save = (s: SandboxHandle, dashboard: object, extra: object = {}) =>
  apiRequest(s, 'POST', '/api/dashboards/db', { dashboard, folderUid: '', ...extra });
const uidsInSearch = async (s: SandboxHandle) => ((await apiRequest(s, 'GET', '/api/search?type=dash-db')).body as { uid: string }[]).map((hit) => hit.uid);

describe.each(['11.2', '12'] as GrafanaVersion[])('Grafana %s over MySQL: dashboard uids differing in case only', (grafanaVersion) => {
  it('a read of abc answers ABC; a create of abc meets ABC as an existing row: 412 version-mismatch, and with overwrite it updates ABC', async () => {
    const s = await startTestSandbox({ grafanaVersion, database: 'mysql' });
    expect((await save(s, { uid: 'ABC', title: 'Upper' })).status).toBe(200);

    const read = await apiRequest(s, 'GET', '/api/dashboards/uid/abc');
    expect([read.status, read.body.dashboard.uid, read.body.dashboard.title]).toEqual([200, 'ABC', 'Upper']);

    const created = await save(s, { uid: 'abc', title: 'Lower' });
    expect([created.status, created.body]).toEqual([412, { status: 'version-mismatch', message: 'The dashboard has been changed by someone else' }]);

    const overwritten = await save(s, { uid: 'abc', title: 'Lower' }, { overwrite: true });
    expect([overwritten.status, overwritten.body.uid, overwritten.body.version]).toEqual([200, 'ABC', 2]);
    expect(await uidsInSearch(s)).toEqual(['ABC']);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/ABC')).body.dashboard.title).toBe('Lower');

    expect((await apiRequest(s, 'DELETE', '/api/dashboards/uid/abc')).status).toBe(200);
    expect(await uidsInSearch(s)).toEqual([]);
  });

  it('on the default database (SQLite) the two are different dashboards', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    expect((await save(s, { uid: 'ABC', title: 'Upper' })).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/abc')).status).toBe(404);
    expect((await save(s, { uid: 'abc', title: 'Lower' })).status).toBe(200);
    expect((await uidsInSearch(s)).sort()).toEqual(['ABC', 'abc']);
  });

  it('folders and library elements compare their uids the same way', async () => {
    const s = await startTestSandbox({ grafanaVersion, database: 'mysql' });
    expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'OPS', title: 'Ops' })).status).toBe(200);
    const folder = await apiRequest(s, 'POST', '/api/folders', { uid: 'ops', title: 'Other ops' });
    expect(folder.status).toBe(409);
    expect((await apiRequest(s, 'GET', '/api/folders/ops')).body.uid).toBe('OPS');

    const element = { folderUid: '', name: 'CPU', kind: 1, model: { type: 'timeseries', title: 'CPU' } };
    expect((await apiRequest(s, 'POST', '/api/library-elements', { ...element, uid: 'LIB' })).status).toBe(200);
    const second = await apiRequest(s, 'POST', '/api/library-elements', { ...element, uid: 'lib', name: 'Other' });
    expect(second.status).toBe(400);
    expect((await apiRequest(s, 'GET', '/api/library-elements/lib')).body.result.uid).toBe('LIB');
  });
});

describe('Grafana 13 over MySQL: dashboard uids differing in case only', () => {
  it('a create of abc through /api meets ABC: 409; through /apis: 409 AlreadyExists naming abc', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13', database: 'mysql' });
    expect((await save(s, { uid: 'ABC', title: 'Upper' })).status).toBe(200);
    const created = await save(s, { uid: 'abc', title: 'Lower' });
    expect([created.status, created.body]).toEqual([409, { message: 'Dashboard already exists. Use overwrite flag to update.' }]);

    const collection = '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards';
    const viaApis = await apiRequest(s, 'POST', collection, { apiVersion: 'dashboard.grafana.app/v1', kind: 'Dashboard', metadata: { name: 'abc' }, spec: { title: 'Lower' } });
    expect([viaApis.status, viaApis.body.reason, viaApis.body.message]).toEqual([409, 'AlreadyExists', 'dashboards.dashboard.grafana.app "abc" already exists']);
    const got = await apiRequest(s, 'GET', `${collection}/abc`);
    expect([got.status, got.body.metadata.name, got.body.spec.title]).toEqual([200, 'ABC', 'Upper']);
  });
});
