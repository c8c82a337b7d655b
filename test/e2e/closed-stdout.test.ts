import { spawn } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { CLI_PATH, cleanEnv, refuseStaleDist } from '../helpers/run-cli.js';
import { generatedTree } from '../helpers/generated-tree.js';
import { appliedExample, pruneAway } from './apply/restore-fixture.js';
import { getDashboard } from './apply/workspace.js';

vi.setConfig({ testTimeout: 120_000 });

interface PipedRun {
  /** What the reader read before it went away: up to the end of the first line. */
  read: string;
  code: number | null;
  stderr: string;
}

/**
 * `dashsync ARGS | head -1`, with the moment the reader goes chosen by the test: the built CLI's stdout is read until its
 * first line, and closed once the sandbox holds the run's first write (so the run still has lines to print). The held
 * write is then let go, and the run's next line meets a pipe without a reader (EPIPE).
 */
async function runIntoClosedPipe(sandbox: SandboxHandle, dir: string, args: string[]): Promise<PipedRun> {
  refuseStaleDist();
  const env = cleanEnv({ GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' });
  const child = spawn(process.execPath, [CLI_PATH, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let read = '';
  const firstLine = new Promise<void>((resolve) =>
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      read += chunk;
      if (read.includes('\n')) resolve();
    }),
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  // A run that ends before its first write is held (a usage error) fails here, not at the test's timeout.
  const ended = closed.then((code) => {
    throw new Error(`the run ended (exit ${code}) before a write was held: ${stderr}`);
  });
  await Promise.race([Promise.all([sandbox.whenHeld(1), firstLine]), ended]);
  ended.catch(() => {});
  child.stdout.destroy();
  sandbox.releaseHeld();
  const code = await closed;
  return { read: read.slice(0, read.indexOf('\n') + 1), code, stderr };
}

const STACK_LINE = /^\s+at /m;
const NOTE = /^note: stdout was closed before the end: its reader stopped reading \(head, grep -q, grep -m1…\)\. The rest of the output was not written; the run went on to its end as it would have, and exit code 0 is its own\n$/m;

describe('a reader that stops reading (| head -1, | grep -m1): the run goes on to its end', () => {
  it('apply saves every dashboard, prints no stack trace, and exits with its own code', async () => {
    const { sandbox, dir } = await generatedTree({ count: 8, seed: 11 });
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'hold' }] });

    const run = await runIntoClosedPipe(sandbox, dir, ['apply', '--auto-approve', '--concurrency', '1']);

    expect(run.read).toMatch(/^dashsync plan /);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stderr).not.toContain('EPIPE');
    expect(run.stderr).toMatch(NOTE);
    expect(run.code).toBe(0);
    const saved = sandbox.requests().filter((entry) => entry.method === 'POST' && entry.path === '/api/dashboards/db');
    expect(saved.map((entry) => entry.status)).toEqual(Array(8).fill(200));
  });

  it('restore --all --format json | grep -m1: every backup is restored', async () => {
    const { sandbox, workspace } = await appliedExample('12');
    await pruneAway(workspace, 'dashboards/platform/databases');
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'hold' }] });

    const run = await runIntoClosedPipe(sandbox, workspace.dir, ['restore', '--all', '--format', 'json']);

    expect(JSON.parse(run.read)).toMatchObject({ type: 'start' });
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stderr).toMatch(NOTE);
    expect(run.code).toBe(0);
    for (const uid of ['postgresql-overview', 'redis-exporter']) expect((await getDashboard(sandbox, uid)).status).toBe(200);
  });

  it('restore --all | head -1 (text): every backup is restored', async () => {
    const { sandbox, workspace } = await appliedExample('12');
    await pruneAway(workspace, 'dashboards/platform/databases');
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'hold' }] });

    const run = await runIntoClosedPipe(sandbox, workspace.dir, ['restore', '--all']);

    expect(run.read).not.toBe('');
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stderr).toMatch(NOTE);
    expect(run.code).toBe(0);
    for (const uid of ['postgresql-overview', 'redis-exporter']) expect((await getDashboard(sandbox, uid)).status).toBe(200);
  });
});
