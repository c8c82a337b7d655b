import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { CLI_PATH, cleanEnv, refuseStaleDist } from '../../helpers/run-cli.js';
import { generatedTree, holdSavesAfter } from '../../helpers/generated-tree.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { exampleWorkspace, getDashboard } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

/** `dashsync apply …` as a child process whose output is read as it comes. */
function spawnApply(dir: string, sandbox: SandboxHandle, args: string[]) {
  refuseStaleDist();
  const env = cleanEnv({ GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' });
  const child = spawn(process.execPath, [CLI_PATH, 'apply', ...args], { cwd: dir, env, stdio: 'pipe' });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.resume();
  const closed = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
  return { stdout: () => stdout, kill: () => child.kill('SIGKILL'), closed };
}

const held = (sandbox: SandboxHandle) => sandbox.requests().filter((entry) => entry.fault === 'hold' && entry.status === 0).length;

/** Waits until `ready()` (at most a minute: a CLI that prints nothing until the end never gets there). */
async function until(ready: () => boolean): Promise<void> {
  for (let waited = 0; !ready() && waited < 60_000; waited += 20) await sleep(20);
}

describe('kill -9 during apply: the log already shows what was done', () => {
  it('each save is printed when Grafana confirms it', async () => {
    const { sandbox, dir } = await generatedTree({ count: 40, seed: 13 });
    // Six saves are answered, then both slots (concurrency 2) are held, with a request timeout far away: the run
    // cannot finish before the kill, however slowly this machine runs, and every answer it got it has had time to print.
    holdSavesAfter(sandbox, 6);

    const apply = spawnApply(dir, sandbox, ['--concurrency', '2', '--timeout', '600']);
    const printed = () => [...apply.stdout().matchAll(/^created: (?!folder )(\S+) "/gm)].map((match) => match[1]!);
    await until(() => held(sandbox) === 2 && printed().length >= 6);
    apply.kill();
    expect(await apply.closed).toBe('SIGKILL');

    const saved = sandbox
      .requests()
      .filter((entry) => entry.path === '/api/dashboards/db' && entry.status === 200)
      .map((entry) => (entry.body as { dashboard: { uid: string } }).dashboard.uid);
    // Each answered save was printed before the process died; the two held ones (in flight) were not.
    expect(printed()).toHaveLength(6);
    expect(saved.sort()).toEqual(printed().sort());
    expect(apply.stdout()).not.toContain('Applied:');
  });

  it('a delete\'s backup line is printed before the DELETE is sent', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await exampleWorkspace(sandbox);
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await rm(join(workspace.dir, 'dashboards/platform/databases/redis.json'));
    await rm(join(workspace.dir, 'dashboards/applications/checkout/checkout-logs.json'));
    // Grafana never answers a DELETE: the process is killed while both are in flight.
    sandbox.setFaults({ latencyMs: 600_000, methods: ['DELETE'] });

    const apply = spawnApply(workspace.dir, sandbox, ['--prune']);
    const backups = () => [...apply.stdout().matchAll(/^backup: (\S+)$/gm)].map((match) => match[1]!);
    await until(() => backups().length >= 2);
    apply.kill();
    expect(await apply.closed).toBe('SIGKILL');

    expect(backups()).toHaveLength(2);
    const backedUp = await Promise.all(backups().map(async (path) => JSON.parse(await readFile(join(workspace.dir, path), 'utf8')).uid));
    expect(backedUp.sort()).toEqual(['checkout-logs', 'redis-exporter']);
    expect(sandbox.requests().filter((entry) => entry.method === 'DELETE')).toEqual([]);
    for (const uid of backedUp) expect((await getDashboard(sandbox, uid)).status).toBe(200);
  });
});
