import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { GrafanaVersion, SandboxHandle } from '../../src/sandbox/types.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Grafana over MySQL compares uids without case (utf8mb4_unicode_ci): a tree's `abc` and Grafana's `ABC` are one
// dashboard there. Before the fix: on /api the plan read `abc`, got `ABC`, planned "update abc" and "delete ABC", and
// apply overwrote ABC then reported a conflict on its delete; on /apis it planned "create abc" and "delete ABC", the
// create was refused (reported as someone else's change) and ABC was deleted.

const cases: { grafanaVersion: GrafanaVersion; api: string }[] = [
  { grafanaVersion: '11.2', api: 'legacy' },
  { grafanaVersion: '12', api: 'legacy' },
  { grafanaVersion: '12', api: 'auto' },
  { grafanaVersion: '13', api: 'auto' },
  { grafanaVersion: '13', api: 'k8s' },
];

const LINE =
  'dashboards/abc.json: error: uid "abc" differs only in case from the dashboard "ABC" in Grafana, which compares uids without case when it runs on MySQL: ' +
  'there a save of "abc" would overwrite "ABC" (or be refused), and a prune of "ABC" would delete it; ' +
  'give the file the uid "ABC", or rename or delete "ABC" in Grafana (uid-case-twin-in-grafana)';

async function tree(files: Record<string, object>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-uid-case-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards'));
  for (const [name, model] of Object.entries(files)) await writeFile(join(dir, 'dashboards', `${name}.json`), `${JSON.stringify(model, null, 2)}\n`);
  return dir;
}

const run = (s: SandboxHandle, cwd: string, args: string[]) =>
  runCliInProcess(args, { cwd, env: { GRAFANA_URL: s.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
const writes = (s: SandboxHandle) => s.requests().filter((r) => r.method !== 'GET' && r.method !== 'HEAD').map((r) => `${r.method} ${r.path}`);
const live = async (s: SandboxHandle) => ((await apiRequest(s, 'GET', '/api/search?type=dash-db')).body as { uid: string; title: string }[]).map((h) => `${h.uid} ${h.title}`).sort();

describe.each(cases)('a file uid that Grafana $grafanaVersion (api $api) holds in another case', ({ grafanaVersion, api }) => {
  it('over MySQL: plan and apply --prune stop with one line naming both uids; nothing is written and ABC is kept as it was', async () => {
    const s = await startTestSandbox({ grafanaVersion, database: 'mysql' });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'ABC', title: 'Upper', schemaVersion: 42 }, folderUid: '' });
    const dir = await tree({ abc: { uid: 'abc', title: 'Lower', schemaVersion: 42, panels: [] } });
    const before = writes(s).length;

    for (const args of [['plan', '--api', api, '--prune', 'all'], ['apply', '--api', api, '--prune', 'all']]) {
      const result = await run(s, dir, args);
      expect(result.stderr.split('\n').filter((line) => line.includes('abc'))).toEqual([LINE]);
      expect(result.code).toBe(1);
    }
    expect(writes(s).slice(before)).toEqual([]);
    expect(await live(s)).toEqual(['ABC Upper']);
  });

  it('on SQLite, where both can exist, a live abc is the file\'s dashboard and ABC is pruned as any other', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    for (const [uid, title] of [['ABC', 'Upper'], ['abc', 'Old']]) {
      await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid, title, schemaVersion: 42 }, folderUid: '' });
    }
    const dir = await tree({ abc: { uid: 'abc', title: 'Lower', schemaVersion: 42, panels: [] } });
    // abc was saved in Grafana, not by dashsync (drift): an apply no one reviews overwrites it only with --force.
    const result = await run(s, dir, ['apply', '--api', api, '--prune', 'all', '--force']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(await live(s)).toEqual(['abc Lower']);
  });

  it('on SQLite, a uid renamed in case only (ABC live, abc in the tree) is a create of abc and a prune of ABC, not refused', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'ABC', title: 'Upper', schemaVersion: 42 }, folderUid: '' });
    const dir = await tree({ abc: { uid: 'abc', title: 'Lower', schemaVersion: 42, panels: [] } });
    const result = await run(s, dir, ['apply', '--api', api, '--prune', 'all']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(await live(s)).toEqual(['abc Lower']);
  });
});

const libraryLine =
  'dashboards/_library/lib.json: error: uid "lib" differs only in case from the library panel "LIB" in Grafana, which compares uids without case when it runs on MySQL: ' +
  'there a save of "lib" would overwrite "LIB" (or be refused), and a prune of "LIB" would delete it; ' +
  'give the file the uid "LIB", or rename or delete "LIB" in Grafana (uid-case-twin-in-grafana)';
