import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import type { ApiMode } from '../../src/config/types.js';
import { openGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import type { Plan } from '../../src/plan/types.js';
import type { FaultConfig, SandboxHandle } from '../../src/sandbox/types.js';
import { startTestSandbox } from '../helpers/sandbox.js';

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
 * depend on how fast the machine is.
 */
async function workspace(sandbox: SandboxHandle, api: ApiMode, files: Record<string, unknown>) {
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
    { url: sandbox.url, auth: settings.auth, timeoutMs: 600_000, concurrency: 1, env: {}, signal: controller.signal, graceMs: 600_000, onRetry: () => controller.abort() },
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
  return { plan, apply, applyInterrupted, remove: (path: string) => rm(join(dir, 'dashboards', path)) };
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

  it.each([
    ['refused (403): still in Grafana', { kind: 'status' as const, status: 403 }, 'not-made', 200],
    // Its retry is Ctrl-C, which cuts off the answer to a write that went out.
    ['cut off by Ctrl-C while it waited for the answer: whether it landed is not known', { kind: 'status' as const, status: 503 }, 'unknown', 200],
  ] as const)('the backup of a delete %s is counted apart from those of what was deleted', async (_name, fault, outcome, status) => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const ws = await workspace(sandbox, 'legacy', { 'alpha.json': dashboard('alpha'), 'bravo.json': dashboard('bravo'), 'charlie.json': dashboard('charlie') });
    expect((await ws.apply(await ws.plan())).failures).toEqual([]);
    await ws.remove('bravo.json');
    await ws.remove('charlie.json');
    const result = await ws.applyInterrupted(await ws.plan(), { pathPrefix: '/api/dashboards/uid/bravo', methods: ['DELETE'], script: [fault] });

    expect(result.backups).toHaveLength(outcome === 'unknown' ? 1 : 2);
    expect(result.backupsNotDeleted).toEqual([{ kind: 'dashboard', uid: 'bravo', file: result.backups.find((file) => file.includes('/bravo/')), delete: outcome }]);
    sandbox.setFaults(undefined);
    expect((await fetch(`${sandbox.url}/api/dashboards/uid/bravo`, { headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` } })).status).toBe(status);
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
