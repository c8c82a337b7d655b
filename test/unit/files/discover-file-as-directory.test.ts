import { afterEach, describe, expect, it } from 'vitest';
import { discoverSelectedTree } from '../../../src/files/discover-selected-tree.js';
import { discoverTree } from '../../../src/files/discover-tree.js';
import { readTree } from '../../../src/files/read-tree.js';
import { dashboard, makeTempTree, type TempTree } from './make-tree.js';

let tree: TempTree | undefined;
afterEach(async () => {
  await tree?.cleanup();
  tree = undefined;
});

const SELECTS_NOTHING =
  '--include team/auth-api.json/** selects no dashboard or library panel file below dashboards (globs are relative to the root: "team-a" is the directory, "team-a/**/*.json" its files)';

// perf-53 found `--include "some-file.json/**"` stopping the run on fast-glob's ENOTDIR (a crash, later "cannot be listed (ENOTDIR)").
describe('discoverTree: an include glob that names a file as a directory', () => {
  async function teamTree(): Promise<TempTree> {
    return (tree = await makeTempTree({ 'dashboards/team/auth-api.json': dashboard('auth', 'Auth'), 'dashboards/ops/up.json': dashboard('up', 'Up') }));
  }
  const settings = (include: string[]) => ({ root: `${tree!.dir}/dashboards`, cwd: tree!.dir, include, exclude: [], selectionFrom: { include: '--include', exclude: '--exclude' }, prune: false as const, environmentsSharingOrg: [], environment: undefined, configFile: 'dashsync.config.json' });

  it('selects nothing, as an include that matches no file: the run stops on that, naming the file it likely meant', async () => {
    await teamTree();
    for (const include of [['team/auth-api.json/**'], ['team/auth-api.json/sub/**']]) {
      const failed = await discoverSelectedTree(settings(include)).then(() => undefined, (error: unknown) => error);
      const { problems, next } = failed as { problems?: string[]; next?: string };
      expect([problems, next]).toEqual([[SELECTS_NOTHING.replaceAll('team/auth-api.json/**', include[0]!)], 'Check the globs; did you mean team/auth-api.json?']);
    }
  });

  it('beside a glob that selects files, the run reads those', async () => {
    await teamTree();
    const found = await discoverTree({ root: `${tree!.dir}/dashboards`, include: ['team/auth-api.json/**', 'team/auth-api.json/x.json', 'ops'], exclude: [] });
    expect(found.dashboardFiles).toEqual([`${tree!.dir}/dashboards/ops/up.json`]);
    expect(found.unselected?.dashboardFiles).toEqual([`${tree!.dir}/dashboards/team/auth-api.json`]);
  });
});

// stop-53 §11.5: beside a glob that starts at the root, fast-glob walks every include glob from the root, and there
// `team/auth-api.json/**` matches the file itself: the run reads it, so its warning must not say the glob selects nothing.
describe('readTree: an include glob naming a file as a directory, beside one that starts at the root', () => {
  it('the file the walk selects through it is read, and the glob gets no glob-unmatched warning', async () => {
    tree = await makeTempTree({ 'dashboards/team/auth-api.json': dashboard('auth', 'Auth'), 'dashboards/ops/z.json': dashboard('z', 'Z'), 'dashboards/ops/other.json': dashboard('other', 'Other') });
    const read = (include: string[]) => readTree({ root: 'dashboards', cwd: tree!.dir, include, exclude: [], inputs: {}, minRefreshInterval: '5s' });

    const both = await read(['team/auth-api.json/**', '**/z.json']);
    expect(both.tree.dashboards.map((d) => d.uid).sort()).toEqual(['auth', 'z']);
    expect(both.diagnostics).toEqual([]);

    // A glob that matches nothing beside them is still named (judged where the whole include's walk meets the files).
    const withTypo = await read(['team/auth-api.json/**', '**/z.json', 'opz/**']);
    expect(withTypo.diagnostics.map((d) => [d.rule, d.message.slice(0, d.message.indexOf(' matches'))])).toEqual([['glob-unmatched', 'include glob "opz/**" (--include)']]);
  });
});
