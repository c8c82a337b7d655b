import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GrafanaVersion, SandboxHandle } from '../../src/sandbox/types.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

/** stderr's lines but the note of files --prune deleted whose uid nothing told this Grafana held (no "Recently deleted" to read, a library panel's). */
function besidesHeldUnknown(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line !== '' && !line.startsWith('note: pull --prune deleted '));
}
import { commitAll, createFolder, createLibraryPanel, dashsync, libraryPanelRef, makeWorkDir, saveDashboard, walkFiles } from './pull-fixture.js';

// Grafana over MySQL compares uids without case: a committed abc.json and Grafana's ABC are one dashboard there (a
// read of abc answers ABC). Before the fix `pull --prune` deleted abc.json as "not in Grafana", and `pull ABC` wrote
// a second file beside it.

const cases: { grafanaVersion: GrafanaVersion; api: string }[] = [
  { grafanaVersion: '12', api: 'legacy' },
  { grafanaVersion: '12', api: 'auto' },
  { grafanaVersion: '13', api: 'auto' },
];

const LINE =
  'dashboards/abc.json: error: uid "abc" differs only in case from the dashboard "ABC" in Grafana, which compares uids without case when it runs on MySQL ' +
  '(a read of "abc" answers "ABC"): pull neither deletes this file nor writes "ABC" beside it; ' +
  'give the file the uid "ABC" and pull again, or rename or delete "ABC" in Grafana (uid-case-twin-in-grafana)';

async function treeWithAbc(): Promise<string> {
  const dir = await makeWorkDir();
  await mkdir(join(dir, 'dashboards'));
  await writeFile(join(dir, 'dashboards', 'abc.json'), `${JSON.stringify({ uid: 'abc', title: 'Lower', schemaVersion: 42, panels: [] }, null, 2)}\n`);
  await commitAll(dir);
  return dir;
}
const files = async (dir: string) => (await walkFiles(join(dir, 'dashboards'))).map((file) => file.path).sort();

describe.each(cases)('pull against Grafana $grafanaVersion (api $api) holding ABC, with abc.json committed', ({ grafanaVersion, api }) => {
  it('over MySQL: pull --prune and pull ABC keep abc.json, write nothing beside it, and say why in one line', async () => {
    const s = await startTestSandbox({ grafanaVersion, database: 'mysql' });
    await saveDashboard(s, { uid: 'ABC', title: 'Upper', schemaVersion: 42 });
    const dir = await treeWithAbc();
    const before = await files(dir);
    for (const args of [['pull', '--api', api, '--prune'], ['pull', '--api', api, 'ABC']]) {
      const result = await dashsync(s, dir, args);
      expect(result.stderr.split('\n').filter((line) => line.includes('abc'))).toEqual([LINE]);
      expect(result.stdout).not.toMatch(/deleted dashboards/);
      expect(result.code).toBe(1);
      expect(await files(dir)).toEqual(before);
    }
    expect(existsSync(join(dir, 'dashboards', 'abc.json'))).toBe(true);
  });

  it('on SQLite, where abc reads as absent, pull --prune deletes abc.json and writes ABC as before', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    // abc was there and deleted (in 13's "Recently deleted"): a file of a uid Grafana never held would be kept as a create not applied yet.
    await saveDashboard(s, { uid: 'abc', title: 'Lower', schemaVersion: 42 });
    expect((await apiRequest(s, 'DELETE', '/api/dashboards/uid/abc')).status).toBe(200);
    await saveDashboard(s, { uid: 'ABC', title: 'Upper', schemaVersion: 42 });
    const dir = await treeWithAbc();
    const result = await dashsync(s, dir, ['pull', '--api', api, '--all', '--prune']);
    expect([result.code, besidesHeldUnknown(result.stderr)]).toEqual([0, []]);
    expect(await files(dir)).toEqual(['upper.json']);
  });
});

// The same for a folder and a library panel. Before the fix, over MySQL, `pull` wrote OPS into a second directory
// (dashboards/ops-ops/) and moved the folder's dashboards there, and `pull --prune` deleted the committed
// _library/lib.json as "not in Grafana" and wrote LIB beside it (_library/panel-lib.json).

const folderLine =
  'dashboards/ops/_folder.json: error: uid "ops" differs only in case from the folder "OPS" in Grafana, which compares uids without case when it runs on MySQL ' +
  '(a read of "ops" answers "OPS"): pull writes nothing while it would write that folder (a refresh, --all and --prune always would; a --folder or uid pull when it takes the folder or a dashboard in it), ' +
  'since a pull of that folder would write "OPS" into a second directory beside this one; ' +
  'give the file the uid "OPS" and pull again, or rename or delete "OPS" in Grafana (uid-case-twin-in-grafana)';
