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
import { describeRestoreEvent } from '../../src/report/describe-restore-event.js';
import { renderRestoreEventLine } from '../../src/report/render-restore-json.js';
import { renderRestoreStop } from '../../src/report/render-restore-stop.js';

vi.setConfig({ testTimeout: 120_000 });

/** The order restore takes them in (as named). */
const UIDS = ['postgresql-overview', 'redis-exporter'];

/**
 * The example tree applied to Grafana 12 through `/api`, its databases folder pruned (both dashboards backed up, the
 * emptied folder deleted), and a restore of both under a signal the test aborts, as Ctrl-C does. `graceSeconds`: how
 * long a write in flight may still be answered after it.
 */
async function prunedDatabases(
  graceSeconds: number,
  wrap: (grafana: GrafanaPort, interrupt: () => void) => GrafanaPort = (grafana) => grafana,
  api: 'legacy' | 'auto' = 'legacy',
  grafanaVersion: '12' | '13' = '12',
  /** Ctrl-C the moment a request is about to be sent again (while it waits to be). */
  interruptOnRetry = false,
) {
  const { sandbox, workspace } = await appliedExample({ grafanaVersion });
  await pruneAway(workspace, 'dashboards/platform/databases');
  const env = { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
  const settings = await loadSettings({ flags: { api, timeout: 600, interruptGrace: graceSeconds }, env, cwd: workspace.dir });
  const controller = new AbortController();
  const port = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {}, signal: controller.signal, ...(interruptOnRetry && { onRetry: () => controller.abort() }) });
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
  return { sandbox, restore, interrupt: () => controller.abort(), inFlight, events, cwd: workspace.dir };
}

const writes = (sandbox: SandboxHandle) => sandbox.requests().filter((entry) => entry.method !== 'GET').map((entry) => `${entry.method} ${entry.path} ${entry.status}`);

