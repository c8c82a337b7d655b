import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { runCli, type CliResult } from '../../helpers/run-cli.js';
import { keepOutsideGit } from '../../helpers/outside-git.js';
import { copyFixture, lines, writeJson } from './plan-fixture.js';

// The plan's decision worker (src/plan/start-decision-worker.ts) runs only from the built CLI, so these tests spawn
// it. DASHSYNC_DECISION_WORKER_FROM=1 starts it at the first answer to compare, whatever the tree's size; with it or
// without, a plan must print the same thing.

const COUNT = 24;
const model = (n: string, expr: string) => ({
  panels: [{ gridPos: { h: 8, w: 12, x: 0, y: 0 }, id: 1, targets: [{ expr, refId: 'A' }], title: 'CPU', type: 'timeseries' }],
  schemaVersion: 39,
  title: `Generated ${n}`,
  uid: `gen-${n}`,
});
const numbers = Array.from({ length: COUNT }, (_, i) => String(i + 1).padStart(2, '0'));

/** The basic fixture (its dashboards to create) and COUNT dashboards Grafana holds, each changed in its file. */
async function changedTree(handle: SandboxHandle): Promise<string> {
  const dir = keepOutsideGit(await copyFixture('basic'));
  for (const n of numbers) {
    await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: model(n, 'up'), overwrite: true });
    await writeJson(dir, `dashboards/gen-${n}.json`, model(n, `rate(x_${n}[1m])`));
  }
  return dir;
}

