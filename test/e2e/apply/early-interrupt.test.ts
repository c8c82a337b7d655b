import { execFileSync, spawn } from 'node:child_process';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { CLI_PATH, cleanEnv } from '../../helpers/run-cli.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, dashsync, makeWorkDir } from '../../pull/pull-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

// walk-18 L-2 and L-1: a Ctrl-C at any moment of apply before its first write exits 1 with one line that says nothing was
// applied and names the next step, never Node's silent 130. The moments are held open by the test, not timed: the config
// file is a FIFO the CLI blocks reading (settings loading), or the sandbox holds the first request of the checks.

const model = { uid: 'work', title: 'Work', schemaVersion: 39, panels: [] };

/** Spawns `dashsync apply` with `args` in `dir`; `kill` sends SIGINT, `stopping` resolves once the CLI said it is stopping. */
function spawnApply(dir: string, handle: SandboxHandle, args: string[]) {
  const child = spawn(process.execPath, [CLI_PATH, 'apply', ...args], { cwd: dir, env: cleanEnv({ GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }), stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  let onStopping = () => {};
  const stopping = new Promise<void>((resolve) => (onStopping = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (stderr.includes('stopping — no new work starts')) onStopping();
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { kill: () => child.kill('SIGINT'), stopping, closed };
}

let handle: SandboxHandle;
beforeAll(async () => {
  handle = await startTestSandbox({ grafanaVersion: '12' });
});
afterAll(() => handle.close());

describe('Ctrl-C before apply has read anything', () => {
  it('while the settings load: one line, nothing applied, the next step, exit 1; nothing reaches Grafana (L-2)', async () => {
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    await writeFile(join(dir, 'dashboards/work.json'), `${JSON.stringify(model)}\n`);
    await commitAll(dir, 'add');
    // A FIFO (no Node API makes one): its reader blocks until the test writes.
    execFileSync('mkfifo', [join(dir, 'ds.fifo')]);
    handle.clearRequests();
    const run = spawnApply(dir, handle, ['--auto-approve', '--config', 'ds.fifo']);
    // Opening a FIFO to write waits for its reader: the CLI is reading its config file now, in its settings.
    const writer = await open(join(dir, 'ds.fifo'), 'w');
    run.kill();
    // (A CLI without its handler yet dies of the signal: the write then finds no reader, and the exit says so below.)
    await Promise.race([run.stopping, run.closed]);
    await writer.write('{}\n').catch(() => {});
    await writer.close().catch(() => {});
    const result = await run.closed;
    expect(result.signal).toBeNull();
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('interrupted before the first write; nothing was applied. Run dashsync apply --config ds.fifo again');
    expect(handle.requests()).toEqual([]);
  });

  it("in the checks before the first write (a saved plan's): the line names `apply plan.json again` (L-1)", async () => {
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    await writeFile(join(dir, 'dashboards/work.json'), `${JSON.stringify(model)}\n`);
    await commitAll(dir, 'add');
    const planned = await dashsync(handle, dir, ['plan', '--out', 'plan.json']);
    expect(planned.code, planned.stderr).toBe(0);
    handle.setFaults({ methods: ['GET'], pathPrefix: '/', script: [{ kind: 'hold' }] });
    const run = spawnApply(dir, handle, ['plan.json']);
    await handle.whenHeld(1);
    run.kill();
    const result = await run.closed;
    handle.setFaults(undefined);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('interrupted before the first write; nothing was applied. Run dashsync apply plan.json again');
  });
});
