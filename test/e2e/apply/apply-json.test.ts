import { spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { generatedTree } from '../../helpers/generated-tree.js';
import { apiRequest, adminHeaders } from '../../helpers/sandbox.js';
import { CLI_PATH, cleanEnv } from '../../helpers/run-cli.js';
import { workspaceAt, writes } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

type Line = Record<string, any>;

/** Every stdout line parsed: a line that is not one JSON object fails the test. */
function jsonLines(stdout: string): Line[] {
  expect(stdout.endsWith('\n')).toBe(true);
  return stdout.slice(0, -1).split('\n').map((line) => JSON.parse(line) as Line);
}

async function dashboardFiles(dir: string): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  const entries = await readdir(join(dir, 'dashboards'), { recursive: true });
  return entries.filter((name) => name.endsWith('.json') && !name.endsWith('_folder.json')).map((name) => join('dashboards', name)).sort();
}

describe('apply --format json', () => {
  it('streams one JSON object per event (created, updated with the versions before and after, backup, deleted), then a result line with the counts and the backups', async () => {
    const { sandbox, dir } = await generatedTree({ count: 4, seed: 5 });
    const workspace = workspaceAt(dir, sandbox);

    const first = await workspace.cli(['apply', '--format', 'json', '--auto-approve']);
    expect(first.code, first.stderr).toBe(0);
    const lines = jsonLines(first.stdout);
    expect(lines[0]).toMatchObject({ type: 'plan', formatVersion: 1, output: 'dashsync apply --format json', source: 'planned', planFile: null, changes: expect.any(Number) });
    const created = lines.filter((line) => line.type === 'created' && line.kind === 'dashboard');
    expect(created).toHaveLength(4);
    for (const line of created) {
      expect(line).toMatchObject({ action: 'create', uid: expect.any(String), file: expect.stringMatching(/^dashboards\/.*\.json$/), versionBefore: null, versionAfter: 1 });
      expect('folderUid' in line).toBe(true);
      expect(line.text).toBe(`created: ${line.uid} "${line.title}" (${line.file})`);
    }
    const result = lines.at(-1)!;
    expect(result).toMatchObject({ type: 'result', counts: { dashboards: { created: 4, updated: 0, deleted: 0 } }, conflicts: [], failures: [], notStarted: [], stoppedBy: null, exitCode: 0 });
    expect(result.text).toMatch(/^Applied: 4 created, 0 updated, 0 moved, 0 deleted/);
    expect(lines.filter((line) => line.type === 'result')).toHaveLength(1);

    // An update through a saved plan (no --auto-approve needed), and a prune: its backup line comes before its delete.
    const [gone, edited] = await dashboardFiles(dir);
    const model = JSON.parse(await readFile(join(dir, edited!), 'utf8'));
    await writeFile(join(dir, edited!), `${JSON.stringify({ ...model, title: `${model.title} (edited)` }, null, 2)}\n`);
    const goneUid = JSON.parse(await readFile(join(dir, gone!), 'utf8')).uid as string;
    await rm(join(dir, gone!));
    expect((await workspace.cli(['plan', '--prune', '--out', 'p.json'])).code).toBe(0);
    const second = await workspace.cli(['apply', '--format', 'json', 'p.json']);
    expect(second.code, second.stderr).toBe(0);
    const events = jsonLines(second.stdout);
    expect(events[0]).toMatchObject({ type: 'plan', source: 'saved', planFile: 'p.json' });
    expect(events.find((line) => line.type === 'updated')).toMatchObject({ uid: model.uid, file: edited, title: `${model.title} (edited)`, versionBefore: 1, versionAfter: 2 });
    const backupAt = events.findIndex((line) => line.type === 'backup');
    const deletedAt = events.findIndex((line) => line.type === 'deleted');
    expect(events[backupAt]).toMatchObject({ uid: goneUid, backup: expect.stringMatching(/^\.dashsync\/backups\//) });
    expect(events[deletedAt]).toMatchObject({ uid: goneUid, action: 'delete', versionBefore: 1 });
    expect(backupAt).toBeGreaterThan(0);
    expect(backupAt).toBeLessThan(deletedAt);
    expect(events.at(-1)).toMatchObject({
      type: 'result',
      counts: { dashboards: { updated: 1, deleted: 1 } },
      backups: { dir: '.dashsync/backups', files: [events[backupAt]!.backup] },
      exitCode: 0,
    });

    const again = await workspace.cli(['apply', '--format', 'json', '--auto-approve']);
    expect(jsonLines(again.stdout).at(-1)).toEqual({ type: 'result', nothingToApply: true, retried: null, text: 'Nothing to apply: Grafana already matches the tree.', exitCode: 0 });
  });

  it('refuses to run without a plan file or --auto-approve (it cannot ask), in one line; nothing is sent', async () => {
    const { sandbox, dir } = await generatedTree({ count: 2, seed: 5 });
    const result = await workspaceAt(dir, sandbox).cli(['apply', '--format', 'json']);
    expect([result.code, result.stdout]).toEqual([1, '']);
    expect(result.stderr).toBe(
      'error: apply --format json cannot ask for confirmation; nothing was applied. Apply a saved plan (dashsync plan --out plan.json, then dashsync apply --format json plan.json), or add --auto-approve\n',
    );
    expect(writes(sandbox)).toEqual([]);
  });

  it('a conflict is an event as it happens and is listed in the result (exit 1); a retried request is a retry line', async () => {
    const { sandbox, dir } = await generatedTree({ count: 2, seed: 5 });
    const workspace = workspaceAt(dir, sandbox);
    expect((await workspace.cli(['apply', '--auto-approve'])).code).toBe(0);
    const [file] = await dashboardFiles(dir);
    const model = JSON.parse(await readFile(join(dir, file!), 'utf8'));
    await writeFile(join(dir, file!), `${JSON.stringify({ ...model, description: 'from git' }, null, 2)}\n`);
    expect((await workspace.cli(['plan', '--out', 'p.json'])).code).toBe(0);
    const live = await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${model.uid}`);
    const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...live.body.dashboard, description: 'edited in Grafana \u001b[31m' }, folderUid: live.body.meta.folderUid, overwrite: true }, adminHeaders());
    expect(saved.status).toBe(200);
    sandbox.setFaults({ methods: ['GET'], pathPrefix: '/api/health', script: [{ kind: 'status', status: 503 }] });

    const result = await workspace.cli(['apply', '--format', 'json', 'p.json']);
    expect(result.code).toBe(1);
    const lines = jsonLines(result.stdout);
    expect(lines.find((line) => line.type === 'retry')).toMatchObject({ method: 'GET', path: '/api/health', attempt: 1, reason: 'HTTP 503' });
    const conflict = lines.find((line) => line.type === 'conflict')!;
    expect(conflict).toMatchObject({ uid: model.uid, action: 'update', file, versionBefore: 1, conflict: { plannedVersion: 1, currentVersion: 2 } });
    expect(conflict.text).toMatch(new RegExp(`^conflict: ${model.uid} ".*" \\(${file}\\) changed in Grafana after the plan: planned version 1, current version 2`));
    const last = lines.at(-1)!;
    expect(last).toMatchObject({ type: 'result', exitCode: 1, retried: { requests: 1, retries: 1 } });
    expect(last.conflicts).toHaveLength(1);
    expect(last.conflicts[0]).toMatchObject({ uid: model.uid, text: conflict.text });
  });

  it('a retried save: its retry lines name the dashboard (kind, uid), and the result\'s retried has plan JSON\'s shape (reasons by why, as an object)', async () => {
    const { sandbox, dir } = await generatedTree({ count: 2, seed: 5 });
    const workspace = workspaceAt(dir, sandbox);
    expect((await workspace.cli(['apply', '--auto-approve'])).code).toBe(0);
    const [file] = await dashboardFiles(dir);
    const model = JSON.parse(await readFile(join(dir, file!), 'utf8'));
    await writeFile(join(dir, file!), `${JSON.stringify({ ...model, description: 'from git' }, null, 2)}\n`);
    expect((await workspace.cli(['plan', '--out', 'p.json'])).code).toBe(0);
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'status', status: 503 }, { kind: 'drop' }] });

    const result = await workspace.cli(['apply', '--format', 'json', '--verbose', 'p.json']);
    expect(result.code, result.stderr).toBe(0);
    // --verbose's stderr line names it too.
    expect(result.stderr).toContain(`warning: retry 1: POST /api/dashboards/db for dashboard ${model.uid} (HTTP 503) in `);
    const lines = jsonLines(result.stdout);
    const retries = lines.filter((line) => line.type === 'retry');
    expect(retries.map(({ kind, uid, method, path, attempt }) => ({ kind, uid, method, path, attempt }))).toEqual([
      { kind: 'dashboard', uid: model.uid, method: 'POST', path: '/api/dashboards/db', attempt: 1 },
      { kind: 'dashboard', uid: model.uid, method: 'POST', path: '/api/dashboards/db', attempt: 2 },
    ]);
    expect(lines.find((line) => line.type === 'updated')).toMatchObject({ kind: 'dashboard', uid: model.uid, versionAfter: 2 });
    // What a script written from docs/plan-json.md reads: `.retried.reasons["503"]`; no internal field.
    expect(lines.at(-1)!.retried).toEqual({ requests: 1, retries: 2, reasons: { '503': 1, 'connection lost': 1 } });
  });

  it('the plan line carries the plan\'s warnings (a drift); a saved plan refused after that line (a file changed since) still ends stdout with a result line naming the error', async () => {
    const { sandbox, dir } = await generatedTree({ count: 2, seed: 5 });
    const workspace = workspaceAt(dir, sandbox);
    expect((await workspace.cli(['apply', '--auto-approve'])).code).toBe(0);
    const [file] = await dashboardFiles(dir);
    const model = JSON.parse(await readFile(join(dir, file!), 'utf8'));
    const live = await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${model.uid}`);
    const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...live.body.dashboard, title: 'drifted \u001b[31mRED' }, folderUid: live.body.meta.folderUid, overwrite: true }, adminHeaders());
    expect(saved.status).toBe(200);
    await writeFile(join(dir, file!), `${JSON.stringify({ ...model, description: 'from git' }, null, 2)}\n`);
    expect((await workspace.cli(['plan', '--out', 'p.json'])).code).toBe(0);
    await writeFile(join(dir, file!), `${JSON.stringify({ ...model, description: 'edited after the plan' }, null, 2)}\n`);
    sandbox.clearRequests();

    const result = await workspace.cli(['apply', '--format', 'json', 'p.json']);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('\u001b[');
    const lines = jsonLines(result.stdout);
    expect(lines.map((line) => line.type)).toEqual(['plan', 'result']);
    expect(lines[0]!.warnings).toContainEqual(expect.objectContaining({ kind: 'drift', uid: model.uid, title: 'drifted \u001b[31mRED', version: 2 }));
    expect(lines[1]).toMatchObject({ type: 'result', error: { message: expect.stringContaining('changed since the plan') }, ended: [], unknownInFlight: [], notStarted: 1, exitCode: 1 });
    expect(lines[1]!.error.message).toContain('nothing was applied');
    expect(result.stderr).toMatch(/^error: .*changed since the plan/m);
    expect(writes(sandbox)).toEqual([]);
  });

  it('an apply over the delete limit: the plan line carries the max-deletes warning, the last line is a result with the refusal; nothing is deleted', async () => {
    const { sandbox, dir } = await generatedTree({ count: 3, seed: 5 });
    const workspace = workspaceAt(dir, sandbox);
    expect((await workspace.cli(['apply', '--auto-approve'])).code).toBe(0);
    const [first, second] = await dashboardFiles(dir);
    await rm(join(dir, first!));
    await rm(join(dir, second!));
    sandbox.clearRequests();

    const result = await workspace.cli(['apply', '--format', 'json', '--auto-approve', '--prune', 'all', '--max-deletes', '1']);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    const lines = jsonLines(result.stdout);
    expect(lines[0]).toMatchObject({ type: 'plan', changes: 2 });
    expect(lines[0]!.warnings).toContainEqual({ kind: 'max-deletes', uid: null, deletes: 2, maxDeletes: 1 });
    expect(lines.at(-1)).toMatchObject({ type: 'result', error: { message: expect.stringContaining('more than the limit of 1; nothing was applied') }, ended: [], notStarted: 2, exitCode: 1 });
    expect(lines.filter((line) => line.type === 'result')).toHaveLength(1);
    expect(writes(sandbox)).toEqual([]);
  });
});

