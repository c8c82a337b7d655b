import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { runApply } from '../../src/apply/run-apply.js';
import { renderApplyStop } from '../../src/report/render-apply-result.js';
import { renderApplyResultLine } from '../../src/report/render-apply-json.js';
import { loadSettings } from '../../src/config/load-settings.js';
import type { Settings } from '../../src/config/types.js';
import { describeError } from '../../src/describe-error.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { writePlanFile } from '../../src/plan/plan-file.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { NO_RETRY_WAITS } from '../helpers/run-cli.js';
import { startTestSandbox } from '../helpers/sandbox.js';

// Every failure of an apply before its first write says so in its line: the user needs to know Grafana is untouched.
vi.setConfig({ testTimeout: 60_000 });

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

/**
 * A tree of new dashboards (one unless `count` says), and a run's settings and Grafana against the sandbox (a new port per
 * run, as a new process has). `concurrency` 1: one connection to Grafana, one action at a time.
 */
async function treeOnSandbox(sandbox: SandboxHandle, count = 1) {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-nothing-applied-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards'));
  for (const name of ['a', 'b', 'c'].slice(0, count)) {
    await writeFile(join(dir, 'dashboards', `${name}.json`), `${JSON.stringify({ panels: [], title: name.toUpperCase(), uid: `${name}-1` }, null, 2)}\n`);
  }
  const settings = await loadSettings({ flags: { api: 'legacy', timeout: 2, concurrency: 1 }, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  return { dir, settings };
}

/** The result line of `apply --format json` for a run's result. */
function jsonResult(result: Parameters<typeof renderApplyResultLine>[0], cwd: string): Record<string, unknown> {
  return JSON.parse(renderApplyResultLine(result, { backupDir: join(cwd, '.dashsync'), cwd, selection: {}, retried: null, exitCode: 1 })) as Record<string, unknown>;
}

/** Grafana unreachable or refusing: its requests' resends go at once (what each run says is under test, not its waits). */
async function portOf(settings: Settings) {
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: NO_RETRY_WAITS });
  onTestFinished(() => grafana.close());
  return grafana;
}

/** The line the user reads for the apply's failure, hint included. */
async function failureLine(run: Promise<unknown>): Promise<string> {
  const error = await run.then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).not.toBeNull();
  const described = describeError(error, 'cli');
  expect(described.exitCode).toBe(1);
  return `${described.line}${described.hint ?? ''}`;
}

const writesSent = (sandbox: SandboxHandle) => sandbox.requests().filter((request) => request.method !== 'GET');

describe('apply <plan file>: a failure before the first write says nothing was applied', () => {
  async function savedPlan() {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const { dir, settings } = await treeOnSandbox(sandbox);
    await writePlanFile(join(dir, 'plan.json'), await createPlan({ settings, grafana: await portOf(settings), git: GIT }));
    sandbox.clearRequests();
    return { sandbox, settings };
  }

  it('Grafana unreachable at the start', async () => {
    const { sandbox, settings } = await savedPlan();
    await sandbox.goAway();
    const line = await failureLine(runApply({ settings, grafana: await portOf(settings), env: {}, force: false, planFile: 'plan.json' }));
    expect(line).toMatch(/^GET \S+ failed: no response: .*; nothing was applied$/);
  });

  it('the version check fails (GET /api/health answers 500)', async () => {
    const { sandbox, settings } = await savedPlan();
    sandbox.setFaults({ errorRate: 1, errorStatus: 500, pathPrefix: '/api/health' });
    const line = await failureLine(runApply({ settings, grafana: await portOf(settings), env: {}, force: false, planFile: 'plan.json' }));
    expect(line).toMatch(/^GET \/api\/health failed: HTTP 500.*; nothing was applied$/);
    expect(writesSent(sandbox)).toEqual([]);
  });

  it('a plan file that cannot be read', async () => {
    const { sandbox, settings } = await savedPlan();
    const line = await failureLine(runApply({ settings, grafana: await portOf(settings), env: {}, force: false, planFile: 'missing.json' }));
    expect(line).toMatch(/missing\.json.*; nothing was applied$/);
    expect(sandbox.requests()).toEqual([]);
  });
});