function grafanaEnv(handle: SandboxHandle): Record<string, string> {
  return { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
}

async function bothWays(args: string[], cwd: string, env: Record<string, string>, nodeArgs?: (way: string) => string[]): Promise<{ worker: CliResult; single: CliResult }> {
  const worker = await runCli(args, { cwd, env: { ...env, DASHSYNC_DECISION_WORKER_FROM: '1' }, ...(nodeArgs && { nodeArgs: nodeArgs('worker') }) });
  const single = await runCli(args, { cwd, env: { ...env, DASHSYNC_DECISION_WORKER_FROM: 'off' }, ...(nodeArgs && { nodeArgs: nodeArgs('single') }) });
  return { worker, single };
}

describe('the plan compares changed dashboards on a worker thread (DASHSYNC_DECISION_WORKER_FROM)', () => {
  it('plan: the same plan as text and as JSON, each change shown, and the worker ran beside the main thread', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await changedTree(handle);
    const profiles = await mkdtemp(join(tmpdir(), 'dashsync-decision-worker-prof-'));
    onTestFinished(() => rm(profiles, { recursive: true, force: true }));

    const text = await bothWays(['plan', '--detailed-exitcode'], dir, grafanaEnv(handle), (way) => ['--cpu-prof', `--cpu-prof-dir=${join(profiles, way)}`]);
    const json = await bothWays(['plan', '--format', 'json'], dir, grafanaEnv(handle));

    expect(text.worker).toEqual(text.single);
    expect(text.worker.code).toBe(2);
    for (const n of numbers) expect(lines(text.worker.stdout)).toContain(`~ update        dashboards/gen-${n}.json "Generated ${n}" (uid gen-${n}, live version 1) in General: 1 field`);
    expect(lines(text.worker.stdout)).toContain(`Plan: 3 to create, ${COUNT} to update, 0 to move, 0 to delete, 0 unchanged. Folders: 2 to create.`);
    const withoutTime = (result: CliResult) => ({ ...result, stdout: result.stdout.replace(/"createdAt": "[^"]*"/, '"createdAt": "…"') });
    expect(withoutTime(json.worker)).toEqual(withoutTime(json.single));
    // One profile per thread: proof that the worker's plan really decided on a second thread.
    expect(await readdir(join(profiles, 'worker'))).toHaveLength(2);
    expect(await readdir(join(profiles, 'single'))).toHaveLength(1);
  });

  it('the tree reader\'s worker kept for the decisions: the same plan, and one worker both read files and decided answers', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await changedTree(handle);
    const profiles = await mkdtemp(join(tmpdir(), 'dashsync-kept-worker-prof-'));
    onTestFinished(() => rm(profiles, { recursive: true, force: true }));
    const env = grafanaEnv(handle);

    // A profile sample every 20 µs: the worker's first read and first decision (cold code) each take far longer.
    const kept = await runCli(['plan', '--detailed-exitcode'], {
      cwd: dir,
      env: { ...env, DASHSYNC_TREE_WORKER_FROM: '1', DASHSYNC_DECISION_WORKER_FROM: '1' },
      nodeArgs: ['--cpu-prof', '--cpu-prof-interval=20', `--cpu-prof-dir=${profiles}`],
    });
    const single = await runCli(['plan', '--detailed-exitcode'], { cwd: dir, env: { ...env, DASHSYNC_TREE_WORKER_FROM: 'off', DASHSYNC_DECISION_WORKER_FROM: 'off' } });

    expect(kept).toEqual(single);
    expect(kept.code).toBe(2);
    expect(lines(kept.stdout)).toContain(`Plan: 3 to create, ${COUNT} to update, 0 to move, 0 to delete, 0 unchanged. Folders: 2 to create.`);
    // Two threads, not three: the decisions went to the worker that read the tree's last files.
    const files = await readdir(profiles);
    expect(files).toHaveLength(2);
    // Node names a profile CPU.<date>.<time>.<pid>.<thread id>.<n>.cpuprofile; the main thread's id is 0.
    const workerFile = files.find((file) => file.split('.')[4] !== '0')!;
    const profile = JSON.parse(await readFile(join(profiles, workerFile), 'utf8')) as { nodes: { callFrame: { functionName: string } }[] };
    const ran = new Set(profile.nodes.map((node) => node.callFrame.functionName));
    expect([ran.has('readClaimedDashboardFiles'), ran.has('decideAnswerAlone')]).toEqual([true, true]);
  });

  it('the tree reader\'s worker kept for the decisions: a file it read, edited before its answer (size and mtime kept), stops the plan', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await changedTree(handle);
    // The tree's last files are the worker's first chunk: it read this one, and compares its answer. A worker that compared
    // from what its tree pass read instead of the file as it is now (docs/performance.md, perf-74a) would plan the old text.
    const file = join(dir, `dashboards/gen-${COUNT}.json`);
    const before = await stat(file);
    const edited = (await readFile(file, 'utf8')).replace(`rate(x_${COUNT}[1m])`, `rate(y_${COUNT}[1m])`);
    handle.setFaults({ methods: ['GET'], pathPrefix: `/api/dashboards/uid/gen-${COUNT}`, script: [{ kind: 'hold' }] });

    const planned = runCli(['plan', '--detailed-exitcode'], { cwd: dir, env: { ...grafanaEnv(handle), DASHSYNC_TREE_WORKER_FROM: '1', DASHSYNC_DECISION_WORKER_FROM: '1' } });
    // The tree pass is over (nothing is asked of Grafana before it); the file changes while its answer is held.
    await handle.whenHeld(1);
    await writeFile(file, edited);
    await utimes(file, before.atime, before.mtime);
    handle.releaseHeld();
    const result = await planned;

    expect((await stat(file)).size).toBe(before.size);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`dashboards/gen-${COUNT}.json`);
    expect(result.stderr).toContain('the file changed while dashsync was planning; run again');
  });

  it('apply with the worker: every change saved, and the next plan has nothing to do', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await changedTree(handle);
    const env = { ...grafanaEnv(handle), DASHSYNC_DECISION_WORKER_FROM: '1' };

    const applied = await runCli(['apply', '--auto-approve'], { cwd: dir, env });
    const again = await runCli(['plan', '--detailed-exitcode'], { cwd: dir, env });

    expect(applied.code).toBe(0);
    expect(lines(applied.stdout)).toContain(`Applied: 3 created, ${COUNT} updated, 0 moved, 0 deleted. Folders: 2 created`);
    expect(again.code).toBe(0);
    const saved = await apiRequest(handle, 'GET', '/api/dashboards/uid/gen-07');
    expect(saved.body.dashboard.panels[0].targets[0].expr).toBe('rate(x_07[1m])');
  });
});
