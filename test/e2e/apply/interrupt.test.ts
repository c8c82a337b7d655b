import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { CLI_PATH, NPX_VARIABLES, type CliResult } from '../../helpers/run-cli.js';
import { generatedTree, holdSavesAfter } from '../../helpers/generated-tree.js';
import { workspaceAt } from './workspace.js';

vi.setConfig({ testTimeout: 180_000 });

const COUNT = 60;

const saves = (sandbox: SandboxHandle) => sandbox.requests().filter((entry) => entry.method === 'POST' && entry.path === '/api/dashboards/db');

const held = (sandbox: SandboxHandle) => sandbox.requests().filter((entry) => entry.fault === 'hold' && entry.status === 0);

const STOPPING = 'stopping — no new work starts';

/**
 * Spawns `dashsync apply` (with `extraArgs`) and sends `signal` once `ready()` holds; `onStopping` runs as soon as the
 * CLI has printed that it is stopping (the signal was handled). Resolves with what the CLI printed.
 */
function applyAndInterrupt(
  dir: string,
  sandbox: SandboxHandle,
  signal: NodeJS.Signals,
  ready: () => boolean,
  onStopping: () => void = () => {},
  extraArgs: string[] = [],
): Promise<CliResult & { sent: boolean }> {
  const env: NodeJS.ProcessEnv = { ...process.env, GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', NO_COLOR: '1' };
  delete env.GRAFANA_TOKEN;
  delete env.GRAFANA_ORG_ID;
  for (const key of NPX_VARIABLES) delete env[key];
  // A held save must stay held until the test acts: the request timeout (default 30 s, then retries) is far away.
  const child = spawn(process.execPath, [CLI_PATH, 'apply', '--concurrency', '2', '--timeout', '600', ...extraArgs], { cwd: dir, env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  let sent = false;
  let stopping = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (!stopping && stderr.includes(STOPPING)) {
      stopping = true;
      onStopping();
    }
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig })));
  void (async () => {
    while (child.exitCode === null && !ready()) await sleep(20);
    if (child.exitCode === null) sent = child.kill(signal);
  })();
  return closed.then(({ code, signal: sig }) => ({ code, signal: sig, stdout, stderr, sent }));
}