const folderLine =
  'dashboards/ops/_folder.json: error: uid "ops" differs only in case from the folder "OPS" in Grafana, which compares uids without case when it runs on MySQL: ' +
  'there a save of "ops" would overwrite "OPS" (or be refused), and a prune of "OPS" would delete it; ' +
  'give the file the uid "OPS", or rename or delete "OPS" in Grafana (uid-case-twin-in-grafana)';

const libraryTree = async () => {
  const dir = await tree({});
  await mkdir(join(dir, 'dashboards', '_library'));
  await writeFile(join(dir, 'dashboards', '_library', 'lib.json'), `${JSON.stringify({ uid: 'lib', name: 'CPU2', kind: 1, model: { type: 'timeseries', title: 'CPU2' } }, null, 2)}\n`);
  return dir;
};
const folderTree = async () => {
  const dir = await tree({});
  await mkdir(join(dir, 'dashboards', 'ops'));
  await writeFile(join(dir, 'dashboards', 'ops', '_folder.json'), `${JSON.stringify({ uid: 'ops', title: 'Ops' })}\n`);
  await writeFile(join(dir, 'dashboards', 'ops', 'x.json'), `${JSON.stringify({ uid: 'x', title: 'X', schemaVersion: 42, panels: [] }, null, 2)}\n`);
  return dir;
};
const liveLibrary = async (s: SandboxHandle) =>
  ((await apiRequest(s, 'GET', '/api/library-elements?perPage=100')).body as { result: { elements: { uid: string; name: string }[] } }).result.elements.map((e) => `${e.uid} ${e.name}`).sort();
const liveFolders = async (s: SandboxHandle) => ((await apiRequest(s, 'GET', '/api/folders')).body as { uid: string; title: string }[]).map((f) => `${f.uid} ${f.title}`).sort();

describe.each(cases.filter((c) => c.grafanaVersion !== '11.2'))('a library panel or folder uid that Grafana $grafanaVersion (api $api) holds in another case', ({ grafanaVersion, api }) => {
  it('over MySQL: a library panel file lib against an unused live LIB stops plan and apply --prune all with one line; LIB is kept', async () => {
    const s = await startTestSandbox({ grafanaVersion, database: 'mysql' });
    await apiRequest(s, 'POST', '/api/library-elements', { uid: 'LIB', name: 'CPU', kind: 1, model: { type: 'timeseries', title: 'CPU' }, folderUid: '' });
    const dir = await libraryTree();
    const before = writes(s).length;
    for (const args of [['plan', '--api', api, '--prune', 'all'], ['apply', '--api', api, '--prune', 'all']]) {
      const result = await run(s, dir, args);
      expect(result.stderr.split('\n').filter((line) => line.includes('lib'))).toEqual([libraryLine]);
      expect(result.code).toBe(1);
    }
    expect(writes(s).slice(before)).toEqual([]);
    expect(await liveLibrary(s)).toEqual(['LIB CPU']);
  });

  it('on SQLite, a library panel renamed in case only (LIB live, lib in the tree) is a create of lib and a prune of LIB', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/library-elements', { uid: 'LIB', name: 'CPU', kind: 1, model: { type: 'timeseries', title: 'CPU' }, folderUid: '' });
    const dir = await libraryTree();
    const result = await run(s, dir, ['apply', '--api', api, '--prune', 'all']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(await liveLibrary(s)).toEqual(['lib CPU2']);
  });

  it('over MySQL: a folder ops against a live OPS stops plan and apply with one line; nothing is written', async () => {
    const s = await startTestSandbox({ grafanaVersion, database: 'mysql' });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'OPS', title: 'Ops' });
    const dir = await folderTree();
    const before = writes(s).length;
    for (const args of [['plan', '--api', api], ['apply', '--api', api, '--prune', 'all']]) {
      const result = await run(s, dir, args);
      expect(result.stderr.split('\n').filter((line) => line.toLowerCase().includes('ops'))).toEqual([folderLine]);
      expect(result.code).toBe(1);
    }
    expect(writes(s).slice(before)).toEqual([]);
    expect(await liveFolders(s)).toEqual(['OPS Ops']);
  });

  it('on SQLite, a folder ops beside a live OPS is created as its own folder', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'OPS', title: 'Ops' });
    const dir = await folderTree();
    const result = await run(s, dir, ['apply', '--api', api]);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(await liveFolders(s)).toEqual(['OPS Ops', 'ops Ops']);
  });
});