describe('apply without a plan file: Grafana never answered while it planned', () => {
  it('keeps the "unreachable" hint and says nothing was applied', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const { settings } = await treeOnSandbox(sandbox);
    const grafana = await portOf(settings);
    // Closed, not gone away: the connection is refused (what a wrong URL or a stopped Grafana gives), not reset.
    await sandbox.close();
    const line = await failureLine(runApply({ settings, grafana, env: {}, force: false }));
    expect(line).toMatch(/^GET \S+ failed: no response: connection refused.* \(is the Grafana URL right, and Grafana reachable from here\?\); nothing was applied$/);
  });
});

describe('apply: a 401 at the first write (credentials revoked after the checks) stops it with nothing applied', () => {
  it("says so in its stop line, in the CLI's words and the Action's", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const { settings } = await treeOnSandbox(sandbox);
    sandbox.setFaults({ errorRate: 1, errorStatus: 401, methods: ['POST'], pathPrefix: '/api/dashboards/db' });
    const applied = await runApply({ settings, grafana: await portOf(settings), env: {}, force: false });
    const result = applied.result!;
    expect(result.stoppedBy).toBe('unauthorized');
    expect(result.created).toEqual([]);
    const writes = writesSent(sandbox);
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((request) => request.status === 401)).toBe(true);
    // The write it stopped at was sent, and refused: no write of the run landed.
    expect(renderApplyStop(result, 'cli')).toMatch(
      /^stopped before any write landed: Grafana answered 401 Unauthorized; nothing was applied\. Check \S.* and run again\n$/,
    );
    expect(renderApplyStop(result, 'action')).toMatch(/^stopped before any write landed: Grafana answered 401 Unauthorized; nothing was applied\. Check the grafana-token input, then re-run this job \(its re-run icon under Jobs, on its workflow run's page\)\n$/);
  });
});

describe('apply: one rule for "nothing was applied", whatever stopped it (apply-50)', () => {
  it('Ctrl-C after Grafana refused a write (403): that write did not land, so nothing was applied, in text, JSON and the Action', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const { dir, settings } = await treeOnSandbox(sandbox, 2);
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'status', status: 403 }] });
    const controller = new AbortController();
    // Ctrl-C as the refusal's line is printed: the second dashboard is not started (one action at a time).
    const applied = await runApply({ settings, grafana: await portOf(settings), env: {}, force: false, signal: controller.signal, onEvent: (event) => event.outcome === 'failed' && controller.abort() });
    const result = applied.result!;
    expect(result).toMatchObject({ stoppedBy: 'interrupt', created: [], unknown: [] });
    expect(result.failures).toHaveLength(1);
    expect(result.notStarted).toHaveLength(1);
    expect(writesSent(sandbox).map((request) => request.status)).toEqual([403]);
    expect(renderApplyStop(result, 'cli').split('\n')[0]).toBe('interrupted before any write landed; nothing was applied. Run dashsync apply again');
    expect(renderApplyStop(result, 'action').split('\n')[0]).toBe(`interrupted before any write landed; nothing was applied. Re-run this job (its re-run icon under Jobs, on its workflow run's page)`);
    expect(jsonResult(result, dir)).toMatchObject({ stoppedBy: 'interrupt', nothingApplied: true });
  });

  it('a write whose connection was refused cannot have landed: Grafana gone after a 503 stops the run with nothing applied, not an unknown write', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const { dir, settings } = await treeOnSandbox(sandbox);
    // The load balancer's 503 ("not processed"), then the host is down: every resend of the save finds its connection refused.
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'status', status: 503, thenDown: true }] });
    const applied = await runApply({ settings, grafana: await portOf(settings), env: {}, force: false });
    const result = applied.result!;
    expect(result).toMatchObject({ stoppedBy: 'unreachable', created: [], unknown: [] });
    expect(result.failures).toMatchObject([{ uid: 'a-1', message: 'no answer from Grafana' }]);
    expect(result.failures[0]!.mayHaveLanded).toBeUndefined();
    expect(result.stopReason).toMatch(/^POST \/api\/dashboards\/db failed: no response: connection refused \(ECONNREFUSED\)/);
    expect(renderApplyStop(result, 'cli')).toMatch(
      /^stopped before any write landed: Grafana stopped answering \(POST \/api\/dashboards\/db failed: no response: connection refused \(ECONNREFUSED\).*\); nothing was applied\. Run dashsync apply again once it answers\n$/,
    );
    expect(renderApplyStop(result, 'action')).toMatch(/; nothing was applied\. Re-run this job \(its re-run icon under Jobs, on its workflow run's page\) once it answers\n$/);
    expect(jsonResult(result, dir)).toMatchObject({ stoppedBy: 'unreachable', nothingApplied: true, unknown: [] });
  });
});
