import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { planRestores } from '../../src/apply/plan-restores.js';
import { runRestores, type RestoreEvent, type RestoreWork } from '../../src/apply/run-restores.js';
import { WritesInFlight } from '../../src/apply/writes-in-flight.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import type { GrafanaPort } from '../../src/grafana/port.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { appliedExample } from '../helpers/applied-example.js';
import { requestHeld } from '../helpers/sandbox.js';
import { pruneAway } from '../e2e/apply/restore-fixture.js';
import { getDashboard } from '../e2e/apply/workspace.js';

vi.setConfig({ testTimeout: 120_000 });

/** The order restore takes them in (as named). */
const UIDS = ['postgresql-overview', 'redis-exporter'];

/**
 * The example tree applied to Grafana 12 through `/api`, its databases folder pruned (both dashboards backed up, the
 * emptied folder deleted), and a restore of both under a signal the test aborts, as Ctrl-C does. `graceSeconds`: how
 * long a write in flight may still be answered after it.
 */
async function prunedDatabases(graceSeconds: number, wrap: (grafana: GrafanaPort, interrupt: () => void) => GrafanaPort = (grafana) => grafana) {
  const { sandbox, workspace } = await appliedExample({ grafanaVersion: '12' });
  await pruneAway(workspace, 'dashboards/platform/databases');
  const env = { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
  const settings = await loadSettings({ flags: { api: 'legacy', timeout: 600, interruptGrace: graceSeconds }, env, cwd: workspace.dir });
  const controller = new AbortController();
  const port = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {}, signal: controller.signal });
  onTestFinished(() => port.close());
  const grafana = wrap(port, () => controller.abort());
  const inFlight = new WritesInFlight<RestoreWork>();
  const events: RestoreEvent[] = [];
  const restore = async () =>
    runRestores(await planRestores(UIDS, { grafana, backupDir: settings.backupDir }), {
      grafana,
      backupDir: settings.backupDir,
      message: 'dashsync: test (restore)',
      signal: controller.signal,
      inFlight,
      onEvent: (event) => events.push(event),
    });
  return { sandbox, restore, interrupt: () => controller.abort(), inFlight, events };
}

const writes = (sandbox: SandboxHandle) => sandbox.requests().filter((entry) => entry.method !== 'GET').map((entry) => `${entry.method} ${entry.path} ${entry.status}`);

describe('Ctrl-C during restore', () => {
  it('a save answered within the grace is reported restored; the uids after it are not started', async () => {
    const run = await prunedDatabases(600);
    // The first restore's save is held: the folder it needs is created first, so that restore is mid-way when the signal lands.
    run.sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'hold' }] });
    run.sandbox.clearRequests();

    const restoring = run.restore();
    await requestHeld(run.sandbox);
    expect(run.inFlight.sent()).toEqual([{ uid: UIDS[0], kind: 'dashboard' }]);
    run.interrupt();
    // Answered within the grace (600 s, far longer than any machine needs here).
    run.sandbox.releaseHeld();
    const result = await restoring;

    expect(result).toEqual({ answered: 1, unknown: [], notStarted: [{ uid: UIDS[1], kind: 'dashboard' }], interrupted: true });
    expect(run.events.map((event) => (event.kind === 'dashboard' ? `${event.outcome.kind} ${event.outcome.uid}` : event.kind))).toEqual([`restored-from-backup ${UIDS[0]}`]);
    expect(run.inFlight.sent()).toEqual([]);
    expect((await getDashboard(run.sandbox, UIDS[0]!)).status).toBe(200);
    expect((await getDashboard(run.sandbox, UIDS[1]!)).status).toBe(404);
    expect(writes(run.sandbox)).toEqual(['POST /api/folders 200', 'POST /api/dashboards/db 200']);
  });

  it('a save Grafana never answers is unknown once the grace ends, never reported as restored or not started; nothing more is sent', async () => {
    const run = await prunedDatabases(0);
    run.sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'hold' }] });
    run.sandbox.clearRequests();

    const restoring = run.restore();
    await requestHeld(run.sandbox);
    run.interrupt();
    const result = await restoring;

    expect(result).toEqual({ answered: 0, unknown: [{ uid: UIDS[0], kind: 'dashboard' }], notStarted: [{ uid: UIDS[1], kind: 'dashboard' }], interrupted: true });
    expect(run.events).toEqual([
      { kind: 'unknown', work: { uid: UIDS[0], kind: 'dashboard' }, message: 'POST /api/dashboards/db failed: no response: interrupted while waiting for the answer' },
    ]);
    expect(writes(run.sandbox)).toEqual(['POST /api/folders 200', 'POST /api/dashboards/db 0']);
  });

  it('a read held before any write: that uid and the rest are not started, nothing is written', async () => {
    const run = await prunedDatabases(600);
    run.sandbox.setFaults({ methods: ['GET'], pathPrefix: `/api/dashboards/uid/${UIDS[0]}`, script: [{ kind: 'hold' }] });
    run.sandbox.clearRequests();

    const restoring = run.restore();
    await requestHeld(run.sandbox);
    expect(run.inFlight.sent()).toEqual([]);
    run.interrupt();
    const result = await restoring;

    expect(result).toEqual({ answered: 0, unknown: [], notStarted: UIDS.map((uid) => ({ uid, kind: 'dashboard' })), interrupted: true });
    expect(run.events).toEqual([]);
    expect(writes(run.sandbox)).toEqual([]);
  });

  it('a save the grace ended before it was sent, after its folder was created: unknown, never "refused"', async () => {
    // Ctrl-C lands the moment the folder the restore needs is created; the grace (0 s) ends before the save starts. The
    // end of the grace shows as a read of the restore's, held by the sandbox, that the grace cuts off: no clock involved.
    const run = await prunedDatabases(0, (grafana, interrupt) =>
      new Proxy(grafana, {
        get(target, key, receiver) {
          if (key !== 'createFolder') return Reflect.get(target, key, receiver) as unknown;
          return async (...args: Parameters<GrafanaPort['createFolder']>) => {
            const created = await target.createFolder(...args);
            interrupt();
            await target.getFolder('grace-probe').catch(() => null);
            return created;
          };
        },
      }),
    );
    run.sandbox.setFaults({ methods: ['GET'], pathPrefix: '/api/folders/grace-probe', script: [{ kind: 'hold' }] });
    run.sandbox.clearRequests();

    const result = await run.restore();

    expect(result).toEqual({ answered: 0, unknown: [{ uid: UIDS[0], kind: 'dashboard' }], notStarted: [{ uid: UIDS[1], kind: 'dashboard' }], interrupted: true });
    expect(run.events).toEqual([
      { kind: 'unknown', work: { uid: UIDS[0], kind: 'dashboard' }, message: 'POST /api/dashboards/db failed: no response: interrupted before it was sent' },
    ]);
    expect(writes(run.sandbox)).toEqual(['POST /api/folders 200']);
  });
});