describe('Ctrl-C during restore', () => {
  // apply-52: on the old code "no response: interrupted while waiting for the answer", though the 502 had come.
  it('a save a gateway answered 502, then Ctrl-C while its resend waits: unknown, in words that say what happened', async () => {
    const run = await prunedDatabases(600, undefined, 'legacy', '12', true);
    run.sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'status', status: 502 }] });
    run.sandbox.clearRequests();

    const result = await run.restore();

    expect(result.unknown).toEqual([{ uid: UIDS[0], kind: 'dashboard' }]);
    expect(result.notStarted).toEqual([{ uid: UIDS[1], kind: 'dashboard' }]);
    expect(run.events).toEqual([
      {
        kind: 'unknown',
        work: { uid: UIDS[0], kind: 'dashboard' },
        message: 'POST /api/dashboards/db failed: interrupted while waiting to send it again after HTTP 502 Bad Gateway; that send may have reached Grafana',
      },
    ]);
    expect(writes(run.sandbox)).toEqual(['POST /api/folders 200', 'POST /api/dashboards/db 502']);
  });

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

    expect(result).toEqual({ answered: 1, unknown: [], notStarted: [{ uid: UIDS[1], kind: 'dashboard' }], stoppedBy: 'interrupt', stopReason: null, mayHaveWritten: true, triedWrites: true });
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

    expect(result).toEqual({ answered: 0, unknown: [{ uid: UIDS[0], kind: 'dashboard' }], notStarted: [{ uid: UIDS[1], kind: 'dashboard' }], stoppedBy: 'interrupt', stopReason: null, mayHaveWritten: true, triedWrites: true });
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

    expect(result).toEqual({ answered: 0, unknown: [], notStarted: UIDS.map((uid) => ({ uid, kind: 'dashboard' })), stoppedBy: 'interrupt', stopReason: null, mayHaveWritten: false, triedWrites: false });
    expect(run.events).toEqual([]);
    expect(writes(run.sandbox)).toEqual([]);
    expect(renderRestoreStop(result)).toEqual([`interrupted before the first write; nothing was restored. Run dashsync restore ${UIDS.join(' ')} again`, `not started (2): ${UIDS.join(', ')}`]);
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

    expect(result).toEqual({ answered: 0, unknown: [{ uid: UIDS[0], kind: 'dashboard' }], notStarted: [{ uid: UIDS[1], kind: 'dashboard' }], stoppedBy: 'interrupt', stopReason: null, mayHaveWritten: true, triedWrites: true });
    expect(run.events).toEqual([
      { kind: 'unknown', work: { uid: UIDS[0], kind: 'dashboard' }, message: 'POST /api/dashboards/db failed: no response: interrupted before it was sent' },
    ]);
    expect(writes(run.sandbox)).toEqual(['POST /api/folders 200']);
  });

  // On the old code the uid was reported unknown (the save's read back rethrew the interrupt), though Grafana had answered it.
  it('api auto on 12: a save Grafana answered whose read back Ctrl-C cuts is restored at the answer\'s version, and its line says the read back was cut', async () => {
    const run = await prunedDatabases(0, undefined, 'auto');
    // A classic dashboard is saved through POST /api/dashboards/db, then its stored object is read back from /apis: that read
    // is held. It is the dashboard's third read: the first finds the uid free, the second finds "Recently deleted" gave nothing back.
    const path = `/apis/dashboard.grafana.app/v0alpha1/namespaces/default/dashboards/${UIDS[0]}`;
    run.sandbox.setFaults({ methods: ['GET'], pathPrefix: path, script: [{ kind: 'delay', ms: 0 }, { kind: 'delay', ms: 0 }, { kind: 'hold' }] });
    run.sandbox.clearRequests();

    const restoring = run.restore();
    await requestHeld(run.sandbox);
    run.interrupt();
    const result = await restoring;

    expect(result).toEqual({ answered: 1, unknown: [], notStarted: [{ uid: UIDS[1], kind: 'dashboard' }], stoppedBy: 'interrupt', stopReason: null, mayHaveWritten: true, triedWrites: true });
    expect(writes(run.sandbox)).toEqual(['POST /apis/folder.grafana.app/v1beta1/namespaces/default/folders 201', 'POST /api/dashboards/db 200']);
    const [event] = run.events;
    expect(event).toMatchObject({ kind: 'dashboard', outcome: { kind: 'restored-from-backup', uid: UIDS[0], version: 1, readBackCut: true } });
    expect(describeRestoreEvent(event!, run.cwd)).toEqual({
      text: expect.stringMatching(
        new RegExp(`^restored ${UIDS[0]} "[^"]+" from \\S+ into folder .*, now version 1; Grafana answered the save \\(the version is its answer's\\), and Ctrl-C cut off the read back after it$`),
      ),
      error: false,
    });
    expect((await getDashboard(run.sandbox, UIDS[0]!)).status).toBe(200);
  });
  // On the old code the line named neither title nor version, and said nothing of why.
  it('13 /apis: a "Recently deleted" restore whose read back Ctrl-C cuts is restored, and its line says why it names no title or version', async () => {
    // Ctrl-C lands the moment Grafana has answered the restore: the read that follows it is cut off before it is sent.
    const run = await prunedDatabases(
      0,
      (grafana, interrupt) =>
        new Proxy(grafana, {
          get(target, key, receiver) {
            if (key !== 'restoreFromTrash') return Reflect.get(target, key, receiver) as unknown;
            return async (...args: Parameters<GrafanaPort['restoreFromTrash']>) => {
              const answer = await target.restoreFromTrash(...args);
              interrupt();
              return answer;
            };
          },
        }),
      'auto',
      '13',
    );
    const result = await run.restore();

    expect(result).toEqual({ answered: 1, unknown: [], notStarted: [{ uid: UIDS[1], kind: 'dashboard' }], stoppedBy: 'interrupt', stopReason: null, mayHaveWritten: true, triedWrites: true });
    const [event] = run.events;
    expect(event).toMatchObject({ kind: 'dashboard', outcome: { kind: 'restored-from-trash', uid: UIDS[0], title: null, version: null, readBackCut: true } });
    expect(describeRestoreEvent(event!, run.cwd)).toEqual({
      text: expect.stringMatching(new RegExp(`^restored ${UIDS[0]} from Grafana's "Recently deleted" .*; its title and version are not known: Ctrl-C cut off the read back after it$`)),
      error: false,
    });
    expect(JSON.parse(renderRestoreEventLine(event!, { cwd: run.cwd, source: 'x' }))).toMatchObject({ type: 'restored', from: 'recently-deleted', title: null, readBackCut: true, versionAfter: null });
    expect((await getDashboard(run.sandbox, UIDS[0]!)).status).toBe(200);
  });
});
