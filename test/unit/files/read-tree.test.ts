import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import { describeModelText } from '../../../src/files/model-text.js';
import { readTree } from '../../../src/files/read-tree.js';
import { readFileSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { hashText } from '../../../src/files/hash-text.js';
import { dashboard, makeTempTree, type TempTree, type TreeSpec } from './make-tree.js';

let tree: TempTree | undefined;
afterEach(async () => {
  await tree?.cleanup();
  tree = undefined;
});

/** The digest readTree records: of the file's bytes, so any edit between two reads is seen. */
function fileHash(file: string): string {
  return hashText(readFileSync(join(tree!.dir, file), 'utf8'));
}

async function readSpec(spec: TreeSpec, options: Partial<Parameters<typeof readTree>[0]> = {}) {
  tree = await makeTempTree(spec);
  return readTree({
    root: 'dashboards',
    cwd: tree.dir,
    include: [],
    exclude: [],
    inputs: {},
    minRefreshInterval: '5s',
    ...options,
  });
}

describe('readTree: folders and entries', () => {
  it('indexes nested folders, _folder.json and root-level dashboards', async () => {
    const { tree: result, diagnostics } = await readSpec({
      'dashboards/home.json': dashboard('home', 'Home'),
      'dashboards/platform/_folder.json': { uid: 'platform', title: 'Platform Team' },
      'dashboards/platform/kubernetes/nodes.json': dashboard('nodes', ' Nodes ', { id: 9, version: 3 }),
      'dashboards/apps/checkout/api.json': { dashboard: dashboard('api', 'API'), meta: { version: 2 } },
    }, { describeModels: true });
    expect(diagnostics).toEqual([]);
    expect(result.root).toBe(join(tree!.dir, 'dashboards'));
    expect(result.folders).toEqual([
      // Holding only a subdirectory (and a _folder.json): managed only where git shows it held a dashboard.
      { dir: 'apps', uid: deriveFolderUid('apps'), title: 'apps', parentUid: null, source: 'derived', passThrough: true },
      {
        dir: 'apps/checkout',
        uid: deriveFolderUid('apps/checkout'),
        title: 'checkout',
        parentUid: deriveFolderUid('apps'),
        source: 'derived',
      },
      { dir: 'platform', uid: 'platform', title: 'Platform Team', parentUid: null, source: 'folder-file', passThrough: true },
      {
        dir: 'platform/kubernetes',
        uid: deriveFolderUid('platform/kubernetes'),
        title: 'kubernetes',
        parentUid: 'platform',
        source: 'derived',
      },
    ]);
    expect(result.dashboards).toEqual([
      {
        file: 'dashboards/apps/checkout/api.json',
        absPath: join(tree!.dir, 'dashboards/apps/checkout/api.json'),
        dir: 'apps/checkout',
        folderUid: deriveFolderUid('apps/checkout'),
        uid: 'api',
        title: 'API',
        contentHash: fileHash('dashboards/apps/checkout/api.json'),
        form: 'model',
        schema: 'v1',
        apiVersion: null,
        metadata: { labels: {}, annotations: {} },
        libraryPanels: [],
        // Keys out of Go's order, or the file's own id and version: no answer could be this model.
        modelText: null,
        schemaVersion: 0,
      },
      {
        file: 'dashboards/home.json',
        absPath: join(tree!.dir, 'dashboards/home.json'),
        dir: '',
        folderUid: null,
        uid: 'home',
        title: 'Home',
        contentHash: fileHash('dashboards/home.json'),
        form: 'model',
        schema: 'v1',
        apiVersion: null,
        metadata: { labels: {}, annotations: {} },
        libraryPanels: [],
        // Keys out of Go's order, or the file's own id and version: no answer could be this model.
        modelText: null,
        schemaVersion: 0,
      },
      {
        file: 'dashboards/platform/kubernetes/nodes.json',
        absPath: join(tree!.dir, 'dashboards/platform/kubernetes/nodes.json'),
        dir: 'platform/kubernetes',
        folderUid: deriveFolderUid('platform/kubernetes'),
        uid: 'nodes',
        title: 'Nodes',
        contentHash: fileHash('dashboards/platform/kubernetes/nodes.json'),
        form: 'model',
        schema: 'v1',
        apiVersion: null,
        metadata: { labels: {}, annotations: {} },
        libraryPanels: [],
        // Keys out of Go's order, or the file's own id and version: no answer could be this model.
        modelText: null,
        schemaVersion: 0,
      },
    ]);
  });

  it('describes how /api would answer with a classic model in canonical form, not a resource', async () => {
    const model = { title: 'A', uid: 'a' };
    const { tree: read } = await readSpec({
      'dashboards/a.json': model,
      'dashboards/b.json': { apiVersion: 'dashboard.grafana.app/v1', kind: 'Dashboard', metadata: { name: 'b' }, spec: { title: 'B' } },
    }, { describeModels: true });
    expect(read.dashboards.map((entry) => [entry.uid, entry.modelText])).toEqual([
      ['a', describeModelText(readFileSync(join(tree!.dir, 'dashboards/a.json')))],
      ['b', null],
    ]);
    expect(read.dashboards[0]!.modelText).not.toBeNull();
  });

  it('describes no model unless asked (a run on /apis alone compares no /api answer with it)', async () => {
    const spec = { 'dashboards/a.json': { title: 'A', uid: 'a' }, 'dashboards/b.json': { title: 'B', uid: 'b' } };
    const { tree: read } = await readSpec(spec);
    expect(read.dashboards.map((entry) => entry.modelText)).toEqual([null, null]);
    await tree!.cleanup();
    const { tree: described } = await readSpec(spec, { describeModels: true });
    expect(described.dashboards.map((entry) => entry.modelText)).toEqual([
      describeModelText(readFileSync(join(tree!.dir, 'dashboards/a.json'))),
      describeModelText(readFileSync(join(tree!.dir, 'dashboards/b.json'))),
    ]);
  });

  it('records a digest of the file bytes: a whitespace-only edit changes it', async () => {
    const { tree: first } = await readSpec({ 'dashboards/a.json': dashboard('a', 'A', { refresh: '1s' }) });
    const before = first.dashboards[0]!.contentHash;
    expect(before).toBe(fileHash('dashboards/a.json'));
    await tree!.write({ 'dashboards/a.json': `${readFileSync(join(tree!.dir, 'dashboards/a.json'), 'utf8')}\n` });
    const again = await readTree({ root: 'dashboards', cwd: tree!.dir, include: [], exclude: [], inputs: {}, minRefreshInterval: '5s' });
    expect(again.tree.dashboards[0]!.contentHash).not.toBe(before);
  });

  it('makes a directory holding only subdirectories a folder too', async () => {
    const { tree: result } = await readSpec({ 'dashboards/a/b/x.json': dashboard('x', 'X') });
    expect(result.folders.map((f) => [f.dir, f.parentUid])).toEqual([
      ['a', null],
      ['a/b', deriveFolderUid('a')],
    ]);
  });

  it('ignores directories without dashboards, even with a _folder.json', async () => {
    const { tree: result } = await readSpec({
      'dashboards/x.json': dashboard('x', 'X'),
      'dashboards/empty/_folder.json': { uid: 'empty', title: 'Empty' },
    });
    expect(result.folders).toEqual([]);
  });

  it('skips node_modules, dot-directories, dot-files and non-JSON files', async () => {
    const { tree: result } = await readSpec({
      'dashboards/a.json': dashboard('a', 'A'),
      'dashboards/node_modules/pkg/b.json': dashboard('b', 'B'),
      'dashboards/team/node_modules/c.json': dashboard('c', 'C'),
      'dashboards/.git/d.json': dashboard('d', 'D'),
      'dashboards/.hidden.json': dashboard('e', 'E'),
      'dashboards/README.md': '# not a dashboard',
    });
    expect(result.dashboards.map((d) => d.file)).toEqual(['dashboards/a.json']);
  });

  it('does not follow a symlink out of the root, reads a link to a tree file once, and says so for each', async () => {
    tree = await makeTempTree({
      'outside/secret.json': dashboard('secret', 'Secret'),
      'outside/dir/other.json': dashboard('other', 'Other'),
      'dashboards/real/a.json': dashboard('a', 'A'),
      'dashboards/.shared/s.json': dashboard('s', 'S'),
    });
    await tree.symlink(join(tree.dir, 'outside/secret.json'), 'dashboards/linked.json');
    await tree.symlink(join(tree.dir, 'outside/dir'), 'dashboards/linked-dir');
    await tree.symlink(join(tree.dir, 'dashboards/real/a.json'), 'dashboards/alias/b.json');
    await tree.symlink('../real/a.json', 'dashboards/alias/c.json');
    await tree.symlink(join(tree.dir, 'dashboards/gone.json'), 'dashboards/dangling.json');
    // A target the walk does not list (below a dot-directory) is read at the link, once.
    await tree.symlink(join(tree.dir, 'dashboards/.shared/s.json'), 'dashboards/s1.json');
    await tree.symlink(join(tree.dir, 'dashboards/.shared/s.json'), 'dashboards/s2.json');
    const { tree: result, diagnostics } = await readTree({
      root: 'dashboards', cwd: tree.dir, include: [], exclude: [], inputs: {}, minRefreshInterval: '5s',
    });
    expect(result.dashboards.map((d) => d.file)).toEqual(['dashboards/real/a.json', 'dashboards/s1.json']);
    expect(diagnostics.map((d) => [d.file, d.severity, d.rule])).toEqual([
      ['dashboards/alias/b.json', 'warning', 'symlink-alias'],
      ['dashboards/alias/c.json', 'warning', 'symlink-alias'],
      ['dashboards/dangling.json', 'warning', 'symlink-outside'],
      ['dashboards/linked-dir', 'warning', 'symlink-dir'],
      ['dashboards/linked.json', 'warning', 'symlink-outside'],
      ['dashboards/s2.json', 'warning', 'symlink-alias'],
    ]);
    expect(diagnostics[0]!.message).toBe(
      "not read: a symlink to dashboards/real/a.json, which the tree reads: one file, counted once, in dashboards/real/a.json's folder; remove the link",
    );
    expect(diagnostics[5]!.message).toContain('a symlink to dashboards/s1.json');
    // walk-through 19 F-4: a directory link was skipped without a word, and prune deleted the dashboards behind it.
    // stop-52 §12.5: a run that does not prune lists nothing below it.
    expect(diagnostics[3]!.message).toBe(
      `not read: a symlink to a directory (${await realpath(join(tree.dir, 'outside/dir'))}); dashsync does not follow directory links (this run does not prune, so nothing below it is read; a prune reads the uid of each file below it and keeps the dashboards they name): copy the files in, or make it a git submodule`,
    );
    expect(result.linkedDashboardUids).toBeUndefined();
    const pruning = await readTree({ root: 'dashboards', cwd: tree.dir, include: [], exclude: [], inputs: {}, minRefreshInterval: '5s', pruneRun: 'plan' });
    expect(pruning.diagnostics[3]!.message).toBe(
      `not read: a symlink to a directory (${await realpath(join(tree.dir, 'outside/dir'))}); dashsync does not follow directory links (prune keeps the dashboard its 1 file names, but nothing is planned from it): copy the files in, or make it a git submodule`,
    );
    // stop-52 §12.5: so does the file a link out of the root reaches (secret.json), on a run that prunes.
    expect(pruning.tree.linkedDashboardUids).toEqual(new Map([['other', 'dashboards/linked-dir/other.json'], ['secret', 'dashboards/linked.json']]));
    // The directories holding only links are still there: no folder, but not ones that left the tree.
    expect(result.dirsWithoutDashboards).toEqual(['alias']);
  });

  it('applies include and exclude globs relative to the root, still seeing folder files', async () => {
    const spec = {
      'dashboards/team-a/_folder.json': { uid: 'team-a', title: 'Team A' },
      'dashboards/team-a/x.json': dashboard('x', 'X'),
      'dashboards/team-a/sub/y.json': dashboard('y', 'Y'),
      'dashboards/team-b/z.json': dashboard('z', 'Z'),
    };
    const included = await readSpec(spec, { include: ['team-a/sub/**'] });
    expect(included.tree.dashboards.map((d) => [d.file, d.folderUid])).toEqual([
      ['dashboards/team-a/sub/y.json', deriveFolderUid('team-a/sub')],
    ]);
    expect(included.tree.folders.map((f) => [f.dir, f.uid, f.parentUid])).toEqual([
      ['team-a', 'team-a', null],
      ['team-a/sub', deriveFolderUid('team-a/sub'), 'team-a'],
    ]);
    await tree!.cleanup();
    const excluded = await readSpec(spec, { exclude: ['team-a/**'] });
    expect(excluded.tree.dashboards.map((d) => d.file)).toEqual(['dashboards/team-b/z.json']);
    await tree!.cleanup();
    const byDirectory = await readSpec(spec, { include: ['./team-a/'], exclude: ['team-a/sub'] });
    expect(byDirectory.tree.dashboards.map((d) => d.file)).toEqual(['dashboards/team-a/x.json']);
    await tree!.cleanup();
    const byFile = await readSpec(spec, { include: ['team-b/z.json'] });
    expect(byFile.tree.dashboards.map((d) => d.file)).toEqual(['dashboards/team-b/z.json']);
  });

  it('warns of an include or exclude glob that matches no file, and refuses a glob written with "\\" as the directory separator', async () => {
    const spec = {
      'dashboards/ops team/long.json': dashboard('long', 'Long'),
      'dashboards/ops team/short.json': dashboard('short', 'Short'),
    };
    const selectionFrom = { include: '--include', exclude: 'the "exclude" of dashsync.config.json' };
    const typo = await readSpec(spec, { exclude: ['ops team/long.json', 'nonexistent/*.json'], selectionFrom, configFile: 'dashsync.config.json' });
    expect(typo.tree.dashboards.map((d) => d.file)).toEqual(['dashboards/ops team/short.json']);
    expect(typo.diagnostics).toEqual([
      {
        file: 'dashsync.config.json',
        severity: 'warning',
        rule: 'glob-unmatched',
        message:
          'exclude glob "nonexistent/*.json" (the "exclude" of dashsync.config.json) matches no file below dashboards, so it keeps nothing out (globs are relative to the root: "team-a" is the directory, "team-a/**/*.json" its files); check it',
      },
    ]);
    await tree!.cleanup();
    // One include of two matching nothing was dropped silently: the other one's files were the whole run.
    const halfIncluded = await readSpec(spec, { include: ['ops team/short.json', 'ops team\\*.json'] });
    expect(halfIncluded.diagnostics.map((d) => [d.file, d.message])).toEqual([
      [
        '--include',
        'include glob "ops team\\*.json" (--include) matches no file below dashboards, so it selects nothing (globs are relative to the root: "team-a" is the directory, "team-a/**/*.json" its files; a "\\" escapes the next character, and directories are separated by "/"); check it',
      ],
    ]);
    await tree!.cleanup();
    // As Windows writes a path: fast-glob reads "\\l" as an escaped "l", so the exclude kept nothing out.
    await expect(readSpec(spec, { exclude: ['ops team\\long.json'], selectionFrom })).rejects.toThrow(
      'glob "ops team\\long.json" (the "exclude" of dashsync.config.json) holds a "\\", which in a glob escapes the next character and never separates directories, also on Windows: write "ops team/long.json"',
    );
  });

  // tree-55's walk of odd trees: a file named with glob characters, typed as it is, picked or kept out other files unsaid.
  it('a glob that is the name of a file yet matches other files as a glob is a warning giving the glob of that file alone', async () => {
    const spec = { 'dashboards/ops/[draft].json': dashboard('draft', 'Draft'), 'dashboards/ops/a.json': dashboard('a', 'A'), 'dashboards/ops/b.json': dashboard('b', 'B') };
    const included = await readSpec(spec, { include: ['ops/[draft].json'] });
    expect(included.tree.dashboards.map((d) => d.uid)).toEqual(['draft', 'a']);
    expect(included.diagnostics.map((d) => [d.file, d.severity, d.rule, d.message])).toEqual([
      ['--include', 'warning', 'glob-file-name', 'include glob "ops/[draft].json" (--include) is the name of the file ops/[draft].json, but as a glob it selects ops/a.json too; write "ops/\\[draft\\].json" to name that file alone (a "\\" before a glob character makes it literal)'],
    ]);
    await tree!.cleanup();
    const excluded = await readSpec(spec, { exclude: ['ops/[draft].json'] });
    expect(excluded.tree.dashboards.map((d) => d.uid)).toEqual(['b']);
    expect(excluded.diagnostics.map((d) => d.message)).toEqual([
      'exclude glob "ops/[draft].json" (--exclude) is the name of the file ops/[draft].json, but as a glob it keeps out ops/a.json too; write "ops/\\[draft\\].json" to name that file alone (a "\\" before a glob character makes it literal)',
    ]);
    await tree!.cleanup();
    // Written so, it names that file alone, and nothing is said.
    const escaped = await readSpec(spec, { include: ['ops/\\[draft\\].json'] });
    expect([escaped.tree.dashboards.map((d) => d.uid), escaped.diagnostics]).toEqual([['draft'], []]);
  });

  // tree-55's walk of odd trees: a dashboard saved into _library/ got four library panel errors, none saying what it is.
  it('a dashboard in a _library/ directory is one error saying so and where it goes', async () => {
    const { diagnostics } = await readSpec({ 'dashboards/ops/a.json': dashboard('a', 'A'), 'dashboards/ops/_library/cpu.json': dashboard('cpu', 'CPU') });
    expect(diagnostics).toEqual([{
      file: 'dashboards/ops/_library/cpu.json', line: 1, col: 1, severity: 'error', rule: 'library-file-dashboard',
      message: 'this is a dashboard ("panels"), not a library panel: every file in a _library/ directory is read as a library panel; move it to the directory that holds _library/ (its folder\'s dashboards)',
    }]);
  });

  // tree-55's walk of odd trees: an emptied _folder.json or _library/ file was told "a dashboard file holds one JSON object".
  it('an empty _folder.json or _library/ file is told what it holds, not what a dashboard file holds', async () => {
    const { diagnostics } = await readSpec({ 'dashboards/ops/a.json': dashboard('a', 'A'), 'dashboards/ops/_folder.json': '', 'dashboards/ops/_library/lp.json': '\n' });
    expect(diagnostics.map((d) => [d.file, d.line, d.col, d.rule, d.message])).toEqual([
      ['dashboards/ops/_folder.json', 1, 1, 'json-syntax', 'the file is empty; a _folder.json holds one JSON object like { "uid": "team-a", "title": "Team A" }'],
      ['dashboards/ops/_library/lp.json', 1, 1, 'json-syntax', 'the file is empty; a _library/ file holds one library panel, a JSON object like { "uid": …, "name": …, "model": {…} }'],
    ]);
  });

  it('with unselectedUids, learns the uid of every file the selection leaves out, and keeps their directories as the tree\'s', async () => {
    const spec = {
      'dashboards/team-a/x.json': dashboard('x', 'X'),
      // Outside the selection: an export whose input this environment does not map, a resource, the API wrapper, a library panel.
      'dashboards/experiments/deep/wip.json': { ...dashboard('wip', 'WIP'), panels: [{ datasource: { uid: '${DS_STAGING_ONLY}' } }] },
      'dashboards/experiments/res.json': { apiVersion: 'dashboard.grafana.app/v2beta1', kind: 'Dashboard', metadata: { name: ' res ' }, spec: { title: 'R', elements: {}, layout: {} } },
      'dashboards/wrapped.json': { dashboard: dashboard('wrapped', 'Wrapped'), meta: {} },
      'dashboards/experiments/_library/lp.json': { uid: 'lp-exp', name: 'LP', model: { type: 'stat' } },
    };
    const { tree: read, diagnostics } = await readSpec(spec, { include: ['team-a/**'], unselectedUids: { selection: '--include' } });
    expect(diagnostics).toEqual([]);
    expect(read.dashboards.map((d) => d.uid)).toEqual(['x']);
    expect([...read.outsideSelection!.dashboardUids].sort()).toEqual(['res', 'wip', 'wrapped']);
    expect([...read.outsideSelection!.libraryPanelUids]).toEqual(['lp-exp']);
    // No folder is made for them, but prune sees them (idle), parents included.
    expect(read.folders.map((f) => f.dir)).toEqual(['team-a']);
    expect(read.idleFolders.map((f) => [f.dir, f.uid, f.parentUid])).toEqual([
      ['experiments', deriveFolderUid('experiments'), null],
      ['experiments/deep', deriveFolderUid('experiments/deep'), deriveFolderUid('experiments')],
    ]);
    await tree!.cleanup();

    // Without unselectedUids (prune off) nothing outside the selection is read.
    const unread = await readSpec({ ...spec, 'dashboards/experiments/broken.json': '{' }, { include: ['team-a/**'] });
    expect([unread.diagnostics, unread.tree.outsideSelection]).toEqual([[], undefined]);
  });

  it('with a selection, a selected link to a file the selection leaves out is read at the link: the dashboard is planned once, not zero times (review-6 #17)', async () => {
    tree = await makeTempTree({
      'dashboards/other/x.json': dashboard('x', 'X'),
      'dashboards/other/y.json': dashboard('y', 'Y'),
      'dashboards/sel/own.json': dashboard('own', 'Own'),
    });
    await tree.symlink('../other/x.json', 'dashboards/sel/x.json');
    // An unselected link to the same file is the selected link again.
    await tree.symlink('../other/x.json', 'dashboards/more/x-again.json');
    const { tree: result, diagnostics } = await readTree({
      root: 'dashboards', cwd: tree.dir, include: ['sel/**'], exclude: [], inputs: {}, minRefreshInterval: '5s', unselectedUids: { selection: '--include' },
    });
    expect(result.dashboards.map((d) => [d.file, d.uid])).toEqual([['dashboards/sel/own.json', 'own'], ['dashboards/sel/x.json', 'x']]);
    expect([...result.outsideSelection!.dashboardUids]).toEqual(['y']);
    expect(diagnostics.map((d) => [d.file, d.rule, d.message])).toEqual([
      ['dashboards/more/x-again.json', 'symlink-alias', "not read: a symlink to dashboards/sel/x.json, which the tree reads: one file, counted once, in dashboards/sel/x.json's folder; remove the link"],
    ]);
  });

  it('with unselectedUids, a file outside the selection that names no uid is an error naming the file and the list', async () => {
    const { diagnostics } = await readSpec(
      {
        'dashboards/team-a/x.json': dashboard('x', 'X'),
        'dashboards/experiments/broken.json': '{\n  "uid": "b",\n}',
        'dashboards/experiments/no-uid.json': { title: 'No uid', panels: [] },
        'dashboards/experiments/list.json': '[]',
        'dashboards/experiments/_library/lp.json': { name: 'LP', model: {} },
      },
      { exclude: ['experiments/**'], unselectedUids: { selection: 'environment "production"\'s exclude in dashsync.config.json' } },
    );
    const why = (cause: string) =>
      `outside this run's selection (environment "production"'s exclude in dashsync.config.json), yet prune needs the uid of every file of the tree, and this one names none (${cause}); fix it (dashsync check), or run without prune`;
    expect(diagnostics).toEqual([
      { file: 'dashboards/experiments/_library/lp.json', line: 1, col: 1, severity: 'error', rule: 'prune-needs-uid', message: why('it has no "uid"') },
      { file: 'dashboards/experiments/broken.json', line: 2, col: 13, severity: 'error', rule: 'prune-needs-uid', message: why('trailing comma: JSON does not allow a comma before a closing brace or bracket') },
      { file: 'dashboards/experiments/list.json', line: 1, col: 1, severity: 'error', rule: 'prune-needs-uid', message: why('it holds no JSON object') },
      { file: 'dashboards/experiments/no-uid.json', line: 1, col: 1, severity: 'error', rule: 'prune-needs-uid', message: why('it has no "uid"') },
    ]);
  });

  it('shows paths relative to cwd when the root is elsewhere', async () => {
    tree = await makeTempTree({ 'repo/dashboards/a.json': dashboard('a', 'A') });
    const result = await readTree({
      root: 'repo/dashboards', cwd: tree.dir, include: [], exclude: [], inputs: {}, minRefreshInterval: '5s',
    });
    expect(result.tree.dashboards[0]!.file).toBe('repo/dashboards/a.json');
  });

  it('refuses a root that does not exist', async () => {
    await expect(readSpec({}, { root: 'nope' })).rejects.toThrow(/dashboards root not found: .*nope/);
  });
});

describe('readTree: diagnostics', () => {
  it('reads every file and reports every problem, sorted by file', async () => {
    const { tree: result, diagnostics } = await readSpec({
      'dashboards/a.json': '{"uid": "dup", "title": "A"}',
      'dashboards/b.json': '{\n  "title": "B",\n  "uid": "dup"\n}',
      'dashboards/broken.json': '{"uid": "c",',
      'dashboards/no-uid.json': '{"title": "No uid"}',
      'dashboards/long.json': `{"title": "L", "uid": "${'x'.repeat(41)}"}`,
      'dashboards/input.json': '{"title": "I", "uid": "i", "panels": [{"datasource": "${DS_PROMETHEUS}"}]}',
    });
    expect(diagnostics).toEqual([
      {
        file: 'dashboards/a.json',
        line: 1,
        col: 9,
        severity: 'error',
        rule: 'uid-duplicate',
        message: 'uid "dup" is also used by dashboards/b.json: every dashboard needs its own uid; for a copy, remove its "uid" and run dashsync check --fix (it writes a new one)',
        uid: 'dup',
      },
      {
        file: 'dashboards/b.json',
        line: 3,
        col: 10,
        severity: 'error',
        rule: 'uid-duplicate',
        message: 'uid "dup" is also used by dashboards/a.json: every dashboard needs its own uid; for a copy, remove its "uid" and run dashsync check --fix (it writes a new one)',
        uid: 'dup',
      },
      {
        file: 'dashboards/broken.json',
        line: 1,
        col: 13,
        severity: 'error',
        rule: 'json-syntax',
        message: 'unexpected end of file (missing closing brace for the "{" at line 1, col 1)',
      },
      {
        file: 'dashboards/input.json',
        line: 1,
        col: 54,
        severity: 'error',
        rule: 'input-unmapped',
        message:
          'input DS_PROMETHEUS is not mapped: add "inputs": { "DS_PROMETHEUS": "<datasource uid>" } to dashsync.config.json',
      },
      {
        file: 'dashboards/long.json',
        line: 1,
        col: 23,
        severity: 'error',
        rule: 'uid-too-long',
        message: `uid "${'x'.repeat(41)}" is 41 characters; Grafana allows at most 40: shorten it, or remove it and run \`dashsync check --fix\` to add a stable one`,
      },
      {
        file: 'dashboards/no-uid.json',
        line: 1,
        col: 1,
        severity: 'error',
        rule: 'uid-missing',
        message: 'dashboard has no "uid": if it already exists in Grafana (a file exported or written by another tool, such as Terraform), `dashsync pull` writes it with its uid (a new uid would make a second copy); else run `dashsync check --fix` to add a stable one',
      },
    ]);
    expect(result.dashboards.map((d) => d.file)).toEqual(['dashboards/a.json', 'dashboards/b.json']);
  });

  it('reports an invalid _folder.json and falls back to the derived folder', async () => {
    const { tree: result, diagnostics } = await readSpec({
      'dashboards/team/_folder.json': '{\n  "uid": "bad uid",\n  "name": "Team"\n}',
      'dashboards/team/x.json': dashboard('x', 'X'),
    });
    expect(diagnostics).toEqual([
      {
        file: 'dashboards/team/_folder.json',
        line: 1,
        col: 1,
        severity: 'error',
        rule: 'folder-file-invalid',
        message: '_folder.json needs a non-empty string "title"',
      },
      {
        file: 'dashboards/team/_folder.json',
        line: 2,
        col: 10,
        severity: 'error',
        rule: 'folder-file-invalid',
        message: 'folder uid "bad uid" may only contain letters, digits, "-" and "_": write one that does',
      },
      {
        file: 'dashboards/team/_folder.json',
        line: 3,
        col: 11,
        severity: 'error',
        rule: 'folder-file-invalid',
        message: 'unknown key "name" in _folder.json (allowed: uid, title, parentOnly)',
      },
    ]);
    expect(result.folders).toMatchObject([{ dir: 'team', uid: deriveFolderUid('team'), source: 'derived' }]);
  });

  it.each([
    ['[]', '_folder.json must be an object like { "uid": "team-a", "title": "Team A" }'],
    ['{"uid": "general", "title": "T"}', 'folder uid "general" is reserved by Grafana; choose another'],
    [`{"uid": "${'f'.repeat(41)}", "title": "T"}`, `folder uid "${'f'.repeat(41)}" is 41 characters; Grafana allows at most 40: shorten it`],
  ])('_folder.json %s is invalid', async (text, message) => {
    const { diagnostics } = await readSpec({ 'dashboards/t/_folder.json': text, 'dashboards/t/x.json': dashboard('x', 'X') });
    expect(diagnostics).toMatchObject([{ rule: 'folder-file-invalid', message }]);
  });

  it('reports two directories with the same folder uid', async () => {
    const { diagnostics } = await readSpec({
      'dashboards/a/_folder.json': { uid: 'team', title: 'A' },
      'dashboards/a/x.json': dashboard('x', 'X'),
      'dashboards/b/_folder.json': '{"title": "B", "uid": "team"}',
      'dashboards/b/y.json': dashboard('y', 'Y'),
    });
    expect(diagnostics).toEqual([
      {
        file: 'dashboards/b/_folder.json',
        line: 1,
        col: 23,
        severity: 'error',
        rule: 'folder-uid-duplicate',
        message: 'folder uid "team" is also used by dashboards/a/_folder.json: each folder needs its own uid; give one of them another "uid" in its _folder.json',
        uid: 'team',
      },
    ]);
  });

  it('reports a dashboard whose uid is a folder uid on both files, each saying what to do (plan shows what check shows)', async () => {
    const { diagnostics } = await readSpec({
      'dashboards/ops/_folder.json': { uid: 'ops', title: 'Ops' },
      'dashboards/ops/x.json': '{"title": "X", "uid": "ops"}',
    });
    expect(diagnostics).toEqual([
      {
        file: 'dashboards/ops/_folder.json',
        line: 2,
        col: 10,
        severity: 'error',
        rule: 'uid-collides-with-folder',
        message: 'folder uid "ops" is also the uid of dashboard dashboards/ops/x.json:1:23: the tree needs each uid once (Grafana 11 and older keep folders and dashboards in one uid space and refuse the second save); give the folder or the dashboard another uid',
        uid: 'ops',
      },
      {
        file: 'dashboards/ops/x.json',
        line: 1,
        col: 23,
        severity: 'error',
        rule: 'uid-collides-with-folder',
        message: 'uid "ops" is also the uid of folder dashboards/ops/_folder.json:2:10: the tree needs each uid once (Grafana 11 and older keep folders and dashboards in one uid space and refuse the second save); give the folder or the dashboard another uid',
        uid: 'ops',
      },
    ]);
  });

  it('reports nesting deeper than Grafana allows once, at the first level too deep', async () => {
    const { diagnostics } = await readSpec({
      'dashboards/1/2/3/4/5/ok.json': dashboard('ok', 'OK'),
      'dashboards/1/2/3/4/5/6/7/deep.json': dashboard('deep', 'Deep'),
    });
    expect(diagnostics).toEqual([
      {
        file: 'dashboards/1/2/3/4/5/6',
        severity: 'error',
        rule: 'folder-too-deep',
        message: 'folder nesting is 6 levels deep here; Grafana allows at most 5 levels of folders (4 above the deepest): move these dashboards up',
      },
    ]);
  });

  it.each([
    [{ 'dashboards/General/x.json': dashboard('x', 'X') }, 'dashboards/General', undefined,
      'a folder cannot be titled "General" (Grafana reserves "General"): if it holds the General level\'s dashboards (as gdg exports them), move its files to the root; else rename the directory or give it a _folder.json with another title'],
    [
      { 'dashboards/g/_folder.json': '{"uid": "g", "title": "general"}', 'dashboards/g/x.json': dashboard('x', 'X') },
      'dashboards/g/_folder.json',
      { line: 1, col: 23 },
      'a folder cannot be titled "general" (Grafana reserves "General"): choose another "title" in _folder.json',
    ],
  ])('refuses a folder titled General (%#)', async (spec, file, at, message) => {
    const { diagnostics } = await readSpec(spec);
    expect(diagnostics).toEqual([{ file, ...at, severity: 'error', rule: 'folder-title-reserved', message }]);
  });
});
