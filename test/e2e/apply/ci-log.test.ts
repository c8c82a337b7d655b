import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import fastGlob from 'fast-glob';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/cli/run-cli.js';
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

/**
 * The CLI in-process with stdout and stderr not terminals (a CI log), as admin against `url`; `tick()` is the moment a
 * progress line is due (every PROGRESS_LINE_INTERVAL_MS in a real run), so no test waits for one.
 */
function ciRun(dir: string, url: string) {
  let stdout = '';
  let stderr = '';
  let tick: (() => void) | undefined;
  let ticking = false;
  const run = (args: string[]) =>
    runCli(args, {
      cwd: dir,
      env: cleanEnv({ GRAFANA_URL: url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }),
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      progressTicker: (onTick) => {
        tick = onTick;
        ticking = true;
        return () => (ticking = false);
      },
    });
  return { run, tick: () => tick?.(), ticking: () => ticking, stdout: () => stdout, stderr: () => stderr };
}

describe('progress lines in a CI log (stderr not a terminal)', () => {
  it('apply: a line when one is due, with the dashboards done and the retries so far; none after the run', async () => {
    const { sandbox, dir } = await generatedTree({ count: 10, seed: 7 });
    // The first save is answered 503 (sent again), four are answered, then both slots (concurrency 2) are held.
    sandbox.setFaults({
      methods: ['POST'],
      pathPrefix: '/api/dashboards/db',
      script: [{ kind: 'status', status: 503 }, ...Array.from({ length: 4 }, () => ({ kind: 'delay' as const, ms: 0 })), { kind: 'hold' }, { kind: 'hold' }],
    });
    const ci = ciRun(dir, sandbox.url);
    const applying = ci.run(['apply', '--concurrency', '2', '--timeout', '600']);
    await requestsHeld(sandbox, 2);
    expect(ci.stderr()).toBe('');
    ci.tick();
    expect(ci.stderr()).toBe('apply: 4/10 dashboards done, 1 request retried (503: 1)\n');
    sandbox.releaseHeld();
    sandbox.setFaults(undefined);
    expect(await applying).toBe(0);
    expect(ci.ticking()).toBe(false);
    expect(ci.stdout()).toContain('Applied: 10 created, 0 updated, 0 moved, 0 deleted');
    expect(ci.stderr()).toBe('apply: 4/10 dashboards done, 1 request retried (503: 1)\nnote: 1 request retried (503: 1)\n');
  });

  it('apply with nothing to apply still ends with the retry note, as plan does', async () => {
    const { sandbox, dir } = await generatedTree({ count: 3, seed: 7 });
    expect(await ciRun(dir, sandbox.url).run(['apply', '--api', 'legacy'])).toBe(0);
    sandbox.setFaults({ methods: ['GET'], pathPrefix: '/api/search', script: [{ kind: 'status', status: 503 }] });
    const again = ciRun(dir, sandbox.url);
    expect(await again.run(['apply', '--api', 'legacy'])).toBe(0);
    expect(again.stdout()).toMatch(/^Nothing to apply/m);
    expect(again.stderr()).toBe('note: 1 request retried (503: 1)\n');
  });

  it('plan: a line with the dashboards read; a run no line was due in prints none; the retries end the plan as a note', async () => {
    const { sandbox, dir } = await generatedTree({ count: 10, seed: 7 });
    // The first dashboard read is answered 503 and sent again. Then the search that lists Grafana's dashboards is held:
    // the plan knows how many it reads, and the line says how many it has read.
    sandbox.setFaults({ methods: ['GET'], pathPrefix: '/api/dashboards/uid/', script: [{ kind: 'status', status: 503 }] });
    const ci = ciRun(dir, sandbox.url);
    const planning = ci.run(['plan', '--api', 'legacy']);
    expect(await planning).toBe(0);
    expect(ci.ticking()).toBe(false);
    expect(ci.stderr()).toBe('note: 1 request retried (503: 1)\n');

    sandbox.setFaults({ methods: ['GET'], pathPrefix: '/api/search', script: [{ kind: 'hold' }] });
    const again = ciRun(dir, sandbox.url);
    const held = again.run(['plan', '--api', 'legacy']);
    await requestsHeld(sandbox, 1);
    again.tick();
    // The dashboard reads are not held (only the search): how many were answered by the tick is the machine's timing.
    const line = again.stderr();
    expect(line).toMatch(/^plan: ([0-9]|10)\/10 dashboards read\n$/);
    sandbox.releaseHeld();
    expect(await held).toBe(0);
    expect(again.stdout()).toContain('Plan: 10 to create');
    expect(again.stderr()).toBe(line);
  });

  it('plan: once every dashboard is read, the line counts the edit-history lookups it still waits for', async () => {
    const { sandbox, dir } = await generatedTree({ count: 1, seed: 7 });
    expect(await ciRun(dir, sandbox.url).run(['apply', '--api', 'legacy'])).toBe(0);
    const [file] = await fastGlob('dashboards/**/*.json', { cwd: dir, absolute: true });
    const dashboard = JSON.parse(await readFile(file!, 'utf8'));
    await writeFile(file!, JSON.stringify({ ...dashboard, title: `${dashboard.title} (edited)` }, null, 2));
    // The drift check of the update reads the dashboard's versions: held, so the plan has read everything and waits on it.
    sandbox.setFaults({ methods: ['GET'], pathPrefix: `/api/dashboards/uid/${dashboard.uid}/versions`, script: [{ kind: 'hold' }] });
    const ci = ciRun(dir, sandbox.url);
    const planning = ci.run(['plan', '--api', 'legacy']);
    await requestsHeld(sandbox, 1);
    ci.tick();
    expect(ci.stderr()).toBe('plan: 1/1 dashboards read; edit history checked 0/1\n');
    sandbox.releaseHeld();
    expect(await planning).toBe(0);
    expect(ci.stdout()).toContain('Plan: 0 to create, 1 to update');
  });
});

describe('a second Ctrl-C of apply (quits at once)', () => {
  it('prints one quit: line with what was done, unknown and not started, then the unknown writes by name; exit 130', async () => {
    const { sandbox, dir } = await generatedTree({ count: 20, seed: 3 });
    holdSavesAfter(sandbox, 4);
    const run = spawnApply(dir, sandbox.url, ['--concurrency', '2', '--timeout', '600', '--interrupt-grace', '600']);
    let stderr = '';
    let stopping = false;
    run.child.stderr!.on('data', (chunk: Buffer | string) => {
      stderr += String(chunk);
      // The second Ctrl-C goes out once the first one was handled: its note is the exact state to wait for.
      if (!stopping && stderr.includes('(press Ctrl-C again to quit now)')) {
        stopping = true;
        run.child.kill('SIGINT');
      }
    });
    await requestsHeld(sandbox, 2);
    run.child.kill('SIGINT');
    const done = await run.closed;
    expect(done.code).toBe(130);
    const folders = (done.stdout.match(/^created: folder /gm) ?? []).length;
    expect(folders).toBeGreaterThan(0);
    const lines = done.stderr.trimEnd().split('\n');
    expect(lines.at(-2)).toBe(`quit: 4 created, ${folders} folders created, 2 unknown, 14 not started: dashsync plan shows what is left`);
    expect(lines.at(-1)).toMatch(/^unknown: create \S+ "[^"]*", create \S+ "[^"]*": quit before Grafana answered; whether they landed is not known: dashsync plan will show it$/);
    expect(done.stdout.match(/^created: (?!folder )/gm)).toHaveLength(4);
  });
});
