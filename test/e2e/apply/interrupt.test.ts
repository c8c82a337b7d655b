import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { writeDashboardTree } from '../../../scripts/lib/generate-dashboards.mjs';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { CLI_PATH, type CliResult } from '../../helpers/run-cli.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { emptyWorkspace, workspaceAt } from './workspace.js';

vi.setConfig({ testTimeout: 180_000 });

const COUNT = 60;

const saves = (sandbox: SandboxHandle) => sandbox.requests().filter((entry) => entry.method === 'POST' && entry.path === '/api/dashboards/db');

/** Spawns `dashsync apply` and sends `signal` once `ready()` holds; resolves with what the CLI printed. */
function applyAndInterrupt(dir: string, sandbox: SandboxHandle, signal: NodeJS.Signals, ready: () => boolean): Promise<CliResult & { sent: boolean }> {
  const env: NodeJS.ProcessEnv = { ...process.env, GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', NO_COLOR: '1' };
  delete env.GRAFANA_TOKEN;
  delete env.GRAFANA_ORG_ID;
  const child = spawn(process.execPath, [CLI_PATH, 'apply', '--concurrency', '2'], { cwd: dir, env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig })));
  void (async () => {
    while (child.exitCode === null && !ready()) await sleep(20);
    if (child.exitCode === null) sent = child.kill(signal);
  })();
  return closed.then(({ code, signal: sig }) => ({ code, signal: sig, stdout, stderr, sent }));
}

describe.each(['SIGINT', 'SIGTERM'] as NodeJS.Signals[])('%s during apply', (signal) => {
  it('stops starting new saves, lets those in flight finish, reports what was done and exits 1; plan + apply then converges', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await emptyWorkspace();
    await mkdir(join(dir, 'dashboards'));
    writeDashboardTree(join(dir, 'dashboards'), { count: COUNT, seed: 5 });
    sandbox.setFaults({ latencyMs: 150, methods: ['POST'], pathPrefix: '/api/dashboards/db' });

    const interrupted = await applyAndInterrupt(dir, sandbox, signal, () => saves(sandbox).length >= 4);
    expect(interrupted.sent).toBe(true);
    expect(interrupted.signal).toBeNull();
    expect(interrupted.code).toBe(1);
    expect(interrupted.stderr).toContain(`${signal}: stopping — no new work starts; waiting for requests in flight`);
    const created = Number(/Applied: (\d+) created, 0 updated, 0 moved, 0 deleted; (\d+) not started\. Folders: \d+ created \(interrupted\)\n/.exec(interrupted.stdout)?.[1]);
    const notStarted = Number(/; (\d+) not started/.exec(interrupted.stdout)?.[1]);
    expect(created).toBeGreaterThan(0);
    expect(created + notStarted).toBe(COUNT);
    expect(interrupted.stderr).toContain(`interrupted: ${notStarted} planned change(s) were not started; what was done is listed above. Run dashsync plan and apply again to finish`);
    expect(interrupted.stderr).toContain(`not started (${notStarted}): create `);
    // Every save that reached Grafana finished and is listed, by uid; none was cut off.
    const saved = saves(sandbox).filter((entry) => entry.status === 200).map((entry) => (entry.body as { dashboard: { uid: string } }).dashboard.uid);
    expect(saved).toHaveLength(created);
    const listed = [...interrupted.stdout.matchAll(/^created: (\S+) "/gm)].map((match) => match[1]);
    expect(listed.sort()).toEqual(saved.sort());

    sandbox.setFaults(undefined);
    const workspace = workspaceAt(dir, sandbox);
    const replan = await workspace.cli(['plan']);
    expect(replan.stdout).toContain(`Plan: ${notStarted} to create, 0 to update, 0 to move, 0 to delete, ${created} unchanged.`);
    const finish = await workspace.cli(['apply']);
    expect(finish.stderr).toBe('');
    expect(finish.code).toBe(0);
    const final = await workspace.cli(['plan', '--detailed-exitcode']);
    expect(final.code).toBe(0);
    expect(final.stdout).toContain(`Plan: 0 to create, 0 to update, 0 to move, 0 to delete, ${COUNT} unchanged.`);
  });
});