describe('a v2 dashboard renamed in case only (ABC pushed by dashsync, the file now names abc) on Grafana 13 over MySQL', () => {
  it('plan and apply --prune all stop with one line; ABC is kept', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13', database: 'mysql' });
    const spec = JSON.parse(await readFile('dashboards/applications/checkout/checkout-slo.json', 'utf8')).spec as object;
    const resource = (name: string) => ({ apiVersion: 'dashboard.grafana.app/v2beta1', kind: 'Dashboard', metadata: { name }, spec });
    const dir = await tree({ abc: resource('ABC') });
    const pushed = await run(s, dir, ['apply']);
    expect([pushed.code, pushed.stderr]).toEqual([0, '']);
    await writeFile(join(dir, 'dashboards', 'abc.json'), `${JSON.stringify(resource('abc'), null, 2)}\n`);
    const before = writes(s).length;
    for (const args of [['plan', '--prune', 'all'], ['apply', '--prune', 'all']]) {
      const result = await run(s, dir, args);
      expect(result.stderr.split('\n').filter((line) => line.includes('abc'))).toEqual([LINE]);
      expect(result.code).toBe(1);
    }
    expect(writes(s).slice(before)).toEqual([]);
    expect(await live(s)).toEqual([`ABC ${(spec as { title: string }).title}`]);
  });
});

// Grafana checks folders:read on the uid as requested before it looks the folder up (acimpl Evaluate → the folder scope
// resolver, which fails for a uid it cannot find; the scopes compare as text): an Editor token, whose folder access
// comes from per-folder grants, is refused `ops` whether the database holds none (PostgreSQL) or finds OPS (MySQL).
// Before the fix the plan ended on the raw 403 of GET /api/folders/ops.
const unreadableFolderLine =
  'dashboards/ops/_folder.json: error: Grafana refused a read of uid "ops" (403), so dashsync cannot tell whether it is the folder "OPS" in another case ' +
  '(one uid when Grafana runs on MySQL, which compares uids without case) or a new one: nothing was written; ' +
  'give the file the uid "OPS", or run with credentials that may read all folders (an org Admin) (uid-case-twin-unreadable)';

// On /apis the folder authorizer's resolver error for a missing name is a 500 that dashsync reads as absent, so there
// PostgreSQL's ops is created as before; the 403 comes for OPS found in another case (MySQL).
const refusingReads = [
  ...cases.filter((c) => c.api === 'legacy').flatMap((c) => [{ ...c, database: 'postgres' as const }, { ...c, database: 'mysql' as const }]),
  ...cases.filter((c) => c.api !== 'legacy').map((c) => ({ ...c, database: 'mysql' as const })),
];

describe('a folder uid that Grafana lists in another case, read with an Editor token', () => {
  it.each(refusingReads)('Grafana $grafanaVersion (api $api) on $database: plan and apply stop with one line naming both uids and the 403; nothing is written', async ({ grafanaVersion, api, database }) => {
    const s = await startTestSandbox({ grafanaVersion, database });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'OPS', title: 'Ops' });
    const token = await s.createToken('Editor');
    const dir = await folderTree();
    const before = writes(s).length;
    for (const args of [['plan', '--api', api], ['apply', '--api', api]]) {
      const result = await runCliInProcess(args, { cwd: dir, env: { GRAFANA_URL: s.url, GRAFANA_TOKEN: token } });
      expect([result.code, result.stderr.split('\n').filter((line) => line.toLowerCase().includes('ops'))], args.join(' ')).toEqual([1, [unreadableFolderLine]]);
    }
    expect(writes(s).slice(before)).toEqual([]);
    expect(await liveFolders(s)).toEqual(['OPS Ops']);
  });

  it.each(cases.filter((c) => c.api !== 'legacy'))('Grafana $grafanaVersion (api $api) on PostgreSQL: the authorizer\'s 500 for a missing ops reads as absent, and apply creates ops', async ({ grafanaVersion, api }) => {
    const s = await startTestSandbox({ grafanaVersion, database: 'postgres' });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'OPS', title: 'Ops' });
    const token = await s.createToken('Editor');
    const result = await runCliInProcess(['apply', '--api', api], { cwd: await folderTree(), env: { GRAFANA_URL: s.url, GRAFANA_TOKEN: token } });
    // The authorizer's 500 naming the unresolvable folder is an answer: not sent again, so no retry note.
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(await liveFolders(s)).toEqual(['OPS Ops', 'ops Ops']);
  });
});

describe('a library panel file whose uid Grafana 12 holds as a library variable in another case, over MySQL', () => {
  it('plan stops with one line that calls LIB a library variable', async () => {
    const s = await startTestSandbox({ grafanaVersion: '12', database: 'mysql' });
    await apiRequest(s, 'POST', '/api/library-elements', { uid: 'LIB', name: 'Var', kind: 2, model: { type: 'query', name: 'var' }, folderUid: '' });
    const dir = await libraryTree();
    const result = await run(s, dir, ['plan', '--prune', 'all']);
    expect(result.stderr.split('\n').filter((line) => line.includes('lib'))).toEqual([libraryLine.replace('the library panel "LIB"', 'the library variable "LIB"')]);
    expect(result.code).toBe(1);
  });
});
