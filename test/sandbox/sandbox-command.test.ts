import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli as runCliInProcessOf } from '../../src/cli/run-cli.js';
import { CLI_PATH, runCli } from '../helpers/run-cli.js';
import { apiRequest, bearerHeaders } from '../helpers/sandbox.js';

const LINE = /^dashsync sandbox listening on (http:\/\/127\.0\.0\.1:(\d+)) \(Grafana (11\.2|12|13), org 1 "Main Org\.", admin\/admin\)$/;
const children: ChildProcessWithoutNullStreams[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** Starts `dashsync sandbox …` and resolves with its stdout lines once `lines` have arrived. */
function startCli(args: string[], lines: number) {
  const child = spawn(process.execPath, [CLI_PATH, 'sandbox', ...args], { env: { ...process.env, NO_COLOR: '1' } });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ready = new Promise<string[]>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const got = stdout.split('\n').filter(Boolean);
      if (got.length >= lines) resolve(got);
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => ({ stdout, stderr }) };
}

describe('dashsync sandbox', () => {
  it('prints the one listening line (and the token), serves the API, and exits 0 on SIGTERM after flushing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-cli-'));
    dirs.push(dir);
    const dataFile = join(dir, 'state.json');
    const run = startCli(['--port', '0', '--grafana-version', '11.2', '--token', '--data', dataFile], 2);
    const [listening, tokenLine] = await run.ready;
    const match = LINE.exec(listening!);
    expect(match?.[3]).toBe('11.2');
    const url = match![1]!;
    expect(tokenLine).toMatch(/^token: glsa_[A-Za-z0-9]{32}_[0-9a-f]{8}$/);
    const token = tokenLine!.slice('token: '.length);
    const saved = await apiRequest({ url }, 'POST', '/api/dashboards/db', { dashboard: { uid: 'cli', title: 'From CLI' } }, bearerHeaders(token));
    expect(saved.status).toBe(200);
    expect((await apiRequest({ url }, 'GET', '/api/health', undefined, {})).body.version).toBe('11.2.10');
    // As a stock 11.2: "Recently deleted" (dashboardRestore) is off until --feature dashboardRestore turns it on.
    expect((await apiRequest({ url }, 'GET', '/api/frontend/settings', undefined, bearerHeaders(token))).body.featureToggles).toEqual({});
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const state = JSON.parse(await readFile(dataFile, 'utf8'));
    expect(state.dashboards.map((d: any) => d.uid)).toEqual(['cli']);
    expect(run.output().stderr).toBe('');
  });

  it('turns feature toggles on and off with --feature and names them on the listening line', async () => {
    const run = startCli(['--port', '0', '--grafana-version', '13', '--feature', 'dashboardNewLayouts=false'], 1);
    const [listening] = await run.ready;
    const match = /^dashsync sandbox listening on (http:\/\/127\.0\.0\.1:\d+) \(Grafana 13, dashboardNewLayouts=false, org 1 "Main Org\.", admin\/admin\)$/.exec(listening!);
    expect(match).not.toBeNull();
    const group = await apiRequest({ url: match![1]! }, 'GET', '/apis/dashboard.grafana.app');
    expect(group.body.preferredVersion.version).toBe('v1');
    const settings = await apiRequest({ url: match![1]! }, 'GET', '/api/frontend/settings');
    expect(settings.body.featureToggles).toEqual({ restoreDashboards: true });
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const bad = await runCli(['sandbox', '--grafana-version', '11.2', '--feature', 'dashboardNewLayouts', '--feature', 'nope', '--port', '0']);
    expect([bad.code, bad.stderr]).toEqual([
      1,
      'error: --feature dashboardNewLayouts: Grafana 11.2 has no such toggle (its toggles: dashboardRestore)\n' +
        'error: --feature nope: expected NAME or NAME=false with NAME one of dashboardRestore, dashboardNewLayouts, restoreDashboards\n',
    ]);
  });

  it('listens for SIGTERM before it prints a line, so a script that stops it the moment it reads one gets a flushed exit 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-cli-'));
    dirs.push(dir);
    const dataFile = join(dir, 'state.json');
    const before = process.listenerCount('SIGTERM');
    const listenersAtEachLine: number[] = [];
    const stdout = {
      write: (text: string) => {
        listenersAtEachLine.push(process.listenerCount('SIGTERM'));
        // What a script does on reading the first line: stop the sandbox, at once.
        if (listenersAtEachLine.length === 1) queueMicrotask(() => process.emit('SIGTERM', 'SIGTERM'));
        return text.length > 0;
      },
    };
    const code = await runCliInProcessOf(['sandbox', '--port', '0', '--token', '--data', dataFile], { cwd: dir, env: { NO_COLOR: '1' }, stdout, stderr: stdout });
    expect(code).toBe(0);
    // Its handler was there when the listening line went out; the token line followed, and the handler is gone again.
    expect(listenersAtEachLine).toEqual([before + 1, before]);
    expect(process.listenerCount('SIGTERM')).toBe(before);
    expect(JSON.parse(await readFile(dataFile, 'utf8')).serviceAccounts).toHaveLength(1);
  });

  it('--storage chooses where dashboards are stored: 12 with unified storage creates without updatedBy, and a bad value is one line', async () => {
    const run = startCli(['--port', '0', '--grafana-version', '12', '--storage', 'unified'], 1);
    const [listening] = await run.ready;
    // Not 12's default: the listening line names it.
    const url = /^dashsync sandbox listening on (http:\/\/127\.0\.0\.1:\d+) \(Grafana 12, storage unified, org 1 "Main Org\.", admin\/admin\)$/.exec(listening!)![1]!;
    const created = await apiRequest({ url }, 'POST', '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards', {
      apiVersion: 'dashboard.grafana.app/v1beta1',
      kind: 'Dashboard',
      metadata: { name: 'u' },
      spec: { title: 'U' },
    });
    expect([created.status, Object.keys(created.body.metadata.annotations)]).toEqual([201, ['grafana.app/createdBy']]);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const bad = await runCli(['sandbox', '--storage', 'sql', '--port', '0']);
    expect([bad.code, bad.stderr]).toEqual([1, 'error: --storage must be legacy or unified (got sql)\n']);
  });

  it('--storage unified with 11.2 (which has no /apis) is refused with one line; a release default is not named', async () => {
    const refused = await runCli(['sandbox', '--grafana-version', '11.2', '--storage', 'unified', '--port', '0']);
    expect([refused.code, refused.stdout, refused.stderr]).toEqual([
      1,
      '',
      'error: --storage unified: Grafana 11.2 has no /apis, so no unified storage; pass --grafana-version 12 or 13 with it, or leave --storage out\n',
    ]);
    const run = startCli(['--port', '0', '--grafana-version', '13', '--storage', 'unified', '--database', 'sqlite'], 1);
    const [listening] = await run.ready;
    expect(LINE.exec(listening!)?.[3]).toBe('13');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it("names the storage a small 12.4 moved to at startup, though no --storage was given (Grafana's auto migration)", async () => {
    const run = startCli(['--port', '0', '--grafana-version', '12', '--release', '12.4.0'], 1);
    const [listening] = await run.ready;
    expect(listening).toMatch(/^dashsync sandbox listening on http:\/\/127\.0\.0\.1:\d+ \(Grafana 12\.4\.0, storage unified, org 1 "Main Org\.", admin\/admin\)$/);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('--token-role mints the token with that org role: a viewer token reads and may not write', async () => {
    const run = startCli(['--port', '0', '--grafana-version', '13', '--storage', 'legacy', '--token-role', 'viewer'], 2);
    const [listening, tokenLine] = await run.ready;
    const url = /^dashsync sandbox listening on (http:\/\/127\.0\.0\.1:\d+) \(Grafana 13, storage legacy, org 1 "Main Org\.", admin\/admin\)$/.exec(listening!)![1]!;
    const token = /^token: (\S+)$/.exec(tokenLine!)![1]!;
    expect((await apiRequest({ url }, 'GET', '/api/search', undefined, bearerHeaders(token))).status).toBe(200);
    const write = await apiRequest({ url }, 'POST', '/api/dashboards/db', { dashboard: { uid: 'v', title: 'V' }, folderUid: '' }, bearerHeaders(token));
    expect(write.status).toBe(403);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const bad = await runCli(['sandbox', '--token-role', 'owner', '--port', '0']);
    expect([bad.code, bad.stderr]).toEqual([1, 'error: --token-role must be admin, editor or viewer (got owner)\n']);
  });

  it('--database mysql compares dashboard uids without case, and a bad value is one line', async () => {
    const run = startCli(['--port', '0', '--database', 'mysql'], 1);
    const [listening] = await run.ready;
    const url = /^dashsync sandbox listening on (http:\/\/127\.0\.0\.1:\d+) \(Grafana 12, database mysql, org 1 "Main Org\.", admin\/admin\)$/.exec(listening!)![1]!;
    expect((await apiRequest({ url }, 'POST', '/api/dashboards/db', { dashboard: { uid: 'ABC', title: 'Upper' }, folderUid: '' })).status).toBe(200);
    const read = await apiRequest({ url }, 'GET', '/api/dashboards/uid/abc');
    expect([read.status, read.body.dashboard.uid]).toEqual([200, 'ABC']);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const bad = await runCli(['sandbox', '--database', 'oracle', '--port', '0']);
    expect([bad.code, bad.stderr]).toEqual([1, 'error: --database must be sqlite, postgres or mysql (got oracle)\n']);
  });

  it('with faults on, the listening line names them (and the seed of the drawn ones, chosen when not given)', async () => {
    const run = startCli(['--port', '0', '--latency', '80', '--rate-limit-rate', '0.05', '--error-rate', '0.02', '--seed', '3'], 1);
    const [listening] = await run.ready;
    expect(listening).toMatch(/^dashsync sandbox listening on http:\/\/127\.0\.0\.1:\d+ \(Grafana 12, org 1 "Main Org\.", admin\/admin; faults: latency 80 ms, 429 5 %, 503 2 %, seed 3\)$/);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const unseeded = startCli(['--port', '0', '--drop-rate', '0.015', '--error-status', '500', '--error-rate', '0.1'], 1);
    const [line] = await unseeded.ready;
    const seed = /; faults: 500 10 %, connections dropped 1\.5 %, seed (\d+)\)$/.exec(line!)?.[1];
    expect(Number(seed)).toBeGreaterThan(0);
    unseeded.child.kill('SIGTERM');
    expect(await unseeded.exited).toBe(0);
  });

  it('--hide-version: /api/health names no release, and the listening line says so', async () => {
    const run = startCli(['--port', '0', '--hide-version'], 1);
    const [listening] = await run.ready;
    const url = /^dashsync sandbox listening on (http:\/\/127\.0\.0\.1:\d+) \(Grafana 12, version hidden, org 1 "Main Org\.", admin\/admin\)$/.exec(listening!)![1]!;
    expect((await apiRequest({ url }, 'GET', '/api/health', undefined, {})).body).toEqual({ database: 'ok' });
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('--release reports an exact release of the family, named on the listening line; one of another family is one line', async () => {
    const run = startCli(['--port', '0', '--release', '12.2.0'], 1);
    const [listening] = await run.ready;
    const url = /^dashsync sandbox listening on (http:\/\/127\.0\.0\.1:\d+) \(Grafana 12\.2\.0, org 1 "Main Org\.", admin\/admin\)$/.exec(listening!)![1]!;
    expect((await apiRequest({ url }, 'GET', '/api/health', undefined, {})).body.version).toBe('12.2.0');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const refused = await runCli(['sandbox', '--grafana-version', '13', '--release', '12.2.0', '--port', '0']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('error: --release: release "12.2.0" is not a Grafana 13 release: it is a Grafana 12 release (pass --grafana-version 12 with it, or leave --grafana-version out)\n');
    const malformed = await runCli(['sandbox', '--release', '13.1', '--port', '0']);
    expect(malformed.stderr).toBe('error: --release: release "13.1" is not a Grafana 12 release (give major.minor.patch, e.g. 12.3.2)\n');
  });

  it("--release alone emulates its own family: the README's 13.1.0 is a Grafana 13, 11.6.0 an 11.2", async () => {
    for (const [release, family] of [['13.1.0', '13'], ['11.6.0', '11.2']] as const) {
      const run = startCli(['--port', '0', '--release', release], 1);
      const [listening] = await run.ready;
      const url = /^dashsync sandbox listening on (http:\/\/127\.0\.0\.1:\d+) \(Grafana (\S+?)[,)]/.exec(listening!);
      expect(url?.[2]).toBe(release);
      expect((await apiRequest({ url: url![1]! }, 'GET', '/api/health', undefined, {})).body.version).toBe(release);
      // Its family's API: /apis is there on 13, not on 11.2.
      expect((await apiRequest({ url: url![1]! }, 'GET', '/apis', undefined, {})).status === 404).toBe(family === '11.2');
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    }
  });

  it('rejects a bad --grafana-version with one clear line and exit 1', async () => {
    const result = await runCli(['sandbox', '--grafana-version', '10', '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: --grafana-version must be one of 11.2, 12, 13 (got 10)\n');
  });
});