describe.each(['SIGINT', 'SIGTERM'] as NodeJS.Signals[])('%s during apply', (signal) => {
  it('stops starting new saves, lets the saves in flight finish within the grace and reports them, exits 1; plan + apply then converges', async () => {
    const { sandbox, dir } = await generatedTree({ count: COUNT, seed: 5 });
    // Four saves are answered, then both slots (concurrency 2) are held: the signal lands while those two are in flight
    // and 54 are still to start, however slowly this machine runs. Released once the CLI is stopping, they are answered
    // within its grace, which outlasts any machine's delay here (--interrupt-grace 600): both are created.
    holdSavesAfter(sandbox, 4);

    const interrupted = await applyAndInterrupt(dir, sandbox, signal, () => held(sandbox).length === 2, () => sandbox.releaseHeld(), ['--interrupt-grace', '600']);
    expect(interrupted.sent).toBe(true);
    expect(interrupted.signal).toBeNull();
    expect(interrupted.code).toBe(1);
    expect(interrupted.stderr).toContain(`${signal}: stopping — no new work starts; requests in flight get up to 600 s to finish`);
    const summary = /Applied: (\d+) created, 0 updated, 0 moved, 0 deleted; (?:(\d+) unknown, )?(\d+) not started\. Folders: \d+ created \(interrupted\)\n/.exec(interrupted.stdout);
    expect(summary).not.toBeNull();
    const [created, unknown, notStarted] = [Number(summary![1]), Number(summary![2] ?? 0), Number(summary![3])];
    expect([created, unknown, notStarted]).toEqual([6, 0, COUNT - 6]);
    expect(interrupted.stderr).toContain(`interrupted: ${notStarted} planned changes were not started; what was done is listed above. Run dashsync apply again to finish`);
    expect(interrupted.stderr).toContain(`not started (${notStarted}): create `);
    // Every save listed as created reached Grafana and was saved; one saved but not listed as created is listed as unknown
    // (a save still waiting for its answer after the grace): none is reported wrongly.
    const saved = saves(sandbox).filter((entry) => entry.status === 200).map((entry) => (entry.body as { dashboard: { uid: string } }).dashboard.uid);
    const listed = [...interrupted.stdout.matchAll(/^created: (\S+) "/gm)].map((match) => match[1]!);
    const unknowns = [...interrupted.stderr.matchAll(/^unknown: create (\S+) "/gm)].map((match) => match[1]!);
    expect(listed).toHaveLength(created);
    expect(unknowns).toHaveLength(unknown);
    expect(saved.filter((uid) => listed.includes(uid))).toHaveLength(created);
    expect(saved.filter((uid) => !listed.includes(uid) && !unknowns.includes(uid)), interrupted.stderr).toEqual([]);

    sandbox.setFaults(undefined);
    const workspace = workspaceAt(dir, sandbox);
    const replan = await workspace.cli(['plan']);
    expect(replan.stdout).toContain(`Plan: ${COUNT - saved.length} to create, 0 to update, 0 to move, 0 to delete, ${saved.length} unchanged.`);
    const finish = await workspace.cli(['apply']);
    expect(finish.stderr).toBe('');
    expect(finish.code).toBe(0);
    const final = await workspace.cli(['plan', '--detailed-exitcode']);
    expect(final.code).toBe(0);
    expect(final.stdout).toContain(`Plan: 0 to create, 0 to update, 0 to move, 0 to delete, ${COUNT} unchanged.`);
  });
});

// apply-55's walk: a Ctrl-C while the last saves were in flight, which then ended well, said "0 planned changes were
// not started; … Run dashsync apply again to finish", though nothing was left to finish.
describe('SIGINT while the last saves are in flight, which then land', () => {
  it('says that every planned change had started and ended as listed, not to run again to finish', async () => {
    const { sandbox, dir } = await generatedTree({ count: 2, seed: 5 });
    holdSavesAfter(sandbox, 0);

    const interrupted = await applyAndInterrupt(dir, sandbox, 'SIGINT', () => held(sandbox).length === 2, () => sandbox.releaseHeld(), ['--interrupt-grace', '600']);
    expect(interrupted.sent).toBe(true);
    expect(interrupted.code).toBe(1);
    expect(interrupted.stdout).toMatch(/^Applied: 2 created, 0 updated, 0 moved, 0 deleted\. Folders: \d+ created \(interrupted\)$/m);
    expect(interrupted.stderr).toContain('interrupted after every planned change had started: each ended as listed above, and none was left to start\n');
    expect(interrupted.stderr).not.toContain('again to finish');
    sandbox.setFaults(undefined);
    expect((await workspaceAt(dir, sandbox).cli(['plan', '--detailed-exitcode'])).code).toBe(0);
  });
});

describe('SIGINT while Grafana holds a save (it stopped answering)', () => {
  it('ends the run without waiting for the answer: the held save is unknown, the rest not started, exit 1', async () => {
    const { sandbox, dir } = await generatedTree({ count: 6, seed: 5 });
    // The first save to arrive is held, the second answered, the third held: both slots (concurrency 2) wait on a
    // Grafana that stopped answering, and nothing else can happen before the signal lands.
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'hold' }, { kind: 'delay', ms: 0 }, { kind: 'hold' }] });

    const interrupted = await applyAndInterrupt(dir, sandbox, 'SIGINT', () => held(sandbox).length === 2);

    expect([interrupted.sent, interrupted.signal, interrupted.code]).toEqual([true, null, 1]);
    const heldUids = held(sandbox).map((entry) => (entry.body as { dashboard: { uid: string } }).dashboard.uid);
    expect(heldUids).toHaveLength(2);
    for (const uid of heldUids) {
      expect(interrupted.stderr).toMatch(
        new RegExp(`^unknown: create ${uid} "[^"]*": POST /api/dashboards/db failed: no response: interrupted while waiting for the answer; whether it landed is not known: dashsync plan will show it$`, 'm'),
      );
    }
    expect(interrupted.stderr).toMatch(/^interrupted: 3 planned changes were not started; what was done is listed above/m);
    expect(interrupted.stdout).toMatch(/Applied: 1 created, 0 updated, 0 moved, 0 deleted; 2 unknown, 3 not started\. Folders: \d+ created \(interrupted\)\n/);
    // The save that was answered is listed as created; each save that landed is listed.
    const listed = [...interrupted.stdout.matchAll(/^created: (\S+) "/gm), ...interrupted.stderr.matchAll(/^unknown: create (\S+) "/gm)].map((match) => match[1]);
    const saved = saves(sandbox).filter((entry) => entry.status === 200).map((entry) => (entry.body as { dashboard: { uid: string } }).dashboard.uid);
    expect(saved).toHaveLength(1);
    expect(saved.filter((uid) => !listed.includes(uid))).toEqual([]);
  });

  it('after a saved plan, the line says to apply that same plan again (what is done is skipped), not to plan anew', async () => {
    const { sandbox, dir } = await generatedTree({ count: 6, seed: 5 });
    expect((await workspaceAt(dir, sandbox).cli(['plan', '--out', 'p.json'])).code).toBe(0);
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'hold' }, { kind: 'delay', ms: 0 }, { kind: 'hold' }] });
    const interrupted = await applyAndInterrupt(dir, sandbox, 'SIGINT', () => held(sandbox).length === 2, undefined, ['p.json']);
    expect(interrupted.code).toBe(1);
    // The two saves Grafana holds may have landed: named on the line, with where to see whether they did.
    expect(interrupted.stderr).toMatch(
      /^interrupted: 3 planned changes were not started; what was done is listed above, and whether 2 writes landed is not known \(create \S+, \S+\): dashsync plan will show it\. Run dashsync apply p\.json again to finish \(what is done is skipped\)$/m,
    );
  });
});

