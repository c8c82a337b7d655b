import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
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

describe.each(['11.2', '12', '13'] as GrafanaVersion[])('Grafana %s over MySQL: writes naming a row in another case', (grafanaVersion) => {
  it('PATCH /api/library-elements/lib (stored LIB) compares the body uid with the path uid: none or lib renames the row to lib, LIB finds it taken', async () => {
    const s = await startTestSandbox({ grafanaVersion, database: 'mysql' });
    const element = { folderUid: '', name: 'CPU', kind: 1, model: { type: 'timeseries', title: 'CPU' } };
    expect((await apiRequest(s, 'POST', '/api/library-elements', { ...element, uid: 'LIB' })).status).toBe(200);
    const taken = await apiRequest(s, 'PATCH', '/api/library-elements/lib', { ...element, uid: 'LIB', version: 1 });
    expect(taken.status).toBe(400);
    const renamed = await apiRequest(s, 'PATCH', '/api/library-elements/lib', { ...element, version: 1 });
    expect([renamed.status, renamed.body.result.uid]).toEqual([200, 'lib']);
    expect((await apiRequest(s, 'GET', '/api/library-elements/LIB')).body.result.uid).toBe('lib');
    const again = await apiRequest(s, 'PATCH', '/api/library-elements/LIB', { ...element, uid: 'LIB', version: 2 });
    expect([again.status, again.body.result.uid]).toEqual([200, 'LIB']);
  });
});

describe.each(['11.2', '12', '13'] as GrafanaVersion[])('Grafana %s over MySQL: a legacy save (eras A–C; 13: its 13.0.2)', (grafanaVersion) => {
  it('a legacy save posting the row\'s id with uid abc writes abc (the id found the row: no SetUID); without the id it keeps ABC', async () => {
    const s = await startTestSandbox({ grafanaVersion, database: 'mysql' });
    const created = await save(s, { uid: 'ABC', title: 'Upper' });
    expect(created.status).toBe(200);
    const kept = await save(s, { uid: 'abc', title: 'Kept', version: 1 });
    expect([kept.status, kept.body.uid]).toEqual([200, 'ABC']);
    const renamed = await save(s, { id: created.body.id, uid: 'abc', title: 'Renamed', version: 2 });
    expect([renamed.status, renamed.body.uid]).toEqual([200, 'abc']);
    expect(await uidsInSearch(s)).toEqual(['abc']);
  });
});

describe('a --data file written over SQLite that holds abc and ABC', () => {
  it('is refused over MySQL with one line naming both (nothing dropped); SQLite starts from it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-uid-case-data-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const dataFile = join(dir, 'state.json');
    const sqlite = await startTestSandbox({ dataFile });
    for (const uid of ['ABC', 'abc']) expect((await save(sqlite, { uid, title: uid })).status).toBe(200);
    await sqlite.close();
    await expect(startTestSandbox({ dataFile, database: 'mysql' })).rejects.toThrow(
      `sandbox data file ${dataFile} holds dashboards ABC and abc, which Grafana on MySQL cannot hold both of (its uids compare without case); start it without --database mysql, or with another --data file`,
    );
    const again = await startTestSandbox({ dataFile });
    expect((await uidsInSearch(again)).sort()).toEqual(['ABC', 'abc']);
  });
});

describe('Grafana 13 over MySQL: dashboard uids differing in case only', () => {
  it.each([
    { release: undefined, name: '13.0.2 (era C)', status: 412, body: { status: 'version-mismatch', message: 'The dashboard has been changed by someone else' } },
    { release: '13.2.0', name: '13.2.0 (era D)', status: 409, body: { message: 'Dashboard already exists. Use overwrite flag to update.' } },
  ])('$name: a create of abc through /api meets ABC ($status); through /apis: 409 AlreadyExists naming abc', async ({ release, status, body }) => {
    const s = await startTestSandbox({ grafanaVersion: '13', release, database: 'mysql' });
    expect((await save(s, { uid: 'ABC', title: 'Upper' })).status).toBe(200);
    const created = await save(s, { uid: 'abc', title: 'Lower' });
    expect([created.status, created.body]).toEqual([status, body]);

    const collection = '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards';
    const viaApis = await apiRequest(s, 'POST', collection, { apiVersion: 'dashboard.grafana.app/v1', kind: 'Dashboard', metadata: { name: 'abc' }, spec: { title: 'Lower' } });
    expect([viaApis.status, viaApis.body.reason, viaApis.body.message]).toEqual([409, 'AlreadyExists', 'dashboards.dashboard.grafana.app "abc" already exists']);
    const got = await apiRequest(s, 'GET', `${collection}/abc`);
    expect([got.status, got.body.metadata.name, got.body.spec.title]).toEqual([200, 'ABC', 'Upper']);
  });
});