const folderWarning =
  'dashboards/ops/_folder.json: warning: uid "ops" differs only in case from the folder "OPS" in Grafana, which compares uids without case when it runs on MySQL ' +
  '(a read of "ops" answers "OPS"): this pull does not write that folder, so it goes ahead; a pull that would (a refresh, --all, --prune, or one that takes the folder or a dashboard in it) writes nothing until this is fixed, ' +
  'since a pull of that folder would write "OPS" into a second directory beside this one; ' +
  'give the file the uid "OPS" and pull again, or rename or delete "OPS" in Grafana (uid-case-twin-in-grafana)';
const libraryLine =
  'dashboards/_library/lib.json: error: uid "lib" differs only in case from the library panel "LIB" in Grafana, which compares uids without case when it runs on MySQL ' +
  '(a read of "lib" answers "LIB"): pull writes nothing while it would write that panel (a refresh, --all and --prune always would; a --folder or uid pull when it takes the panel, its folder or a dashboard using it), ' +
  'since a pull of that panel would write "LIB" into a second file beside this one (and --prune would delete this one); ' +
  'give the file the uid "LIB" and pull again, or rename or delete "LIB" in Grafana (uid-case-twin-in-grafana)';
const libraryWarning =
  'dashboards/_library/lib.json: warning: uid "lib" differs only in case from the library panel "LIB" in Grafana, which compares uids without case when it runs on MySQL ' +
  '(a read of "lib" answers "LIB"): this pull does not write that panel, so it goes ahead; a pull that would (a refresh, --all, --prune, or one that takes the panel, its folder or a dashboard using it) writes nothing until this is fixed, ' +
  'since a pull of that panel would write "LIB" into a second file beside this one (and --prune would delete this one); ' +
  'give the file the uid "LIB" and pull again, or rename or delete "LIB" in Grafana (uid-case-twin-in-grafana)';
/** Databases whose uid columns compare case: ops and OPS are two uids there. */
const BINARY = ['sqlite', 'postgres'] as const;
const NOTHING_PULLED = 'Pull: 0 created, 0 updated, 0 moved, 0 unchanged, 0 deleted.\n';
const everyTreePull = [['pull'], ['pull', '--prune'], ['pull', '--all'], ['pull', '--all', '--prune']];
/** The pulls that would write the twin's folder (or its dashboard x) or panel (or its user d): they stop. */
const folderPulls = (api: string) => [...everyTreePull, ['pull', 'OPS'], ['pull', 'ops'], ['pull', 'x'], ['pull', '--folder', 'OPS'], ['pull', '--prune', 'other']].map((args) => [...args, '--api', api]);
const libraryPulls = (api: string) => [...everyTreePull, ['pull', 'LIB'], ['pull', 'lib'], ['pull', 'd'], ['pull', '--prune', 'other']].map((args) => [...args, '--api', api]);
const snapshot = async (dir: string) => (await walkFiles(join(dir, 'dashboards'))).map((file) => `${file.path} ${file.bytes}`);

async function folderTwins(s: SandboxHandle): Promise<string> {
  await saveDashboard(s, { uid: 'other', title: 'Other', schemaVersion: 42 });
  await createFolder(s, { uid: 'OPS', title: 'Ops' });
  await saveDashboard(s, { uid: 'x', title: 'X in Grafana', schemaVersion: 42 }, 'OPS');
  const dir = await makeWorkDir();
  await mkdir(join(dir, 'dashboards', 'ops'), { recursive: true });
  await writeFile(join(dir, 'dashboards', 'ops', '_folder.json'), `${JSON.stringify({ uid: 'ops', title: 'Ops' })}\n`);
  await writeFile(join(dir, 'dashboards', 'ops', 'x.json'), `${JSON.stringify({ uid: 'x', title: 'X', schemaVersion: 42, panels: [] }, null, 2)}\n`);
  await commitAll(dir);
  return dir;
}

async function libraryTwins(s: SandboxHandle): Promise<string> {
  await saveDashboard(s, { uid: 'other', title: 'Other', schemaVersion: 42 });
  await createLibraryPanel(s, 'LIB', '');
  await saveDashboard(s, { uid: 'd', title: 'D', schemaVersion: 42, panels: [libraryPanelRef(1, 'LIB')] });
  const dir = await makeWorkDir();
  await mkdir(join(dir, 'dashboards', '_library'), { recursive: true });
  await writeFile(join(dir, 'dashboards', '_library', 'lib.json'), `${JSON.stringify({ uid: 'lib', name: 'Panel LIB', kind: 1, model: { type: 'stat', title: 'LIB' } }, null, 2)}\n`);
  await writeFile(join(dir, 'dashboards', 'd.json'), `${JSON.stringify({ uid: 'd', title: 'D', schemaVersion: 42, panels: [libraryPanelRef(1, 'lib')] }, null, 2)}\n`);
  await commitAll(dir);
  return dir;
}

