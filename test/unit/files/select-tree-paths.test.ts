import { relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverTree } from '../../../src/files/discover-tree.js';
import { selectTreePaths } from '../../../src/files/select-tree-paths.js';
import { makeTempTree, type TempTree } from './make-tree.js';

const PATHS = [
  'ui-v2.json',
  'api.json',
  'team-a/x.json',
  'team-a/sub/y.json',
  'team-b/staging/a.json',
  'team-b/_library/panel.json',
  '_library/panel.json',
  'deep/er/still/z.json',
  '.hidden/h.json',
  'team-a/.dot.json',
  'Team-C/q.json',
  'team-c/sub/r.json',
  'node_modules/m.json',
  'a b/(x).json',
];

const SELECTIONS: [string[], string[]][] = [
  [[], ['ui-v2.json']],
  [['team-a'], []],
  [[], ['team-a']],
  [['./team-a/'], ['team-a/sub']],
  [['api.json', 'team-a/**/*.json'], ['**/sub/**']],
  [[], ['**/staging']],
  [[], ['**/staging/**']],
  [[], ['_library/**']],
  [[], ['**/_library/**']],
  [['**/*.json'], ['team-*/**']],
  [['{api,ui-v2}.json'], []],
  [['deep/**'], ['deep/er/*.json']],
  // Dotfiles, case, directory patterns with and without wildcards, static paths, braces, globstars.
  [['.hidden/**'], []],
  [[], ['.hidden']],
  [[], ['team-c']],
  [['Team-C'], []],
  [[], ['team-*/sub']],
  [[], ['te*']],
  [[], ['*/sub/*']],
  [['team-a/sub/y.json', 'api.json'], ['team-a/sub']],
  [['team-a/sub/y.json'], ['**/y.json']],
  [['team-{a,b}/**/*.json'], ['team-b/{staging,_library}']],
  [['**/_library/*.json'], ['team-b']],
  [['node_modules/**', 'deep'], []],
  [['a b'], []],
  [[], ['a b/(x).json', 'deep/**/z.json']],
  [['team-?/**'], ['**/sub/', 'team-b/staging/']],
  [['*'], []],
  [['**'], ['**/*.json']],
  [['missing/**', 'missing.json'], ['missing']],
  // A file named as a directory selects nothing below it (the walk from it would fail), alone, beside another glob, inside braces;
  // grouped with a glob walked from the root, fast-glob's `a/**` picks `a` itself, and the walk does the same.
  [['team-a/x.json/**'], []],
  [['team-a/x.json/sub/**', 'team-a/x.json/y.json', 'team-b/**'], []],
  [['{team-a/x.json,team-b}/**'], []],
  [['api.json/**', '**/z.json'], []],
]

describe('selectTreePaths: the selection of files that need not exist, as discoverTree selects them on disk', () => {
  let tree: TempTree;
  beforeAll(async () => {
    tree = await makeTempTree(Object.fromEntries(PATHS.map((path) => [path, {}])));
  });
  afterAll(() => tree.cleanup());

  it.each(SELECTIONS)('include %j, exclude %j', async (include, exclude) => {
    const found = await discoverTree({ root: tree.dir, include, exclude, emptySelectionIsError: false });
    const onDisk = [...found.dashboardFiles, ...found.libraryFiles].map((path) => relative(tree.dir, path).split('\\').join('/')).sort();

    expect([...selectTreePaths(PATHS, include, exclude)].sort()).toEqual(onDisk);
  });

  it('selects nothing from no paths, and every path without include or exclude', () => {
    expect(selectTreePaths([], ['team-a'], [])).toEqual(new Set());
    expect(selectTreePaths(PATHS, [], [])).toEqual(new Set(PATHS.filter((path) => !/(^|\/)(\.|node_modules\/)/.test(path))));
  });
});
