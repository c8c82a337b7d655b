import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { copyFixture, writeJson } from '../e2e/plan/plan-fixture.js';
import { NO_RETRY_WAITS, runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Each test runs the CLI (in-process) several times.
vi.setConfig({ testTimeout: 120_000 });

const dashsync = (dir: string, args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });

/**
 * Grafana 12 through /api ("Recently deleted" off: the backup is the way back): lp-x and d1 (using it) applied, then d1
 * pruned (backed up). `keep` stays so that the folder does.
 */
async function prunedDashboard() {
  const handle = await startTestSandbox({ grafanaVersion: '12' });
  const dir = await copyFixture('basic');
  await writeJson(dir, 'dashsync.config.json', { api: 'legacy', url: handle.url, prune: 'folders', include: ['ops'] });
  await writeJson(dir, 'dashboards/ops/_library/lp.json', { uid: 'lp-x', name: 'Panel X', kind: 1, model: { type: 'stat', title: 'X' } });
  await writeJson(dir, 'dashboards/ops/d1.json', { uid: 'd1', title: 'Dash d1', schemaVersion: 39, panels: [{ id: 1, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lp-x', name: 'Panel X' } }] });
  await writeJson(dir, 'dashboards/ops/keep.json', { uid: 'keep', title: 'Keep', panels: [] });
  const applied = await dashsync(dir, ['apply']);
  expect([applied.code, applied.stderr]).toEqual([0, '']);
  await rm(join(dir, 'dashboards/ops/d1.json'));
  const pruned = await dashsync(dir, ['apply']);
  expect([pruned.code, pruned.stderr]).toEqual([0, '']);
  expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/d1')).status).toBe(404);
  return { handle, dir };
}

describe('restore reads back a save whose answer says it did not land', () => {
  it('a save whose answer was lost, resent and refused as "exists", is reported restored (text and JSON), exit 0', async () => {
    const { handle, dir } = await prunedDashboard();
    handle.setFaults({ pathPrefix: '/api/dashboards/db', methods: ['POST'], script: [{ kind: 'drop' }] });
    handle.clearRequests();
    const run = await dashsync(dir, ['restore', 'd1']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(
      /^restored d1 "Dash d1" from \.dashsync\/backups\/d1\/\S+-v1\.json into folder "ops" \(\S+\), now version 1; Grafana's answer to the save was lost and the resend found the uid taken: read back, it holds the backup's dashboard \(this run's save\)$/,
    );
    expect(run.stderr).not.toContain('exists in Grafana');
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/d1')).body.dashboard.title).toBe('Dash d1');
    // Two sends: the first landed, its answer cut; the resend met the dashboard.
    expect(handle.requests().filter((entry) => entry.method === 'POST' && entry.path === '/api/dashboards/db')).toHaveLength(2);

    // JSON: the same, as a restored line.
    const again = await prunedDashboard();
    again.handle.setFaults({ pathPrefix: '/api/dashboards/db', methods: ['POST'], script: [{ kind: 'drop' }] });
    const json = await dashsync(again.dir, ['restore', 'd1', '--format', 'json']);
    expect(json.code).toBe(0);
    const restored = json.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line)).find((line) => line.uid === 'd1' && line.type !== 'retry');
    expect(restored).toMatchObject({ type: 'restored', from: 'backup', answerLost: true, libraryPanelsMissing: null, versionAfter: 1 });
  });

  it('a 500 after Grafana saved it (a library panel it uses is gone) is reported restored with the missing panel, not failed', async () => {
    const { handle, dir } = await prunedDashboard();
    expect((await apiRequest(handle, 'DELETE', '/api/library-elements/lp-x')).status).toBe(200);
    // The dry run says so beforehand.
    const dry = await dashsync(dir, ['restore', '--all', '--dry-run']);
    expect([dry.code, dry.stderr]).toEqual([0, '']);
    expect(dry.stdout).toMatch(
      /\nwould restore d1 "Dash d1" into folder "ops" \(\S+\) \(backed up \S+\) from \S+; its library panel lp-x is not in Grafana and this run would not bring it back: Grafana saves the dashboard, and that panel shows an error\n/,
    );
    const run = await dashsync(dir, ['restore', 'd1']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout.split('\n')[0]).toMatch(
      /^restored d1 "Dash d1" from \.dashsync\/backups\/d1\/\S+-v1\.json into folder "ops" \(\S+\), now version 1; its library panel "lp-x" is missing: the panel shows an error$/,
    );
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/d1')).status).toBe(200);
  });

  // fixe-74 left: the read back met no answer, yet the run went on to its next restore, which stopped it with its own line.
  it('a save answered 200 in words that do not show it, then Grafana down: unknown, and the read back stops the run as an unreachable Grafana', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    await writeJson(dir, 'dashsync.config.json', { api: 'legacy', url: handle.url, prune: 'folders', include: ['ops'] });
    for (const uid of ['d1', 'd2']) await writeJson(dir, `dashboards/ops/${uid}.json`, { uid, title: `Dash ${uid}`, schemaVersion: 39, panels: [] });
    await writeJson(dir, 'dashboards/ops/keep.json', { uid: 'keep', title: 'Keep', panels: [] });
    expect((await dashsync(dir, ['apply'])).code).toBe(0);
    for (const uid of ['d1', 'd2']) await rm(join(dir, `dashboards/ops/${uid}.json`));
    expect((await dashsync(dir, ['apply'])).code).toBe(0);
    handle.setFaults({ pathPrefix: '/api/dashboards/db', methods: ['POST'], script: [{ kind: 'status', status: 200, body: { status: 'success', uid: 'd1' }, thenDown: true }] });

    const run = await runCliInProcess(['restore', '--all'], { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', ...NO_RETRY_WAITS } });

    expect(run.code).toBe(1);
    const errors = run.stderr.split('\n').filter(Boolean);
    expect(errors[0]).toMatch(/^unknown: restore d1: Grafana answered the save \(HTTP 200\) with an answer that does not show it, and reading dashboard d1 back failed: GET \/api\/dashboards\/uid\/d1 failed: no response: connection refused/);
    // The stop names the read back that met no answer, not d2's first request.
    expect(errors[1]).toMatch(/^stopped: Grafana stopped answering \(GET \/api\/dashboards\/uid\/d1 failed: no response: connection refused .*\), so no further restore was started \(1 not started\)/);
    expect(errors[2]).toBe('not started (1): d2');
    expect(run.stdout).toContain('Restore: 0 answered; 1 unknown, 1 not started (stopped)');
  });

  // fixe-74: a save answered 200 by something in front of Grafana ended the restore with "unexpected failure: NotLandedError".
  it('a save answered 200 by something that saved nothing is its own failed line, "it was not saved", exit 1', async () => {
    const { handle, dir } = await prunedDashboard();
    handle.setFaults({ pathPrefix: '/api/dashboards/db', methods: ['POST'], script: [{ kind: 'status', status: 200, message: 'OK' }] });
    const run = await dashsync(dir, ['restore', 'd1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'error: cannot restore d1: Grafana answered the save (HTTP 200) but holds no dashboard d1 when read back: it was not saved (does something in front of Grafana answer for it?)\n',
    );
    expect(run.stderr).not.toContain('unexpected failure');
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/d1')).status).toBe(404);
  });
});