describe('SIGINT before the first write', () => {
  it('says nothing was applied and how to run again, not "what was done is listed above"; JSON says nothingApplied (audit-ux-16 L-1)', async () => {
    const { sandbox, dir } = await generatedTree({ count: 6, seed: 5 });
    const workspace = workspaceAt(dir, sandbox);
    expect((await workspace.cli(['apply', '--auto-approve'])).code).toBe(0);
    for (const file of (await readdir(join(dir, 'dashboards'), { recursive: true })).filter((name) => name.endsWith('.json'))) {
      const path = join(dir, 'dashboards', file);
      const dashboard = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
      await writeFile(path, `${JSON.stringify({ ...dashboard, description: 'edited' }, null, 2)}\n`);
    }
    expect((await workspace.cli(['plan', '--out', 'p.json'])).code).toBe(0);
    // The reads of the run's loop (each dashboard's live object, before its save) are held: the signal lands there.
    const holdFirstRead = () => {
      const from = sandbox.requests().length;
      sandbox.setFaults({ methods: ['GET'], pathPrefix: '/apis/dashboard.grafana.app/v0alpha1/namespaces/default/dashboards/', script: Array.from({ length: 6 }, () => ({ kind: 'hold' as const })) });
      return { from, ready: () => held(sandbox).length > 0 && sandbox.requests().slice(from).some((entry) => entry.fault === 'hold') };
    };
    const text = holdFirstRead();
    const interrupted = await applyAndInterrupt(dir, sandbox, 'SIGINT', text.ready, undefined, ['p.json']);
    expect([interrupted.sent, interrupted.code]).toEqual([true, 1]);
    expect(sandbox.requests().slice(text.from).filter((entry) => entry.method !== 'GET')).toEqual([]);
    expect(interrupted.stderr).toMatch(/^interrupted before the first write; nothing was applied\. Run dashsync apply p\.json again$/m);
    expect(interrupted.stderr).not.toContain('listed above');
    expect(interrupted.stdout).toBe('Applied: 0 created, 0 updated, 0 moved, 0 deleted; 6 not started (interrupted)\n');

    sandbox.releaseHeld();
    const json = holdFirstRead();
    const jsonRun = await applyAndInterrupt(dir, sandbox, 'SIGINT', json.ready, undefined, ['--format', 'json', 'p.json']);
    expect(jsonRun.code).toBe(1);
    const last = JSON.parse(jsonRun.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(last).toMatchObject({ type: 'result', stoppedBy: 'interrupt', nothingApplied: true });
    expect(jsonRun.stderr).toMatch(/^interrupted before the first write; nothing was applied\. Run dashsync apply p\.json again$/m);
  });
});
