import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { runCliInProcess as runCli } from '../helpers/run-cli.js';
import { makeTempTree, type TempTree } from '../unit/files/make-tree.js';
import { gridItem, grid, resource, v2Spec } from '../unit/v2-builders.js';

/** The panel's file after a rename: the dashboards still say its old name. */
const CPU = { uid: 'lp-cpu', name: 'CPU usage (node)', kind: 1, model: { type: 'timeseries', title: 'CPU' } };
const MEM = { uid: 'lp-mem', name: 'Memory', kind: 1, model: { type: 'stat', title: 'Memory' } };

const ref = (id: number, uid: string, name: string) => ({ id, gridPos: { x: 0, y: id * 8, w: 12, h: 8 }, libraryPanel: { uid, name } });

const V1 = {
  uid: 'api',
  title: 'API',
  schemaVersion: 39,
  panels: [
    ref(1, 'lp-cpu', 'CPU usage'),
    ref(2, 'lp-mem', 'Memory'),
    { id: 3, type: 'row', title: 'Hosts', collapsed: true, gridPos: { x: 0, y: 24, w: 24, h: 1 }, panels: [ref(4, 'lp-cpu', 'CPU usage')] },
  ],
};

const V2 = resource(
  'v2beta1',
  'svc',
  v2Spec({
    title: 'Service',
    elements: { cpu: { kind: 'LibraryPanel', spec: { id: 1, title: 'CPU', libraryPanel: { uid: 'lp-cpu', name: 'CPU usage' } } } },
    layout: grid(gridItem('cpu')),
  }),
);

