import { copyFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxFeature } from '../../src/sandbox/types.js';
import { copyFixture, writeJson } from '../e2e/plan/plan-fixture.js';
import { NO_RETRY_WAITS, runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Each case applies, prunes and restores through the CLI (in-process).
vi.setConfig({ testTimeout: 120_000 });

const dashsync = (dir: string, args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
const FROM_BACKUP =
  /^restored d1 "Dash d1" from \.dashsync\/backups\/d1\/\S+-v1\.json into folder "ops" \(ds-ops-[0-9a-f]{8}\), now version 1; Grafana answered the save with success and its answer was cut off before its end: read back, it holds the backup's dashboard \(this run's save\)$/;
const FROM_TRASH = /^restored d1 "Dash d1" from Grafana's "Recently deleted" into folder "ops" \(ds-ops-[0-9a-f]{8}\), now version \d+$/;

/** d1 and d2 applied into "ops" (keep holds the folder), then both pruned: backed up, and in "Recently deleted" where there is one. */
async function prunedPair(grafanaVersion: '11.2' | '12' | '13', api: string, sandbox: { release?: string; features?: Partial<Record<SandboxFeature, boolean>> } = {}) {
  const handle = await startTestSandbox({ grafanaVersion, ...sandbox });
  const dir = await copyFixture('basic');
  await writeJson(dir, 'dashsync.config.json', { api, url: handle.url, prune: 'folders', include: ['ops'] });
  for (const uid of ['d1', 'd2']) await writeJson(dir, `dashboards/ops/${uid}.json`, { uid, title: `Dash ${uid}`, schemaVersion: 39, panels: [] });
  await writeJson(dir, 'dashboards/ops/keep.json', { uid: 'keep', title: 'Keep', panels: [] });
  expect((await dashsync(dir, ['apply'])).code).toBe(0);
  for (const uid of ['d1', 'd2']) await rm(join(dir, `dashboards/ops/${uid}.json`));
  expect((await dashsync(dir, ['apply'])).code).toBe(0);
  return { handle, dir };
}

/**
 * A restore write Grafana did and answered 2xx, whose answer a network fault cut off mid-body (sandbox fault `cut-answer`): never
 * sent again (AnswerCutOffError), read back as apply does, reported restored, and the run goes on to the next uid (review-66b M1).
 */
describe('restore whose write answer was cut off mid-body, on every path', () => {
  it.each([
    { name: '12 /api, backup re-post', grafanaVersion: '12', api: 'legacy', prefix: '/api/dashboards/db', line: FROM_BACKUP },
    { name: '12 /apis, backup re-post', grafanaVersion: '12', api: 'k8s', prefix: '/apis/dashboard.grafana.app', line: FROM_BACKUP },
    { name: '11.2 /api, "Recently deleted" (PATCH)', grafanaVersion: '11.2', api: 'legacy', prefix: '/api/dashboards/uid/d1/trash', line: FROM_TRASH, features: { dashboardRestore: true } },
    { name: '13 /apis, "Recently deleted" (create)', grafanaVersion: '13', api: 'auto', prefix: '/apis/dashboard.grafana.app', line: FROM_TRASH },
  ] as const)('$name: restored, the next uid restored too, exit 0', async (c) => {
    const { handle, dir } = await prunedPair(c.grafanaVersion, c.api, 'features' in c ? { features: c.features } : {});
    handle.setFaults({ pathPrefix: c.prefix, methods: ['POST', 'PATCH'], script: [{ kind: 'cut-answer' }] });
    handle.clearRequests();
    const run = await dashsync(dir, ['restore', 'd1', 'd2']);
    expect(handle.requests().filter((entry) => entry.fault === 'cut-answer')).toHaveLength(1);
    // Never sent again (no "request retried" note): a resend of a write that landed would be refused as "exists".
    expect([run.code, run.stderr]).toEqual([0, '']);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(c.line);
    expect(lines[1]).toMatch(/^restored d2 "Dash d2" from /);
    for (const uid of ['d1', 'd2']) expect((await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`)).body.dashboard.title).toBe(`Dash ${uid}`);
  });

  it('JSON: the restored line says answerLost', async () => {
    const { handle, dir } = await prunedPair('12', 'legacy');
    handle.setFaults({ pathPrefix: '/api/dashboards/db', methods: ['POST'], script: [{ kind: 'cut-answer' }] });
    const json = await dashsync(dir, ['restore', 'd1', '--format', 'json']);
    expect(json.code).toBe(0);
    const restored = json.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line)).find((line) => line.uid === 'd1');
    expect(restored).toMatchObject({ type: 'restored', from: 'backup', answerLost: true, versionAfter: 1 });
  });

  it('a read back that cannot confirm it: unknown (not failed), and the run goes on', async () => {
    const { handle, dir } = await prunedPair('12', 'legacy');
    // d1: its read answered as it is, its save lands and the answer is cut, the read back after it is refused (a proxy's 403).
    handle.setFaults({ pathPrefix: '/api/dashboards/', script: [{ kind: 'delay', ms: 0 }, { kind: 'cut-answer' }, { kind: 'status', status: 403 }] });
    handle.clearRequests();
    const run = await dashsync(dir, ['restore', 'd1', 'd2']);
    expect(handle.requests().filter((entry) => entry.fault !== undefined).map((entry) => `${entry.method} ${entry.path} ${entry.status} ${entry.fault}`)).toEqual([
      'GET /api/dashboards/uid/d1 404 delay',
      'POST /api/dashboards/db 200 cut-answer',
      'GET /api/dashboards/uid/d1 403 status',
    ]);
    expect(run.stderr).toMatch(/^unknown: restore d1: POST \/api\/dashboards\/db: Grafana answered it with success, then its answer was cut off before its end \(.*\): the write was done, and what Grafana answered is lost; the read back after it did not find what was sent: dashsync restore d1 says what Grafana holds under the uid now$/m);
    expect(run.stderr).not.toContain('stopped');
    expect(run.stdout).toMatch(/^restored d2 "Dash d2" from /m);
    expect(run.code).toBe(1);
  });

  // fixq-74 left: the read back after such a save swallowed its error, so a Grafana gone by then was met only by the next uid's request.
  it('a read back that gets no answer (Grafana gone): unknown, and the restore stops there, naming that read; the next uid not started', async () => {
    const { handle, dir } = await prunedPair('12', 'legacy');
    handle.setFaults({ pathPrefix: '/api/dashboards/db', methods: ['POST'], script: [{ kind: 'cut-answer', thenDown: true }] });
    const run = await runCliInProcess(['restore', 'd1', 'd2'], { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', ...NO_RETRY_WAITS } });
    expect(run.stderr).toMatch(/^unknown: restore d1: POST \/api\/dashboards\/db: Grafana answered it with success, then its answer was cut off before its end/m);
    expect(run.stderr).toMatch(/stopped: Grafana stopped answering \(GET \/api\/dashboards\/uid\/d1 failed: no response: connection refused.*\(1 not started\)/);
    expect(run.stdout).not.toMatch(/d2/);
    expect(run.code).toBe(1);
  });

  it('--from-backup FILE: the unknown line\'s command repeats --from-backup FILE (pasted, it is not the newest backup)', async () => {
    const { handle, dir } = await prunedPair('12', 'legacy');
    const [file] = await readdir(join(dir, '.dashsync/backups/d1'));
    await copyFile(join(dir, '.dashsync/backups/d1', file!), join(dir, 'kept d1.json'));
    handle.setFaults({ pathPrefix: '/api/dashboards/', script: [{ kind: 'delay', ms: 0 }, { kind: 'cut-answer' }, { kind: 'status', status: 403 }] });
    const run = await dashsync(dir, ['restore', 'd1', '--from-backup', 'kept d1.json', '--over-recently-deleted']);
    expect(run.stderr).toMatch(/the read back after it did not find what was sent: dashsync restore d1 --from-backup 'kept d1\.json' --over-recently-deleted says what Grafana holds under the uid now$/m);
    expect(run.code).toBe(1);
  });

  it("--all --over-recently-deleted: the unknown line's command for its uid keeps --over-recently-deleted, not --all (review-68b L1)", async () => {
    const { handle, dir } = await prunedPair('12', 'legacy');
    handle.setFaults({ pathPrefix: '/api/dashboards/', script: [{ kind: 'delay', ms: 0 }, { kind: 'cut-answer' }, { kind: 'status', status: 403 }] });
    const run = await dashsync(dir, ['restore', '--all', '--over-recently-deleted']);
    expect(run.stderr).toMatch(/the read back after it did not find what was sent: dashsync restore d1 --over-recently-deleted says what Grafana holds under the uid now$/m);
    expect(run.code).toBe(1);
  });

  it('library panel: its create cut off mid-body is read back and reported restored', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    await writeJson(dir, 'dashsync.config.json', { api: 'legacy', url: handle.url, prune: 'folders', include: ['ops'] });
    await writeJson(dir, 'dashboards/ops/_library/lp.json', { uid: 'lp-x', name: 'Panel X', kind: 1, model: { type: 'stat', title: 'X' } });
    await writeJson(dir, 'dashboards/ops/keep.json', { uid: 'keep', title: 'Keep', panels: [] });
    expect((await dashsync(dir, ['apply'])).code).toBe(0);
    await rm(join(dir, 'dashboards/ops/_library/lp.json'));
    expect((await dashsync(dir, ['apply'])).code).toBe(0);
    handle.setFaults({ pathPrefix: '/api/library-elements', methods: ['POST'], script: [{ kind: 'cut-answer' }] });
    handle.clearRequests();
    const run = await dashsync(dir, ['restore', 'lp-x']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout.split('\n')[0]).toMatch(
      /^restored library panel lp-x "Panel X" from \S+ into folder "ops" \(\S+\), now version 1; Grafana answered the create with success and its answer was cut off before its end: read back, it holds the backup's panel \(this run's create\)$/,
    );
    expect(handle.requests().filter((entry) => entry.method === 'POST' && entry.path.startsWith('/api/library-elements'))).toHaveLength(1);
  });

  it('folder re-create: a create cut off mid-body is this restore\'s folder, and the dashboard goes into it', async () => {
    const { handle, dir } = await prunedPair('12', 'legacy');
    const folderUid: string = (await apiRequest(handle, 'GET', '/api/folders')).body.find((folder: { title: string }) => folder.title === 'ops').uid;
    expect((await apiRequest(handle, 'DELETE', `/api/dashboards/uid/keep`)).status).toBe(200);
    expect((await apiRequest(handle, 'DELETE', `/api/folders/${folderUid}`)).status).toBe(200);
    handle.setFaults({ pathPrefix: '/api/folders', methods: ['POST'], script: [{ kind: 'cut-answer' }] });
    handle.clearRequests();
    const run = await dashsync(dir, ['restore', 'd1']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(handle.requests().filter((entry) => entry.method === 'POST' && entry.path === '/api/folders').map((entry) => entry.fault)).toEqual(['cut-answer']);
    expect(run.stdout.split('\n')[0]).toMatch(/^restored d1 "Dash d1" from \S+ into folder "ops" \(\S+\), which no longer existed and was created again from the backup, now version 1$/);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/d1')).body.meta.folderUid).toBe(folderUid);
  });
});
