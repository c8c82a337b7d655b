import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { writeDashboardTree } from '../../scripts/lib/generate-dashboards.mjs';
import { CLI_PATH, NPX_VARIABLES, refuseStaleDist } from '../helpers/run-cli.js';
import { TEST_NODE } from '../helpers/test-node.js';
import { requestHeld, requestsHeld, startTestSandbox } from '../helpers/sandbox.js';
import { emptyWorkspace, exampleWorkspace, listJsonFiles, workspaceAt, useApi } from './apply/workspace.js';

vi.setConfig({ testTimeout: 120_000 });

/**
 * The built binary, as users and CI run it: one run of each command that talks to Grafana
 * (the other tests drive the same code in-process), and the exit codes, which are an API
 * (README "Exit codes"): 0 success, 1 error, 2 changes with --detailed-exitcode, 130 a
 * second Ctrl-C of apply (or one of plan). check, sandbox and an interrupted apply have their own spawned tests.
 */
describe('the built CLI', () => {
  it('plan, apply, pull, prune and restore, one run each; exit 2 with changes under --detailed-exitcode, 0 without, 1 for an error', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, 'legacy');
    // A YAML file in the tree is read by yaml, in a chunk of its own in the bundle (a stray one is passed over).
    await writeFile(join(workspace.dir, 'dashboards/OWNERS.yaml'), 'approvers: [platform-team]\n');

    const changes = await workspace.spawnCli(['plan', '--detailed-exitcode']);
    expect([changes.code, changes.stderr]).toEqual([2, '']);
    expect(changes.stdout).toContain('Plan: 7 to create, 0 to update, 0 to move, 0 to delete, 0 unchanged. Folders: 5 to create.\n');
    const applied = await workspace.spawnCli(['apply']);
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    expect(applied.stdout).toContain('Applied: 7 created, 0 updated, 0 moved, 0 deleted. Folders: 5 created\n');

    const pulled = workspaceAt(await emptyWorkspace(), sandbox);
    const pull = await pulled.spawnCli(['pull']);
    expect([pull.code, pull.stderr]).toEqual([0, 'note: the tree is empty: pulling every dashboard (as with --all)\n']);
    expect((await listJsonFiles(join(pulled.dir, 'dashboards'))).filter((file) => !file.endsWith('_folder.json'))).toHaveLength(7);
    const none = await pulled.spawnCli(['plan', '--detailed-exitcode']);
    expect([none.code, none.stderr]).toEqual([0, '']);
    expect(none.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 7 unchanged.');

    await rm(join(workspace.dir, 'dashboards/platform/databases/redis.json'));
    const pruned = await workspace.spawnCli(['apply', '--prune']);
    expect([pruned.code, pruned.stderr]).toEqual([0, '']);
    expect(pruned.stdout).toContain('Applied: 0 created, 0 updated, 0 moved, 1 deleted\n');
    const restored = await workspace.spawnCli(['restore', 'redis-exporter']);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    expect(restored.stdout).toMatch(/^restored redis-exporter "Redis" from \.dashsync\/backups\/redis-exporter\/.*\.json into folder "databases" \(ds-databases-/);

    const bad = await workspace.spawnCli(['plan', '--frobnicate']);
    expect([bad.code, bad.stdout, bad.stderr]).toEqual([1, '', 'error: unknown option --frobnicate (see dashsync plan --help)\n']);
  });

  it('130 when a second Ctrl-C quits at once, after one line naming the saves Grafana has not answered', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await emptyWorkspace();
    await mkdir(join(dir, 'dashboards'));
    writeDashboardTree(join(dir, 'dashboards'), { count: 20, seed: 3 });
    // The first two saves are never answered, and the request timeout and the grace after Ctrl-C are far away: after the first
    // Ctrl-C the run waits for those saves until the second Ctrl-C comes, whatever this machine's speed.
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'hold' }, { kind: 'hold' }] });
    const env: NodeJS.ProcessEnv = { ...process.env, GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', NO_COLOR: '1' };
    delete env.GRAFANA_TOKEN;
    delete env.GRAFANA_ORG_ID;
    for (const key of NPX_VARIABLES) delete env[key];

    refuseStaleDist();
    const child = spawn(TEST_NODE, [CLI_PATH, 'apply', '--api', 'legacy', '--concurrency', '2', '--timeout', '600', '--interrupt-grace', '600'], { cwd: dir, env, stdio: 'pipe' });
    let stderr = '';
    let noted = false;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      // The second Ctrl-C goes out once the first one was handled: its note is the exact state to wait for.
      if (!noted && stderr.includes('requests in flight get up to 600 s to finish (press Ctrl-C again to quit now)')) {
        noted = true;
        child.kill('SIGINT');
      }
    });
    child.stdout.resume();
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    const held = await requestsHeld(sandbox, 2);
    child.kill('SIGINT');

    expect(await closed).toEqual({ code: 130, signal: null });
    const saves = held.map((entry) => (entry.body as { dashboard: { uid: string; title: string } }).dashboard);
    const last = stderr.trimEnd().split('\n').at(-1)!;
    const named = /^unknown: (.*): quit before Grafana answered; whether they landed is not known: dashsync plan --api legacy will show it$/.exec(last)?.[1];
    expect(named?.split(', ').sort()).toEqual(saves.map((save) => `create ${save.uid} "${save.title}"`).sort());
  });

  it('a single Ctrl-C of plan quits at once: nothing printed, ended by the signal (130 in a shell), nothing written', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await exampleWorkspace(sandbox);
    sandbox.setFaults({ methods: ['GET'], pathPrefix: '/api/health', script: [{ kind: 'hold' }] });
    refuseStaleDist();
    const env: NodeJS.ProcessEnv = { ...process.env, GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', NO_COLOR: '1' };
    delete env.GRAFANA_TOKEN;
    delete env.GRAFANA_ORG_ID;
    for (const key of NPX_VARIABLES) delete env[key];
    const child = spawn(TEST_NODE, [CLI_PATH, 'plan', '--api', 'legacy'], { cwd: workspace.dir, env, stdio: 'pipe' });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    await requestHeld(sandbox);
    child.kill('SIGINT');
    expect(await closed).toEqual({ code: null, signal: 'SIGINT' });
    expect(output).toBe('');
    expect(sandbox.requests().filter((entry) => entry.method !== 'GET')).toEqual([]);
  });
});
