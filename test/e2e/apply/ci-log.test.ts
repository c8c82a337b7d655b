import { spawn } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { CLI_PATH, cleanEnv, refuseStaleDist } from '../../helpers/run-cli.js';
import { generatedTree, holdSavesAfter } from '../../helpers/generated-tree.js';
import { requestsHeld } from '../../helpers/sandbox.js';

vi.setConfig({ testTimeout: 120_000 });

/** `dashsync apply` of the built CLI with stdout and stderr pipes (a CI log); `stdout()` is what has arrived so far. */
function spawnApply(dir: string, url: string, args: string[]) {
  refuseStaleDist();
  const env = cleanEnv({ GRAFANA_URL: url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' });
  const child = spawn(process.execPath, [CLI_PATH, 'apply', ...args], { cwd: dir, env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  const watchers: (() => void)[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const watcher of watchers) watcher();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  /** Resolves once stdout holds `count` lines matching `pattern` (or the process ended). */
  const whenStdout = (pattern: RegExp, count: number) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if ((stdout.match(new RegExp(pattern.source, 'gm')) ?? []).length >= count) resolve();
      };
      watchers.push(check);
      void closed.then(() => resolve());
      check();
    });
  return { child, closed, stdout: () => stdout, whenStdout };
}

describe('apply in a CI log (stdout a pipe)', () => {
  it('writes each created: line as its save is answered, not when the phase or the run ends', async () => {
    const { sandbox, dir } = await generatedTree({ count: 10, seed: 7 });
    // Four saves are answered, then both slots (concurrency 2) are held: the run cannot end, nor its phase, until the test releases them.
    holdSavesAfter(sandbox, 4);
    const run = spawnApply(dir, sandbox.url, ['--concurrency', '2', '--timeout', '600']);
    await requestsHeld(sandbox, 2);
    await run.whenStdout(/^created: (?!folder )/, 4);
    const beforeRelease = run.stdout();
    sandbox.releaseHeld();
    sandbox.setFaults(undefined);
    const done = await run.closed;
    expect(done.code, done.stderr).toBe(0);
    expect(beforeRelease.match(/^created: (?!folder )/gm), beforeRelease).toHaveLength(4);
    expect(beforeRelease).not.toContain('Applied:');
    expect(done.stdout).toContain('Applied: 10 created, 0 updated, 0 moved, 0 deleted');
  });
});
