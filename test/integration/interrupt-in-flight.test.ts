import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { nothingApplied, type ApplyEvent } from '../../src/apply/types.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { InterruptedError } from '../../src/errors.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { describeApplyEvent } from '../../src/report/render-apply-event.js';
import { renderApplyEventLine } from '../../src/report/render-apply-json.js';
import { renderApplyStop } from '../../src/report/render-apply-result.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { startHoldingRelay } from '../helpers/holding-relay.js';
import { requestHeld, startTestSandbox } from '../helpers/sandbox.js';
import { useTestPki } from '../helpers/tls.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };
const UIDS = ['alpha', 'bravo', 'charlie', 'delta'];

/**
 * A Grafana that stops answering mid-run (the sandbox's `hold` fault never answers) and a Ctrl-C:
 * the run ends without waiting for the answer, and says truthfully what it did. The timeout is
 * longer than any test may run: a run that ends was ended by the interrupt.
 */
async function workspace(sandbox: SandboxHandle, api: 'legacy' | 'auto' = 'legacy', reach: { url: string; caCert: string; interruptGrace: number } | null = null) {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-interrupt-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  for (const uid of UIDS) {
    const file = join(dir, 'dashboards', `${uid}.json`);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify({ uid, title: `Dashboard ${uid}`, schemaVersion: 39, panels: [] }, null, 2)}\n`);
  }
  const env = { GRAFANA_URL: reach?.url ?? sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
  const flags = { api, root: 'dashboards', concurrency: 1, timeout: 600, ...(reach && { caCert: reach.caCert, interruptGrace: reach.interruptGrace }) };
  const settings = await loadSettings({ flags, env, cwd: dir });
  const controller = new AbortController();
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {}, signal: controller.signal });
  onTestFinished(() => grafana.close());
  return { settings, grafana, signal: controller.signal, interrupt: () => controller.abort() };
}

describe('Ctrl-C while Grafana holds a request', () => {
  const pki = useTestPki();

  // On the old code the create waiting for its connection counted as sent: unknown ("interrupted after its write was sent"), and the run not "nothing was applied".
  it("apply: Ctrl-C while the first write's connection is being made: not started, and nothing was applied", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12', tls: { cert: pki.server.cert, key: pki.server.key } });
    const relay = await startHoldingRelay(sandbox.url);
    // A grace longer than the test: it is for a write that left, which this one has not (was waited out, and the save sent once the handshake finished).
    const run = await workspace(sandbox, 'legacy', { url: relay.url, caCert: pki.ca.certFile, interruptGrace: 3600 });
    const plan = await createPlan({ ...run, git: GIT });
    expect(plan.summary).toMatchObject({ create: 4 });
    sandbox.clearRequests();
    // The plan's connection is cut: the first save needs a new one, whose TLS handshake is held.
    relay.hold();
    const applying = applyPlan({ plan, ...run, message: 'dashsync: test', force: false });
    await relay.connectionHeld();
    run.interrupt();
    // The handshake is let through at once: undici never writes the save on it.
    relay.release();
    const result = await applying;

    expect(result.stoppedBy).toBe('interrupt');
    expect(result.unknown).toEqual([]);
    expect(result.notStarted.map((entry) => entry.uid).sort()).toEqual([...UIDS].sort());
    expect(nothingApplied(result)).toBe(true);
    expect(renderApplyStop(result, 'cli', 'plan.json')).toMatch(/^interrupted before the first write; nothing was applied\. Run dashsync apply plan\.json again/);
    expect(sandbox.requests().filter((entry) => entry.method !== 'GET')).toEqual([]);
  });

  it('apply: the save in flight is unknown (it was sent), the rest not started, nothing reported done that was not; a plan then shows what is left', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const run = await workspace(sandbox);
    const plan = await createPlan({ ...run, git: GIT });
    expect(plan.summary).toMatchObject({ create: 4 });
    // The first save lands; the second is held, as by a Grafana that stopped answering.
    sandbox.setFaults({ pathPrefix: '/api/dashboards/db', methods: ['POST'], script: [{ kind: 'delay', ms: 0 }, { kind: 'hold' }] });
    sandbox.clearRequests();

    const events: ApplyEvent[] = [];
    const applying = applyPlan({ plan, ...run, message: 'dashsync: test', force: false, onEvent: (event) => events.push(event) });
    const held = (await requestHeld(sandbox)).body as { dashboard: { uid: string } };
    run.interrupt();
    const result = await applying;

    const [first, second, ...rest] = plan.actions.filter((action) => action.kind === 'dashboard').map((action) => action.uid);
    expect(held.dashboard.uid).toBe(second);
    expect(result.stoppedBy).toBe('interrupt');
    expect(result.created).toEqual([first]);
    expect(result.unknown).toEqual([
      { uid: second, title: `Dashboard ${second}`, action: 'create', message: 'POST /api/dashboards/db failed: no response: interrupted while waiting for the answer' },
    ]);
    expect(result.notStarted.map((entry) => entry.uid).sort()).toEqual([...rest].sort());
    expect(result.failures).toEqual([]);
    expect(events.map((event) => `${event.outcome} ${event.uid}`)).toEqual([`created ${first}`, `unknown ${second}`, ...rest.map((uid) => `not-started ${uid}`)]);
    // Nothing was sent after the interrupt (the read-back of the unknown save included).
    expect(sandbox.requests().map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual(['POST /api/dashboards/db 200', 'POST /api/dashboards/db 0']);

    sandbox.setFaults(undefined);
    const after = await createGrafanaPort(run.settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => after.close());
    const replan = await createPlan({ settings: run.settings, grafana: after, git: GIT });
    expect(replan.summary).toMatchObject({ create: 3, unchanged: 1 });
  });

  // On the old code the create was reported unknown ("interrupted after its write was sent"), though Grafana had answered it 2xx.
  it('apply on Grafana 12 (api auto): a save Grafana answered whose read back Ctrl-C cuts is done, at the answer\'s version, and its line says the read back was cut', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const run = await workspace(sandbox, 'auto');
    const plan = await createPlan({ ...run, git: GIT });
    const first = plan.actions.find((action) => action.kind === 'dashboard')!.uid;
    // Classic dashboards are saved through POST /api/dashboards/db, then read back from /apis: that read is held.
    sandbox.setFaults({ pathPrefix: `/apis/dashboard.grafana.app/v0alpha1/namespaces/default/dashboards/${first}`, methods: ['GET'], script: [{ kind: 'hold' }] });
    sandbox.clearRequests();

    const events: ApplyEvent[] = [];
    const applying = applyPlan({ plan, ...run, message: 'dashsync: test', force: false, onEvent: (event) => events.push(event) });
    await requestHeld(sandbox);
    run.interrupt();
    const result = await applying;

    expect(sandbox.requests().filter((entry) => entry.method === 'POST').map((entry) => `${entry.path} ${entry.status}`)).toEqual(['/api/dashboards/db 200']);
    expect(result.unknown).toEqual([]);
    expect(result.created).toEqual([first]);
    expect(result.notStarted).toHaveLength(UIDS.length - 1);
    const created = events.find((event) => event.outcome === 'created')!;
    expect(created).toMatchObject({ uid: first, version: 1, readBackCut: true });
    expect(describeApplyEvent(created, run.settings.cwd, 'cli')).toBe(
      `created: ${first} "Dashboard ${first}" (dashboards/${first}.json); Grafana answered the save (the version is its answer's), and Ctrl-C cut off the read back after it`,
    );
    expect(renderApplyEventLine(created, new Map(), run.settings.cwd)).toContain('"versionAfter":1,"message":"Grafana answered the save (the version is its answer\'s), and Ctrl-C cut off the read back after it","readBackCut":true');
  });

  it('plan: a read held by Grafana ends the plan as interrupted, nothing applied', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const run = await workspace(sandbox);
    sandbox.setFaults({ pathPrefix: '/api/search', script: [{ kind: 'hold' }] });

    const planning = createPlan({ ...run, git: GIT }).catch((error: unknown) => error);
    await requestHeld(sandbox);
    run.interrupt();
    const error = await planning;

    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as Error).message).toBe('interrupted while planning');
    expect(sandbox.requests().filter((entry) => entry.method !== 'GET')).toEqual([]);
  });
});
