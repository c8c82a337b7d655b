import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { WritesInFlight } from '../../src/apply/writes-in-flight.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { requestHeld, startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };
const UIDS = ['d1', 'd2'];

async function writeTree(dir: string, title: (uid: string) => string): Promise<void> {
  for (const uid of UIDS) {
    const file = join(dir, 'dashboards', `${uid}.json`);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify({ uid, title: title(uid), schemaVersion: 39, panels: [] }, null, 2)}\n`);
  }
}

/** Grafana 12 (`/apis`, classic dashboards written through `/api`): a port whose run a test interrupts (Ctrl-C). */
async function workspace(sandbox: SandboxHandle) {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-resumed-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await writeTree(dir, (uid) => `Dashboard ${uid}`);
  const env = { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
  const settings = await loadSettings({ flags: { api: 'auto', root: 'dashboards', concurrency: 1, timeout: 600 }, env, cwd: dir });
  const port = async (signal?: AbortSignal) => {
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {}, ...(signal ? { signal } : {}) });
    onTestFinished(() => grafana.close());
    return grafana;
  };
  return { dir, settings, port };
}

describe('Ctrl-C while a resumed apply checks a change an earlier run of its plan made', () => {
  it('its refused write wrote nothing: a quit names no write in flight, and the interrupted check is not started, not unknown', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const ws = await workspace(sandbox);
    const grafana = await ws.port();
    expect((await applyPlan({ plan: await createPlan({ settings: ws.settings, grafana, git: GIT }), settings: ws.settings, grafana, message: 'seed', force: false })).failures).toEqual([]);
    await writeTree(ws.dir, (uid) => `Dashboard ${uid} renamed`);
    const plan = await createPlan({ settings: ws.settings, grafana, git: GIT });
    expect(plan.summary).toMatchObject({ update: 2 });
    // Run 1 of the saved plan makes both changes.
    expect((await applyPlan({ plan, settings: ws.settings, grafana, message: 'run 1', force: false })).updated).toEqual(UIDS);

    // Run 2, the resume: its save of d1 is refused (d1 moved past the planned version), and the read that checks
    // whether Grafana already holds it is held, as by a slow Grafana, when Ctrl-C comes. (A run's first update reads
    // the dashboard once before its save, to learn which storage Grafana answers from: that read is answered.)
    const controller = new AbortController();
    const resumed = await ws.port(controller.signal);
    onTestFinished(() => {
      controller.abort();
      sandbox.releaseHeld();
    });
    sandbox.setFaults({ pathPrefix: '/apis/dashboard.grafana.app/v0alpha1/namespaces/default/dashboards/d1', methods: ['GET'], script: [{ kind: 'delay', ms: 0 }, { kind: 'hold' }] });
    sandbox.clearRequests();
    const inFlight = new WritesInFlight();
    const applying = applyPlan({ plan, settings: ws.settings, grafana: resumed, message: 'run 2', force: false, signal: controller.signal, inFlight });
    const held = await requestHeld(sandbox);

    // The sandbox's log: d1's write went out and Grafana refused it (412: version-mismatch); what is held is a read.
    const log = sandbox.requests().filter((entry) => entry.path.includes('/dashboards') && !entry.path.includes('?limit=1'));
    expect(log.map((entry) => `${entry.method} ${entry.path.split('?')[0]} ${entry.status}`)).toEqual([
      `GET ${held.path.split('?')[0]} 200`,
      'POST /api/dashboards/db 412',
      `GET ${held.path.split('?')[0]} 0`,
    ]);
    expect(held.path).toContain('/dashboards/d1');
    expect((log[1]!.body as { dashboard: { uid: string } }).dashboard.uid).toBe('d1');
    // What a second Ctrl-C would name as "unknown: … whether they landed is not known": no write Grafana has not answered.
    expect(inFlight.sent()).toEqual([]);

    controller.abort();
    const result = await applying;
    expect(result.stoppedBy).toBe('interrupt');
    expect(result.unknown).toEqual([]);
    expect(result.notStarted.map((entry) => entry.uid)).toEqual(UIDS);
    // No write after the refused one.
    expect(sandbox.requests().filter((entry) => entry.method !== 'GET')).toHaveLength(1);
  });
});
