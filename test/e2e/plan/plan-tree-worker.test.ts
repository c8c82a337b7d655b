import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { keepOutsideGit } from '../../helpers/outside-git.js';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { runCli, type CliResult } from '../../helpers/run-cli.js';
import { copyFixture, lines, writeJson } from './plan-fixture.js';

// The tree reader worker (src/files/read-dashboard-files.ts) runs only from the built CLI, so
// these tests spawn it. DASHSYNC_TREE_WORKER_FROM=1 starts it for any tree, and it always reads
// the tree's last chunk of files itself (8 files: here the zz-* ones and the gen files before
// them); the main thread reads the first ones. Both paths must print the same thing.

/** The basic fixture and 20 more good dashboards. */
async function goodTree(): Promise<string> {
  const dir = await copyFixture('basic');
  for (let i = 1; i <= 20; i += 1) {
    const n = String(i).padStart(2, '0');
    await writeJson(dir, `dashboards/gen/gen-${n}.json`, { panels: [], title: `Generated ${n}`, uid: `gen-${n}` });
  }
  return dir;
}

/** Bad files on both threads' shares: the first ones (apps/) the main thread's, the zz-* ones the worker's. */
async function badTree(): Promise<string> {
  const dir = await goodTree();
  const latin1 = (uid: string) => Buffer.concat([Buffer.from(`{\n  "title": "Caf`), Buffer.from([0xe9]), Buffer.from(`",\n  "uid": "${uid}"\n}\n`)]);
  await writeFile(join(dir, 'dashboards/apps/a-latin1.json'), latin1('a-latin1'));
  await writeJson(dir, 'dashboards/apps/a-twice.json', '{\n  "title": "First",\n  "uid": "a-twice",\n  "title": "Second"\n}\n');
  await writeFile(join(dir, 'dashboards/zz-latin1.json'), latin1('zz-latin1'));
  await writeJson(dir, 'dashboards/zz-twice.json', '{\n  "uid": "zz-twice",\n  "title": "First",\n  "title": "Second"\n}\n');
  await writeJson(dir, 'dashboards/zz-no-uid.json', '{\n  "title": "No uid"\n}\n');
  // The same uid as dashboards/infra/node-cpu.json, which the main thread reads.
  await writeJson(dir, 'dashboards/zz-copy.json', '{\n  "title": "Copy",\n  "uid": "node-cpu"\n}\n');
  return dir;
}

const BAD_TREE_ERRORS = [
  'dashboards/apps/a-latin1.json:2:16: error: the file is not UTF-8: byte 0xE9 here is not valid UTF-8 (saved as Latin-1 or Windows-1252?); save the file as UTF-8 (not-utf8)',
  'dashboards/apps/a-twice.json:4:3: error: key "title" appears twice in one object (first at line 2, col 3); JSON keeps only the last value silently: remove one (json-duplicate-key)',
  'dashboards/infra/node-cpu.json:24:10: error: uid "node-cpu" is also used by dashboards/zz-copy.json: every dashboard needs its own uid; for a copy, remove its "uid" and run dashsync check --fix (it writes a new one) (uid-duplicate)',
  'dashboards/zz-copy.json:3:10: error: uid "node-cpu" is also used by dashboards/infra/node-cpu.json: every dashboard needs its own uid; for a copy, remove its "uid" and run dashsync check --fix (it writes a new one) (uid-duplicate)',
  'dashboards/zz-latin1.json:2:16: error: the file is not UTF-8: byte 0xE9 here is not valid UTF-8 (saved as Latin-1 or Windows-1252?); save the file as UTF-8 (not-utf8)',
  'dashboards/zz-no-uid.json:1:1: error: dashboard has no "uid": if it already exists in Grafana (a file exported or written by another tool, such as Terraform), `dashsync pull` writes it with its uid (a new uid would make a second copy); else run `dashsync check --fix` to add a stable one (uid-missing)',
  'dashboards/zz-twice.json:4:3: error: key "title" appears twice in one object (first at line 3, col 3); JSON keeps only the last value silently: remove one (json-duplicate-key)',
];

function grafanaEnv(handle: SandboxHandle): Record<string, string> {
  return { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
}

/** The same command with the worker (for any tree) and without it. */
async function bothWays(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ worker: CliResult; single: CliResult }> {
  const worker = await runCli(args, { cwd, env: { ...env, DASHSYNC_TREE_WORKER_FROM: '1' } });
  const single = await runCli(args, { cwd, env: { ...env, DASHSYNC_TREE_WORKER_FROM: 'off' } });
  return { worker, single };
}

describe('the tree read on two threads (DASHSYNC_TREE_WORKER_FROM)', () => {
  it('check: the same diagnostics, with line:col, in the same order, and the same exit code', async () => {
    const dir = keepOutsideGit(await badTree());

    const { worker, single } = await bothWays(['check'], dir);

    expect(worker).toEqual(single);
    expect(worker.code).toBe(1);
    // check (not plan) also says which of two files sharing a uid git knew first: the tree here is no repository.
    const checkErrors = BAD_TREE_ERRORS.map((line) => line.replace('(it writes a new one) (uid-duplicate)', '(it writes a new one); git cannot tell which of them is the copy (no git repository here) (uid-duplicate)'));
    expect(lines(worker.stdout).filter((line) => line.includes(': error: '))).toEqual(checkErrors);
  });

  it('plan of a bad tree: the same errors, exit 1, and no request reaches Grafana either way', async () => {
    const handle = await startTestSandbox();
    const dir = await badTree();

    const { worker, single } = await bothWays(['plan', '--detailed-exitcode'], dir, grafanaEnv(handle));

    expect(worker).toEqual(single);
    expect(worker.code).toBe(1);
    expect(lines(worker.stderr).slice(0, -1)).toEqual(BAD_TREE_ERRORS);
    expect(handle.requests()).toEqual([]);
  });

  it('plan of a valid tree: the same plan', async () => {
    const handle = await startTestSandbox();
    const dir = await goodTree();

    const { worker, single } = await bothWays(['plan', '--detailed-exitcode'], dir, grafanaEnv(handle));

    expect(worker).toEqual(single);
    expect(worker.code).toBe(2);
    // gen-20 is in the worker's first chunk.
    expect(lines(worker.stdout)).toContain('+ create        dashboards/gen/gen-20.json "Generated 20" (uid gen-20) in "gen"');
  });

  it('node --cpu-prof profiles the worker thread beside the main one, and the run ends as usual', async () => {
    const dir = await goodTree();
    const profiles = await mkdtemp(join(tmpdir(), 'dashsync-tree-worker-prof-'));
    onTestFinished(() => rm(profiles, { recursive: true, force: true }));
    const profiled = (name: string) => ['--cpu-prof', `--cpu-prof-dir=${join(profiles, name)}`];

    const { worker, single } = await bothWays(['check'], dir, {});
    const workerProfiled = await runCli(['check'], { cwd: dir, env: { DASHSYNC_TREE_WORKER_FROM: '1' }, nodeArgs: profiled('worker') });
    const singleProfiled = await runCli(['check'], { cwd: dir, env: { DASHSYNC_TREE_WORKER_FROM: 'off' }, nodeArgs: profiled('single') });

    expect(workerProfiled).toEqual(worker);
    expect(singleProfiled).toEqual(single);
    expect(worker.code).toBe(0);
    // One profile per thread: proof that the runs above really read on a worker.
    expect(await readdir(join(profiles, 'worker'))).toHaveLength(2);
    expect(await readdir(join(profiles, 'single'))).toHaveLength(1);
  });
});
