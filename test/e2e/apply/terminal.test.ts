import { readFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { writeDashboardTree } from '../../../scripts/lib/generate-dashboards.mjs';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { CLI_PATH, cleanEnv, refuseStaleDist } from '../../helpers/run-cli.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { renderScreen, runInTerminal, type TerminalRun } from '../../helpers/terminal.js';
import { emptyWorkspace, exampleWorkspace } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

/** What a user's shell hands the CLI: a colour terminal, no NO_COLOR. */
function terminalEnv(sandbox: SandboxHandle): Record<string, string> {
  return cleanEnv({ GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'xterm-256color' });
}

const cli = (args: string) => `exec '${process.execPath}' '${CLI_PATH}' ${args}`;

async function until(run: TerminalRun, ready: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !ready(); waited += 20) {
    if (waited > 60_000) throw new Error(`gave up waiting for ${what}; the terminal shows:\n${run.output()}`);
    await sleep(20);
  }
}

/** 40 dashboards whose saves each take 300 ms, two at a time: the apply outlasts the progress bar's first second. */
async function slowApply(): Promise<{ sandbox: SandboxHandle; dir: string }> {
  refuseStaleDist();
  const sandbox = await startTestSandbox({ grafanaVersion: '12' });
  const dir = await emptyWorkspace();
  await mkdir(join(dir, 'dashboards'));
  writeDashboardTree(join(dir, 'dashboards'), { count: 40, seed: 7 });
  sandbox.setFaults({ latencyMs: 300, methods: ['POST'], pathPrefix: '/api/dashboards/db' });
  return { sandbox, dir };
}

const held = (sandbox: SandboxHandle) => sandbox.requests().filter((entry) => entry.path === '/api/dashboards/db' && entry.fault === 'hold' && entry.status === 0).length;

const saves = (sandbox: SandboxHandle) => sandbox.requests().filter((entry) => entry.path === '/api/dashboards/db' && entry.status === 200);

/** The bar is on the screen and some saves are done: the moment a user presses Ctrl-C. */
const barAndSaves = (run: TerminalRun, sandbox: SandboxHandle) => () => run.output().includes('Applying [') && saves(sandbox).length >= 2;

const barLines = (lines: string[]) => lines.filter((line) => line.includes('Applying [') || line.includes('░'));

describe('the terminal after Ctrl-C', () => {
  it('the progress bar is erased before the interrupt note, and what was done is listed', async () => {
    const { sandbox, dir } = await slowApply();
    const run = runInTerminal(cli('apply --concurrency 2 --timeout 600'), { cwd: dir, env: terminalEnv(sandbox) });
    await until(run, barAndSaves(run, sandbox), 'the progress bar and two saves');
    // The next two saves are never answered: with both slots waiting, the apply cannot end before the Ctrl-C lands.
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'hold' }, { kind: 'hold' }] });
    await until(run, () => held(sandbox) === 2, 'two saves held by the sandbox');
    run.type('\x03');
    expect(await run.closed).toEqual({ code: 1 });

    const screen = renderScreen(run.output());
    expect(barLines(screen.lines)).toEqual([]);
    expect(screen.cursorHidden).toBe(false);
    expect(screen.lines).toContain('SIGINT: stopping — no new work starts; requests in flight get up to 1 s to finish (press Ctrl-C again to quit now)');
    const interrupted = screen.lines.find((line) => line.startsWith('interrupted: '));
    // The two held saves may have landed: named after what was done.
    expect(interrupted).toMatch(
      /^interrupted: \d+ planned changes were not started; what was done is listed above, and whether 2 writes landed is not known \(create \S+, \S+\): dashsync plan will show it\. Run dashsync apply again to finish$/,
    );
    const saved = saves(sandbox).map((entry) => (entry.body as { dashboard: { uid: string } }).dashboard.uid);
    const listed = screen.lines.flatMap((line) => /^created: (\S+) "/.exec(line)?.[1] ?? []);
    // A save still unanswered when its grace ended is listed as unknown: every save that landed is listed one way or the other.
    const unknown = screen.lines.flatMap((line) => /^unknown: create (\S+) "/.exec(line)?.[1] ?? []);
    expect(listed.filter((uid) => !saved.includes(uid))).toEqual([]);
    expect(saved.filter((uid) => !listed.includes(uid) && !unknown.includes(uid))).toEqual([]);
  });

  it('a second Ctrl-C exits 130 and leaves no bar and a visible cursor behind', async () => {
    const { sandbox, dir } = await slowApply();
    // The next two saves are never answered and the grace outlasts the test, so after the first Ctrl-C the run waits
    // for them until the second Ctrl-C, however long this machine takes to send it: nothing else can end the run.
    const run = runInTerminal(cli('apply --concurrency 2 --timeout 600 --interrupt-grace 600'), { cwd: dir, env: terminalEnv(sandbox) });
    await until(run, barAndSaves(run, sandbox), 'the progress bar and two saves');
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'hold' }, { kind: 'hold' }] });
    await until(run, () => held(sandbox) === 2, 'two saves held by the sandbox');
    run.type('\x03');
    await run.shows('requests in flight get up to 600 s to finish (press Ctrl-C again to quit now)');
    run.type('\x03');
    expect(await run.closed).toEqual({ code: 130 });

    const screen = renderScreen(run.output());
    expect(barLines(screen.lines)).toEqual([]);
    expect(screen.cursorHidden).toBe(false);
  });
});

describe.each([
  { redirect: '> out.txt', file: 'out.txt', expected: 'Applied: 6 created', terminal: /\x1b\[31mfailed: create / },
  { redirect: '2> err.txt', file: 'err.txt', expected: 'failed: create ', terminal: /\x1b\[32m\+/ },
])('colours follow the stream they are written to: apply $redirect', ({ redirect, file, expected, terminal }) => {
  it('the redirected stream gets no escape code; the one on the terminal keeps its colours', async () => {
    refuseStaleDist();
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await exampleWorkspace(sandbox);
    // One save fails, so stderr has a line to colour too.
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'status', status: 500 }] });
    const run = runInTerminal(cli(`apply ${redirect}`), { cwd: workspace.dir, env: terminalEnv(sandbox) });
    expect(await run.closed).toEqual({ code: 1 });

    const written = await readFile(join(workspace.dir, file), 'utf8');
    expect(written).toContain(expected);
    expect(written).not.toContain('\x1b');
    expect(run.output()).toMatch(terminal);
  });
});
