import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { nothingApplied } from '../../src/apply/types.js';
import { loadSettings } from '../../src/config/load-settings.js';
import type { ApiMode } from '../../src/config/types.js';
import { openGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import type { Plan } from '../../src/plan/types.js';
import type { FaultConfig, SandboxHandle } from '../../src/sandbox/types.js';
import { requestHeld, startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

/** At the schema version Grafana 12 migrates a dashboard written through `/apis` to: read back, it is what was sent. */
function dashboard(uid: string): Record<string, unknown> {
  return { uid, title: `Dashboard ${uid}`, schemaVersion: 42, refresh: '', panels: [] };
}

const LIBRARY_PANEL = { uid: 'lp-cpu', name: 'CPU usage', kind: 1, model: { type: 'stat', title: 'CPU' } };

/**
 * A tree in a temp directory, and a Grafana port whose run is interrupted (Ctrl-C) the moment a
 * request is about to be sent again: the sandbox's `drop` fault answers a write halfway after
 * storing it, so the action's write went out and Ctrl-C came before the action could finish.
 * The grace is longer than any test may run: what an action does after the interrupt does not
 * depend on how fast the machine is. `interruptAt: 'held'`: no Ctrl-C at a retry, the test gives it (`interrupt`) once
 * the sandbox holds a request, and the grace is 0: a write held unanswered is abandoned at once.
 */
async function workspace(sandbox: SandboxHandle, api: ApiMode, files: Record<string, unknown>, { interruptAt = 'retry' }: { interruptAt?: 'retry' | 'held' } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-after-write-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const write = async (path: string, value: unknown) => {
    await mkdir(dirname(join(dir, 'dashboards', path)), { recursive: true });
    await writeFile(join(dir, 'dashboards', path), `${JSON.stringify(value, null, 2)}\n`);
  };
  for (const [path, value] of Object.entries(files)) await write(path, value);
  const env = { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
  const settings = await loadSettings({ flags: { api, root: 'dashboards', concurrency: 1, timeout: 600, prune: 'all' }, env, cwd: dir });
  const controller = new AbortController();
  const grafana = openGrafanaPort(
    {
      url: sandbox.url,
      auth: settings.auth,
      timeoutMs: 600_000,
      concurrency: 1,
      env: {},
      signal: controller.signal,
      graceMs: interruptAt === 'retry' ? 600_000 : 0,
      onRetry: () => {
        if (interruptAt === 'retry') controller.abort();
      },
    },
    api,
  );
  onTestFinished(() => grafana.close());
  const plan = () => createPlan({ settings, grafana, git: GIT });
  const apply = async (planned: Plan) => applyPlan({ plan: planned, settings, grafana, message: 'dashsync: test', force: false, signal: controller.signal });
  /** Applies `planned` with `fault` on its writes: their first retry is Ctrl-C. */
  const applyInterrupted = async (planned: Plan, fault: FaultConfig) => {
    sandbox.setFaults(fault);
    sandbox.clearRequests();
    return apply(planned);
  };
  return { plan, apply, applyInterrupted, interrupt: () => controller.abort(), remove: (path: string) => rm(join(dir, 'dashboards', path)) };
}

/** The requests the sandbox saw, as `METHOD path`, without the query. */
function sent(sandbox: SandboxHandle): string[] {
  return sandbox.requests().map((entry) => `${entry.method} ${entry.path.split('?')[0]}`);
}

describe('Ctrl-C right after an apply action sent its write', () => {
  it.each([
    ['/api', 'legacy', '/api/dashboards/db', ['POST /api/dashboards/db', 'GET /api/dashboards/uid/alpha']],
    [
      '/apis, a classic dashboard written through /api',
      'auto',
      '/api/dashboards/db',
      [
        // No access check before the writes: this port's plan checked it (perf-requests-47).
        'POST /api/dashboards/db',
        // The folder titles come from the plan's folder list, kept for the run (perf-readback-12).
        'GET /apis/dashboard.grafana.app/v0alpha1/namespaces/default/dashboards/alpha',
      ],
    ],
    [
      '/apis',
      'k8s',
      '/apis/dashboard.grafana.app/',
      [
        // No access check before the writes: this port's plan checked it (perf-requests-47).
        'POST /apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards',
        // The folder titles come from the plan's folder list, kept for the run (perf-readback-12).
        'GET /apis/dashboard.grafana.app/v0alpha1/namespaces/default/dashboards/alpha',
      ],
    ],
  ] as const)('a dashboard save on %s is read back after the interrupt: created, the rest not started', async (_name, api, path, requests) => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const ws = await workspace(sandbox, api, { 'alpha.json': dashboard('alpha'), 'bravo.json': dashboard('bravo') });
    const result = await ws.applyInterrupted(await ws.plan(), { pathPrefix: path, methods: ['POST'], script: [{ kind: 'drop' }] });

    expect(result.stoppedBy).toBe('interrupt');
    expect(result.created).toEqual(['alpha']);
    expect(result.unknown).toEqual([]);
    expect(result.notStarted.map((entry) => entry.uid)).toEqual(['bravo']);
    expect(sent(sandbox)).toEqual(requests);
  });

  it('a dashboard save on /apis that Grafana migrated on write is read back as created by its push record', async () => {
    // The record is an annotation: 12 keeps it with its dashboards in unified storage (its legacy SQL storage keeps none).
    const sandbox = await startTestSandbox({ grafanaVersion: '12', storage: 'unified' });
    // Grafana 12 stores schemaVersion 39 as 42: read back, the model is not what was sent, but the push record says it is this push.
    const older = { ...dashboard('alpha'), schemaVersion: 39 };
    const ws = await workspace(sandbox, 'k8s', { 'alpha.json': older, 'bravo.json': dashboard('bravo') });
    const result = await ws.applyInterrupted(await ws.plan(), { pathPrefix: '/apis/dashboard.grafana.app/', methods: ['POST'], script: [{ kind: 'drop' }] });

    expect(result.created).toEqual(['alpha']);
    expect(result.unknown).toEqual([]);
    expect(result.failures).toEqual([]);
    expect(result.notStarted.map((entry) => entry.uid)).toEqual(['bravo']);
  });

  // On the old code the 503'd save counted as sent: read back after Ctrl-C (which cut the read too), it was `unknown`.
  it('a dashboard save refused with a 503, then Ctrl-C before its resend left: not started, and nothing was applied', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const ws = await workspace(sandbox, 'legacy', { 'alpha.json': dashboard('alpha'), 'bravo.json': dashboard('bravo') });
    const result = await ws.applyInterrupted(await ws.plan(), { pathPrefix: '/api/dashboards/db', methods: ['POST'], script: [{ kind: 'status', status: 503 }] });

    expect(result.stoppedBy).toBe('interrupt');
    expect(result.created).toEqual([]);
    expect(result.unknown).toEqual([]);
    expect(result.notStarted.map((entry) => entry.uid)).toEqual(['alpha', 'bravo']);
    expect(nothingApplied(result)).toBe(true);
    expect(sent(sandbox)).toEqual(['POST /api/dashboards/db']);
  });

  it('a folder create is read back after the interrupt: created, its dashboard not started', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const ws = await workspace(sandbox, 'legacy', { 'team/_folder.json': { uid: 'team', title: 'Team' }, 'team/alpha.json': dashboard('alpha') });
    const result = await ws.applyInterrupted(await ws.plan(), { pathPrefix: '/api/folders', methods: ['POST'], script: [{ kind: 'drop' }] });

    expect(result.foldersCreated).toEqual(['team']);
    expect(result.unknown).toEqual([]);
    expect(result.notStarted.map((entry) => entry.uid)).toEqual(['alpha']);
    expect(sent(sandbox)).toEqual(['POST /api/folders', 'GET /api/folders/team']);
  });

  it('a dashboard delete is read back after the interrupt: deleted', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const ws = await workspace(sandbox, 'legacy', { 'alpha.json': dashboard('alpha'), 'bravo.json': dashboard('bravo') });
    expect((await ws.apply(await ws.plan())).failures).toEqual([]);
    await ws.remove('bravo.json');
    const result = await ws.applyInterrupted(await ws.plan(), { pathPrefix: '/api/dashboards/uid/bravo', methods: ['DELETE'], script: [{ kind: 'drop' }] });

    expect(result.deleted).toEqual(['bravo']);
    expect(result.unknown).toEqual([]);
    expect(result.backups).toHaveLength(1);
  });

  it('the backup of a delete refused (403) is counted apart from those of what was deleted: still in Grafana, the run goes on', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const ws = await pruneWorkspace(sandbox);
    const result = await ws.applyInterrupted(await ws.plan(), { pathPrefix: '/api/dashboards/uid/bravo', methods: ['DELETE'], script: [{ kind: 'status', status: 403 }] });

    expect(result.deleted).toEqual(['charlie']);
    expect(result.backups).toHaveLength(2);
    expect(result.backupsNotDeleted).toEqual([{ kind: 'dashboard', uid: 'bravo', file: result.backups.find((file) => file.includes('/bravo/')), delete: 'not-made' }]);
    expect(await liveStatus(sandbox, 'bravo')).toBe(200);
  });

  // On the old code the 503'd delete counted as sent: read back after Ctrl-C (which cut the read too), it was `unknown`.
  it('a delete refused with a 503, then Ctrl-C before its resend left: not made, not unknown, and nothing was applied', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const ws = await pruneWorkspace(sandbox);
    const result = await ws.applyInterrupted(await ws.plan(), { pathPrefix: '/api/dashboards/uid/bravo', methods: ['DELETE'], script: [{ kind: 'status', status: 503 }] });

    expect(result.stoppedBy).toBe('interrupt');
    expect(result.unknown).toEqual([]);
    expect(result.failures).toEqual([]);
    expect(result.notStarted.map((entry) => entry.uid)).toEqual(['bravo', 'charlie']);
    expect(result.backups).toHaveLength(1);
    expect(result.backupsNotDeleted).toEqual([{ kind: 'dashboard', uid: 'bravo', file: result.backups[0], delete: 'not-made' }]);
    expect(nothingApplied(result)).toBe(true);
    // The one send, refused; no resend and no read back.
    expect(sandbox.requests().filter((entry) => entry.path.startsWith('/api/dashboards/uid/bravo') && entry.method !== 'GET').map((entry) => `${entry.method} ${entry.status}`)).toEqual(['DELETE 503']);
    expect(await liveStatus(sandbox, 'bravo')).toBe(200);
  });

  // On the old code the unknown line said "interrupted after its write was sent": it was cut while waiting to send it again.
  it("a create a gateway answered 502, then Ctrl-C while its resend waits: read back (not there yet), unknown in words that say what happened", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const ws = await workspace(sandbox, 'legacy', { 'alpha.json': dashboard('alpha'), 'bravo.json': dashboard('bravo') });
    const result = await ws.applyInterrupted(await ws.plan(), { pathPrefix: '/api/dashboards/db', methods: ['POST'], script: [{ kind: 'status', status: 502 }] });

    expect(result.stoppedBy).toBe('interrupt');
    expect(result.unknown.map((entry) => [entry.uid, entry.message])).toEqual([
      ['alpha', 'POST /api/dashboards/db failed: interrupted while waiting to send it again after HTTP 502 Bad Gateway; that send may have reached Grafana'],
    ]);
    expect(result.notStarted.map((entry) => entry.uid)).toEqual(['bravo']);
    expect(nothingApplied(result)).toBe(false);
    // The one send, then the read back a 502 calls for; no resend.
    expect(sent(sandbox)).toEqual(['POST /api/dashboards/db', 'GET /api/dashboards/uid/alpha']);
  });

  it("a prune's delete a gateway answered 504, then Ctrl-C while its resend waits: still there when read back, unknown, its backup kept as such", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const ws = await pruneWorkspace(sandbox);
    const result = await ws.applyInterrupted(await ws.plan(), { pathPrefix: '/api/dashboards/uid/bravo', methods: ['DELETE'], script: [{ kind: 'status', status: 504 }] });

    expect(result.unknown.map((entry) => [entry.uid, entry.message])).toEqual([
      [
        'bravo',
        "DELETE /api/dashboards/uid/bravo failed: interrupted while waiting to send it again after HTTP 504 Gateway Timeout; that send may have reached Grafana; still there when read back, and a send that met no answer or a gateway's 502/504 may still be processed",
      ],
    ]);
    expect(result.notStarted.map((entry) => entry.uid)).toEqual(['charlie']);
    expect(result.backupsNotDeleted).toEqual([{ kind: 'dashboard', uid: 'bravo', file: result.backups[0], delete: 'unknown', stillThereWhenReadBack: true }]);
    expect(await liveStatus(sandbox, 'bravo')).toBe(200);
  });

  it('a delete refused with a 503 whose resend went out and was cut off unanswered by Ctrl-C: unknown, and something may have been applied', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const ws = await pruneWorkspace(sandbox, 'held');
    sandbox.setFaults({ pathPrefix: '/api/dashboards/uid/bravo', methods: ['DELETE'], script: [{ kind: 'status', status: 503 }, { kind: 'hold' }] });
    sandbox.clearRequests();
    const applying = ws.apply(await ws.plan());
    expect(await requestHeld(sandbox)).toMatchObject({ method: 'DELETE', path: '/api/dashboards/uid/bravo' });
    ws.interrupt();
    const result = await applying;

    expect(result.stoppedBy).toBe('interrupt');
    expect(result.unknown.map((entry) => [entry.uid, entry.message])).toEqual([['bravo', 'DELETE /api/dashboards/uid/bravo failed: no response: interrupted while waiting for the answer']]);
    expect(result.notStarted.map((entry) => entry.uid)).toEqual(['charlie']);
    expect(result.backupsNotDeleted).toEqual([{ kind: 'dashboard', uid: 'bravo', file: result.backups[0], delete: 'unknown' }]);
    expect(nothingApplied(result)).toBe(false);
  });

  it('a library panel create that went out is read back, as a dashboard save is: created, never not started', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const ws = await workspace(sandbox, 'legacy', { '_library/cpu.json': LIBRARY_PANEL, 'alpha.json': dashboard('alpha') });
    const result = await ws.applyInterrupted(await ws.plan(), { pathPrefix: '/api/library-elements', methods: ['POST'], script: [{ kind: 'drop' }] });

    expect(result.libraryPanelsCreated).toEqual(['lp-cpu']);
    expect(result.unknown).toEqual([]);
    expect(result.notStarted.map((entry) => entry.uid)).toEqual(['alpha']);
    // The read-back (who these credentials are, which the panel's last saver is compared with, the plan read already: its org).
    expect(sent(sandbox)).toEqual(['POST /api/library-elements', 'GET /api/library-elements/lp-cpu']);
  });

  it('a library panel delete that went out is read back: deleted, its backup written, never not started', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const ws = await workspace(sandbox, 'legacy', { '_library/cpu.json': LIBRARY_PANEL, 'alpha.json': dashboard('alpha') });
    expect((await ws.apply(await ws.plan())).failures).toEqual([]);
    await ws.remove('_library/cpu.json');
    const result = await ws.applyInterrupted(await ws.plan(), { pathPrefix: '/api/library-elements/lp-cpu', methods: ['DELETE'], script: [{ kind: 'drop' }] });

    expect(result.libraryPanelsDeleted).toEqual(['lp-cpu']);
    expect(result.unknown).toEqual([]);
    expect(result.backups).toHaveLength(1);
  });
});

/** Alpha, bravo and charlie applied, then bravo's and charlie's files removed: a plan that prunes bravo, then charlie. */
async function pruneWorkspace(sandbox: SandboxHandle, interruptAt: 'retry' | 'held' = 'retry') {
  const ws = await workspace(sandbox, 'legacy', { 'alpha.json': dashboard('alpha'), 'bravo.json': dashboard('bravo'), 'charlie.json': dashboard('charlie') }, { interruptAt });
  expect((await ws.apply(await ws.plan())).failures).toEqual([]);
  await ws.remove('bravo.json');
  await ws.remove('charlie.json');
  return ws;
}

/** The status Grafana answers a read of the dashboard with now, the faults lifted (200: still there). */
async function liveStatus(sandbox: SandboxHandle, uid: string): Promise<number> {
  sandbox.setFaults(undefined);
  return (await fetch(`${sandbox.url}/api/dashboards/uid/${uid}`, { headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` } })).status;
}