describe('check: a library panel reference that keeps an old name (library-panel-name-stale)', () => {
  let tree: TempTree | undefined;
  afterEach(async () => tree?.cleanup());

  it('warns at each stale name with the file and the name to write; --fix rewrites only those names; a second run is clean', async () => {
    tree = await makeTempTree({
      'dashboards/_library/cpu.json': canonicalJson(CPU),
      'dashboards/_library/mem.json': canonicalJson(MEM),
      'dashboards/api.json': canonicalJson(V1),
      'dashboards/svc.json': canonicalJson(V2),
    });
    const advice = "Grafana shows the panel's own name and its editor writes it here on the next save of this dashboard; run `dashsync check --fix` to write it here now (library-panel-name-stale)";

    const checked = await runCli(['check'], { cwd: tree.dir });

    expect(checked.stdout).toBe(
      [
        `dashboards/api.json:12:17: warning: library panel "lp-cpu" is named "CPU usage (node)" (dashboards/_library/cpu.json), not "CPU usage": ${advice}`,
        `dashboards/api.json:48:21: warning: library panel "lp-cpu" is named "CPU usage (node)" (dashboards/_library/cpu.json), not "CPU usage": ${advice}`,
        `dashboards/svc.json:17:21: warning: library panel "lp-cpu" is named "CPU usage (node)" (dashboards/_library/cpu.json), not "CPU usage": ${advice}`,
        '',
      ].join('\n'),
    );
    expect(checked.code).toBe(0);

    const fixed = await runCli(['check', '--fix'], { cwd: tree.dir });

    const renamed = (what: string) => `renamed ${what} to library panel "lp-cpu" from "CPU usage" to "CPU usage (node)", its name in dashboards/_library/cpu.json`;
    expect(fixed.stderr).toBe(
      [
        `fixed dashboards/api.json: ${renamed('2 references')}`,
        `fixed dashboards/svc.json: ${renamed('the reference')}`,
        'check: 2 dashboards, 2 library panels, 0 errors, 0 warnings, 2 fixed',
        '',
      ].join('\n'),
    );
    expect(fixed.code).toBe(0);
    // Only the stale strings changed: the rest of each file is byte for byte what it was (the Memory reference included).
    expect(await readFile(join(tree.dir, 'dashboards/api.json'), 'utf8')).toBe(canonicalJson(V1).replaceAll('"name": "CPU usage"', '"name": "CPU usage (node)"'));
    expect(await readFile(join(tree.dir, 'dashboards/svc.json'), 'utf8')).toBe(canonicalJson(V2).replace('"name": "CPU usage"', '"name": "CPU usage (node)"'));

    const again = await runCli(['check'], { cwd: tree.dir });
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe('check: 2 dashboards, 2 library panels, 0 errors, 0 warnings\n');
  });

  it('a panel whose placeholders only the environments map: bare check --fix and the hook with --fix write the new name', async () => {
    const files = () => ({
      'dashsync.config.json': { environments: { staging: { url: 'http://127.0.0.1:1', inputs: { DS_PROM: 'prom-staging' } }, prod: { url: 'http://127.0.0.1:2', inputs: { DS_PROM: 'prom-prod' } } } },
      'dashboards/team/_library/cpu.json': canonicalJson({ ...CPU, model: { ...CPU.model, datasource: { type: 'prometheus', uid: '${DS_PROM}' } } }),
      'dashboards/team/api.json': canonicalJson({ uid: 'api', title: 'API', schemaVersion: 39, panels: [ref(1, 'lp-cpu', 'CPU usage')] }),
    });
    const renamed = '"name": "CPU usage (node)"';

    tree = await makeTempTree(files());
    expect((await runCli(['check'], { cwd: tree.dir })).stdout).toContain('(library-panel-name-stale)');
    const fixed = await runCli(['check', '--fix'], { cwd: tree.dir });
    expect(fixed.stderr).toContain('fixed dashboards/team/api.json: renamed the reference to library panel "lp-cpu" from "CPU usage" to "CPU usage (node)"');
    expect(fixed.stdout).not.toContain('library-panel-name-stale');
    expect(await readFile(join(tree.dir, 'dashboards/team/api.json'), 'utf8')).toContain(renamed);
    await tree.cleanup();

    // pre-commit's `run --all-files` (and a commit that stages both) passes every file after the hook's args.
    tree = await makeTempTree(files());
    const hook = await runCli(['check', '--pre-commit', '--fix', 'dashboards/team/_library/cpu.json', 'dashboards/team/api.json'], { cwd: tree.dir });
    expect(hook.stderr).toContain('fixed dashboards/team/api.json');
    expect(await readFile(join(tree.dir, 'dashboards/team/api.json'), 'utf8')).toContain(renamed);
  });

  it('past 20 warnings, the line that counts the rest says check --fix mends them', async () => {
    const dashboards = Object.fromEntries(
      Array.from({ length: 22 }, (_, index) => [`dashboards/d${String(index).padStart(2, '0')}.json`, canonicalJson({ uid: `d${index}`, title: `D ${index}`, schemaVersion: 39, panels: [ref(1, 'lp-cpu', 'CPU usage')] })]),
    );
    tree = await makeTempTree({ 'dashboards/_library/cpu.json': canonicalJson(CPU), ...dashboards });

    const checked = await runCli(['check'], { cwd: tree.dir });

    expect(checked.stdout.split('\n').filter((line) => line.endsWith('(library-panel-name-stale)'))).toHaveLength(20);
    expect(checked.stdout).toContain('… and 2 more library-panel-name-stale warnings (--verbose lists every one): dashsync check --fix rewrites them\n');
  });

  it('leaves alone a reference without a name and one to a panel the tree does not hold (listed as external)', async () => {
    tree = await makeTempTree({
      'dashsync.config.json': { externalLibraryPanels: ['lp-ext'] },
      'dashboards/_library/cpu.json': canonicalJson(CPU),
      'dashboards/api.json': canonicalJson({ uid: 'api', title: 'API', schemaVersion: 39, panels: [{ id: 1, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lp-cpu' } }, ref(2, 'lp-ext', 'Anything')] }),
    });

    const checked = await runCli(['check', '--fix'], { cwd: tree.dir });

    expect(checked.stderr).toBe('check: 1 dashboard, 1 library panel, 0 errors, 0 warnings\n');
    expect(checked.stdout).toBe('');
  });
});