const held = (sandbox: SandboxHandle) => sandbox.requests().filter((entry) => entry.fault === 'hold' && entry.status === 0);

/**
 * The built CLI's `apply --format json` on 6 generated dashboards whose first and third saves Grafana holds (concurrency 2:
 * both slots wait, one save answered); `signals` SIGINTs are sent once both are held, each after the CLI said it is stopping.
 */
async function interruptedApply(signals: number, extraArgs: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { sandbox, dir } = await generatedTree({ count: 6, seed: 5 });
  sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'hold' }, { kind: 'delay', ms: 0 }, { kind: 'hold' }] });
  const env = cleanEnv({ GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' });
  const args = [CLI_PATH, 'apply', '--format', 'json', '--auto-approve', '--concurrency', '2', '--timeout', '600', ...extraArgs];
  const child = spawn(process.execPath, args, { cwd: dir, env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  while (child.exitCode === null && held(sandbox).length < 2) await sleep(20);
  child.kill('SIGINT');
  if (signals > 1) {
    while (child.exitCode === null && !stderr.includes('stopping — no new work starts')) await sleep(20);
    child.kill('SIGINT');
  }
  const code = await closed;
  return { code, stdout, stderr };
}

describe('apply --format json, interrupted (the built CLI)', () => {
  it('stdout holds only JSON lines, ending with a result saying what was done and what was not started; the notes go to stderr', async () => {
    const { code, stdout, stderr } = await interruptedApply(1);

    expect(code).toBe(1);
    expect(stderr).toContain('SIGINT: stopping — no new work starts');
    const lines = jsonLines(stdout);
    expect(lines[0]!.type).toBe('plan');
    expect(lines.filter((line) => line.type === 'created' && line.kind === 'dashboard')).toHaveLength(1);
    const unknown = lines.filter((line) => line.type === 'unknown');
    expect(unknown).toHaveLength(2);
    const result = lines.at(-1)!;
    expect(result).toMatchObject({ type: 'result', stoppedBy: 'interrupt', counts: { dashboards: { created: 1 } }, exitCode: 1 });
    expect(result.unknown).toHaveLength(2);
    expect(result.notStarted).toHaveLength(3);
    expect(result.notStarted[0]).toMatchObject({ kind: 'dashboard', action: 'create', uid: expect.any(String) });
  });

  it('a second Ctrl-C quits at once (exit 130): the last stdout line still says what ended, which writes are unknown, and how many were not started', async () => {
    const { code, stdout, stderr } = await interruptedApply(2, ['--interrupt-grace', '600']);

    expect(code).toBe(130);
    const lines = jsonLines(stdout);
    expect(lines.filter((line) => line.type === 'created' && line.kind === 'dashboard')).toHaveLength(1);
    const result = lines.at(-1)!;
    expect(result).toMatchObject({ type: 'result', quit: true, notStarted: 3, exitCode: 130 });
    expect(result.ended).toContainEqual({ kind: 'dashboard', outcome: 'created', count: 1 });
    expect(result.unknownInFlight).toHaveLength(2);
    expect(result.unknownInFlight[0]).toMatchObject({ kind: 'dashboard', action: 'create', uid: expect.any(String) });
    expect(stderr).toMatch(/^unknown: create .*: quit before Grafana answered/m);
  });
});
