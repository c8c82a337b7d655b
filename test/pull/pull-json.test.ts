import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { runCli } from '../helpers/run-cli.js';
import { commitAll, dashsync, makeWorkDir, saveDashboard } from './pull-fixture.js';

type Line = Record<string, any>;

/** Every stdout line parsed: a line that is not one JSON object fails the test. */
function jsonLines(stdout: string): Line[] {
  expect(stdout.endsWith('\n')).toBe(true);
  return stdout.slice(0, -1).split('\n').map((line) => JSON.parse(line) as Line);
}

function dashboard(uid: string, title: string): Record<string, unknown> {
  return { uid, title, panels: [{ id: 1, type: 'stat', title: 'Up' }], schemaVersion: 39 };
}

/** A committed tree of two applied dashboards (`kept-a`, `moved-b`), each file at dashboards/<uid>.json. */
async function appliedTree(handle: SandboxHandle): Promise<string> {
  const work = await makeWorkDir();
  await mkdir(join(work, 'dashboards'));
  await writeFile(join(work, 'dashsync.config.json'), '{}\n');
  for (const uid of ['kept-a', 'updated-b']) await writeFile(join(work, 'dashboards', `${uid}.json`), `${JSON.stringify(dashboard(uid, `Title ${uid}`), null, 2)}\n`);
  await commitAll(work, 'dashboards');
  const applied = await dashsync(handle, work, ['apply', '--auto-approve']);
  expect(applied.code, applied.stderr).toBe(0);
  return work;
}

describe('pull --format json', () => {
  it('one line per file created, updated and kept (with why), then a result line; stdout is only JSON, never a raw control character', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const work = await appliedTree(handle);
    // Your edit, not committed: kept. Grafana's edit of the other: updated. A new one in Grafana, its title with a terminal escape: created.
    const keptFile = join(work, 'dashboards/kept-a.json');
    await writeFile(keptFile, `${JSON.stringify(dashboard('kept-a', 'Edited here'), null, 2)}\n`);
    await saveDashboard(handle, { ...dashboard('updated-b', 'Changed in Grafana'), version: 1 });
    await saveDashboard(handle, dashboard('new-c', 'New \u001b[31mred\u001b[0m'));

    const pulled = await dashsync(handle, work, ['pull', '--all', '--format', 'json']);
    expect([pulled.code, pulled.stderr]).toEqual([0, '']);
    expect(pulled.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    const lines = jsonLines(pulled.stdout);
    expect(lines[0]).toMatchObject({ type: 'start', formatVersion: 1, output: 'dashsync pull --format json', dryRun: false, prune: false, force: false });
    const byUid = new Map(lines.filter((line) => line.uid !== undefined).map((line) => [line.uid, line]));
    expect(byUid.get('updated-b')).toEqual({ type: 'updated', resource: 'dashboard', uid: 'updated-b', file: 'dashboards/updated-b.json', text: 'updated  dashboards/updated-b.json' });
    expect(byUid.get('kept-a')).toMatchObject({ type: 'kept', resource: 'dashboard', uid: 'kept-a', file: 'dashboards/kept-a.json', why: expect.stringContaining('not committed') });
    expect(byUid.get('kept-a')!.text).toBe(`kept  dashboards/kept-a.json: ${byUid.get('kept-a')!.why}`);
    expect(byUid.get('new-c')).toMatchObject({ type: 'created', resource: 'dashboard', file: expect.stringMatching(/^dashboards\/.*\.json$/) });
    const result = lines.at(-1)!;
    expect(result).toMatchObject({ type: 'result', dryRun: false, counts: { created: 1, updated: 1, kept: 1, refused: 0, failed: 0 }, interrupted: false, pruneRefusal: null, exitCode: 0 });
    expect(result.text).toBe('Pull: 1 created, 1 updated, 0 moved, 0 unchanged, 0 deleted, 1 kept.');
    expect(lines.filter((line) => line.type === 'result')).toHaveLength(1);
    // What the lines say holds: the edit is still there, Grafana's change is in the file.
    expect(JSON.parse(await readFile(keptFile, 'utf8')).title).toBe('Edited here');
    expect(JSON.parse(await readFile(join(work, 'dashboards/updated-b.json'), 'utf8')).title).toBe('Changed in Grafana');
  });

  it('a request sent again is a retry line naming its dashboard, as apply\'s, and the result counts the retries; stderr says it for people', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const work = await appliedTree(handle);
    await saveDashboard(handle, { ...dashboard('updated-b', 'Changed in Grafana'), version: 1 });
    // pull reads the dashboard itself through /apis on 12 (the listing before it is a request of many: no uid).
    const path = '/apis/dashboard.grafana.app/v0alpha1/namespaces/default/dashboards/updated-b';
    handle.setFaults({ pathPrefix: path, methods: ['GET'], script: [{ kind: 'status', status: 503 }] });

    const pulled = await dashsync(handle, work, ['pull', '--all', '--format', 'json']);
    expect(pulled.code, pulled.stderr).toBe(0);
    const lines = jsonLines(pulled.stdout);
    expect(lines[0]).toMatchObject({ type: 'start' });
    const retries = lines.filter((line) => line.type === 'retry');
    expect(retries).toEqual([{ type: 'retry', kind: 'dashboard', uid: 'updated-b', method: 'GET', path, attempt: 1, reason: 'HTTP 503', delayMs: expect.any(Number) }]);
    expect(lines.at(-1)).toMatchObject({ type: 'result', counts: { updated: 1 }, retried: { requests: 1, retries: 1, reasons: { '503': 1 } }, exitCode: 0 });
    expect(pulled.stderr).toContain('note: 1 request retried (503: 1)');

    const quiet = await dashsync(handle, work, ['pull', '--all', '--format', 'json']);
    expect(jsonLines(quiet.stdout).at(-1)).toMatchObject({ type: 'result', retried: null });
  });

  it('the built CLI: a refused file is a JSON line on stdout, the error line for people on stderr; the result says exit 1', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const work = await appliedTree(handle);
    await writeFile(join(work, 'dashboards/kept-a.json'), `${JSON.stringify(dashboard('kept-a', 'Edited here'), null, 2)}\n`);
    await saveDashboard(handle, { ...dashboard('kept-a', 'Edited in Grafana'), version: 1 });

    const run = await runCli(['pull', '--format', 'json'], { cwd: work, env: { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
    expect(run.code).toBe(1);
    const lines = jsonLines(run.stdout);
    expect(lines.map((line) => line.type)).toEqual(['start', 'refused', 'result']);
    expect(lines[1]).toMatchObject({ resource: 'dashboard', uid: 'kept-a', file: 'dashboards/kept-a.json' });
    expect(lines[2]).toMatchObject({ refused: { dashboards: ['kept-a'], libraryPanels: [], folders: [] }, exitCode: 1 });
    expect(run.stderr).toMatch(/^error: 1 file was not written: it may hold work of yours, and Grafana changed too \(refused, above\)\. /);
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
