import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { runApply } from '../../src/apply/run-apply.js';
import { renderApplyStop } from '../../src/report/render-apply-result.js';
import { loadSettings } from '../../src/config/load-settings.js';
import type { Settings } from '../../src/config/types.js';
import { describeError } from '../../src/describe-error.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { writePlanFile } from '../../src/plan/plan-file.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { startTestSandbox } from '../helpers/sandbox.js';

// Every failure of an apply before its first write says so in its line: the user needs to know Grafana is untouched.
vi.setConfig({ testTimeout: 60_000 });

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

/** A tree of one new dashboard, and a run's settings and Grafana against the sandbox (a new port per run, as a new process has). */
async function treeOnSandbox(sandbox: SandboxHandle) {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-nothing-applied-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards'));
  await writeFile(join(dir, 'dashboards', 'a.json'), `${JSON.stringify({ panels: [], title: 'A', uid: 'a-1' }, null, 2)}\n`);
  const settings = await loadSettings({ flags: { api: 'legacy', timeout: 2 }, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  return { dir, settings };
}

async function portOf(settings: Settings) {
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
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
    expect(renderApplyStop(result, 'cli')).toMatch(
      /^stopped before the first write: Grafana answered 401 Unauthorized; nothing was applied\. Check \S.* and run again\n$/,
    );
    expect(renderApplyStop(result, 'action')).toMatch(/^stopped before the first write: Grafana answered 401 Unauthorized; nothing was applied\. Check the grafana-token input.* and run again\n$/);
  });
});