describe.each(cases)('pull against Grafana $grafanaVersion (api $api) holding folder OPS or library panel LIB, with ops or lib committed', ({ grafanaVersion, api }) => {
  const twins = [
    { kind: 'folder ops (OPS live)', seed: folderTwins, line: folderLine, warning: folderWarning, pulls: folderPulls },
    { kind: 'library panel lib (LIB live)', seed: libraryTwins, line: libraryLine, warning: libraryWarning, pulls: libraryPulls },
  ];
  it.each(twins)('over MySQL: with $kind every pull that would write it (a refresh, --prune, --all, its uid in either case, a dashboard in or using it) stops with one line and writes nothing', async ({ seed, line, pulls }) => {
    const s = await startTestSandbox({ grafanaVersion, database: 'mysql' });
    const dir = await seed(s);
    const before = await snapshot(dir);
    for (const args of pulls(api)) {
      const result = await dashsync(s, dir, args);
      expect([result.code, result.stderr, result.stdout], args.join(' ')).toEqual([1, `${line}\n`, NOTHING_PULLED]);
      expect(await snapshot(dir)).toEqual(before);
    }
  });

  it.each(twins)('over MySQL: with $kind a pull of an unrelated dashboard goes ahead, with the line as a warning', async ({ seed, warning }) => {
    const s = await startTestSandbox({ grafanaVersion, database: 'mysql' });
    const dir = await seed(s);
    const before = await snapshot(dir);
    const result = await dashsync(s, dir, ['pull', 'other', '--api', api]);
    expect([result.code, result.stderr], result.stdout).toEqual([0, `${warning}\n`]);
    expect(result.stdout).toContain('created  dashboards/other.json');
    expect((await snapshot(dir)).filter((file) => !file.startsWith('other.json'))).toEqual(before);
  });

  it.each(BINARY)('on $database, where ops and OPS are two folders, pull writes OPS into a directory of its own as before', async (database) => {
    const s = await startTestSandbox({ grafanaVersion, database });
    const dir = await folderTwins(s);
    const result = await dashsync(s, dir, ['pull', '--api', api, '--prune']);
    expect([result.code, besidesHeldUnknown(result.stderr)]).toEqual([0, []]);
    const written = await files(dir);
    expect(written).toContain('ops/_folder.json');
    // OPS gets a directory of its own where a file goes into it (x moved there); where x is kept in ops (through /api the
    // live version is dashsync's, the file newer), none is left behind holding only its _folder.json (nl-58b).
    // The file's content was written by hand, never Grafana's: the line names its commit (pull-62).
    const moved = /^moved {2}dashboards\/ops\/x\.json → dashboards\/ops-ops\/x\.json(: changed in Grafana \(.*\): Grafana's version replaces the content of commit [0-9a-f]{12}, which Grafana never had \(git show [0-9a-f]{12}:dashboards\/ops\/x\.json\))?$/m.test(result.stdout);
    expect(written.filter((file) => file.startsWith('ops-ops/')).sort()).toEqual(moved ? ['ops-ops/_folder.json', 'ops-ops/x.json'] : []);
  });

  it.each(BINARY)('on $database, where lib reads as absent, pull --prune writes LIB into a file of its own as before', async (database) => {
    const s = await startTestSandbox({ grafanaVersion, database });
    const dir = await libraryTwins(s);
    const result = await dashsync(s, dir, ['pull', '--api', api, '--prune']);
    expect([result.code, besidesHeldUnknown(result.stderr)]).toEqual([0, []]);
    expect(await files(dir)).toEqual(expect.arrayContaining(['_library/panel-lib.json']));
  });
});

describe.each(cases)('the no-file hint against Grafana $grafanaVersion (api $api) holding ABC, with abc.json committed', ({ grafanaVersion, api }) => {
  it('over MySQL: a pull counts only the dashboards --all would write, not ABC, which it refuses', async () => {
    const s = await startTestSandbox({ grafanaVersion, database: 'mysql' });
    await saveDashboard(s, { uid: 'ABC', title: 'Upper', schemaVersion: 42 });
    const dir = await treeWithAbc();
    const alone = await dashsync(s, dir, ['pull', '--api', api]);
    expect([alone.code, alone.stderr.split('\n').filter((line) => line.includes('abc'))]).toEqual([1, [LINE]]);
    expect(alone.stdout).not.toMatch(/no file in the tree/);
    await saveDashboard(s, { uid: 'other', title: 'Other', schemaVersion: 42 });
    const beside = await dashsync(s, dir, ['pull', '--api', api]);
    expect(beside.stdout).toMatch(/^1 dashboard in Grafana has no file in the tree /m);
  });

  it.each(BINARY)('on $database, ABC is a dashboard without a file like any other and is counted', async (database) => {
    const s = await startTestSandbox({ grafanaVersion, database });
    await saveDashboard(s, { uid: 'ABC', title: 'Upper', schemaVersion: 42 });
    await saveDashboard(s, { uid: 'other', title: 'Other', schemaVersion: 42 });
    const dir = await treeWithAbc();
    const result = await dashsync(s, dir, ['pull', '--api', api]);
    expect(result.stdout).toMatch(/^2 dashboards in Grafana have no file in the tree /m);
  });
});

describe.each(cases)('a refused ABC in its own folder with its own library panel, on Grafana $grafanaVersion (api $api) over MySQL', ({ grafanaVersion, api }) => {
  it('neither the hint nor pull --all counts or writes the folder and library panel only ABC has', async () => {
    const s = await startTestSandbox({ grafanaVersion, database: 'mysql' });
    await createFolder(s, { uid: 'team', title: 'Team' });
    await createLibraryPanel(s, 'q', 'team');
    await saveDashboard(s, { uid: 'ABC', title: 'Upper', schemaVersion: 42, panels: [libraryPanelRef(1, 'q')] }, 'team');
    await saveDashboard(s, { uid: 'other', title: 'Other', schemaVersion: 42 });
    const dir = await treeWithAbc();
    const refresh = await dashsync(s, dir, ['pull', '--api', api]);
    expect(refresh.stdout).toMatch(/^1 dashboard in Grafana has no file in the tree \(/m);
    const all = await dashsync(s, dir, ['pull', '--api', api, '--all']);
    expect([all.code, all.stderr]).toEqual([1, `${LINE}\n`]);
    expect(await files(dir)).toEqual(['abc.json', 'other.json']);
  });
});

// An Editor token's read of ops is refused (403) whether Grafana holds no ops (PostgreSQL) or finds OPS (MySQL):
// Grafana checks folders:read on the uid as requested before the lookup. Before the fix pull ended on the raw 403.
const unreadableFolderLine =
  'dashboards/ops/_folder.json: error: Grafana refused a read of uid "ops" (403), so dashsync cannot tell whether it is the folder "OPS" in another case ' +
  '(one uid when Grafana runs on MySQL, which compares uids without case) or a new one: nothing was written; ' +
  'give the file the uid "OPS", or run with credentials that may read all folders (an org Admin) (uid-case-twin-unreadable)';

describe.each(['postgres', 'mysql'] as const)('pull with an Editor token against Grafana 12 (api legacy) on %s holding folder OPS, with ops committed', (database) => {
  it('stops with one line naming both uids and the 403, and writes nothing', async () => {
    const s = await startTestSandbox({ grafanaVersion: '12', database });
    const dir = await folderTwins(s);
    const token = await s.createToken('Editor');
    const before = await snapshot(dir);
    for (const args of [['pull', '--api', 'legacy'], ['pull', '--api', 'legacy', '--prune'], ['pull', '--api', 'legacy', 'x']]) {
      const result = await runCliInProcess(args, { cwd: dir, env: { GRAFANA_URL: s.url, GRAFANA_TOKEN: token } });
      expect([result.code, result.stderr, result.stdout], args.join(' ')).toEqual([1, `${unreadableFolderLine}\n`, NOTHING_PULLED]);
      expect(await snapshot(dir)).toEqual(before);
    }
  });
});

describe('pull against Grafana 12 over MySQL holding library variable LIB, with a library panel lib committed', () => {
  it('stops with one line that calls LIB a library variable', async () => {
    const s = await startTestSandbox({ grafanaVersion: '12', database: 'mysql' });
    await apiRequest(s, 'POST', '/api/library-elements', { uid: 'LIB', name: 'Var', kind: 2, model: { type: 'query', name: 'var' }, folderUid: '' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards', '_library'), { recursive: true });
    await writeFile(join(dir, 'dashboards', '_library', 'lib.json'), `${JSON.stringify({ uid: 'lib', name: 'Panel LIB', kind: 1, model: { type: 'stat', title: 'LIB' } }, null, 2)}\n`);
    await commitAll(dir);
    const result = await dashsync(s, dir, ['pull']);
    expect([result.code, result.stderr]).toEqual([
      1,
      'dashboards/_library/lib.json: error: uid "lib" differs only in case from the library variable "LIB" in Grafana, which compares uids without case when it runs on MySQL ' +
        '(a read of "lib" answers "LIB"): pull writes nothing while it would write that panel (a refresh, --all and --prune always would; a --folder or uid pull when it takes the panel, its folder or a dashboard using it), ' +
        'since to Grafana this file\'s uid names that variable, not a panel; ' +
        'give the file the uid "LIB" and pull again, or rename or delete "LIB" in Grafana (uid-case-twin-in-grafana)\n',
    ]);
  });
});
