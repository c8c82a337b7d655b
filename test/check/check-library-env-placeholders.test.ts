import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { runCliInProcess as runCli } from '../helpers/run-cli.js';
import { makeTempTree, type TempTree } from '../unit/files/make-tree.js';

// A library panel whose datasource is each environment's own (`${DS_PROMETHEUS}`, mapped only under "environments"):
// check without --env reads it as the environments render it, and its summary counts it as it counts it without the
// placeholder.

const CONFIG = {
  environments: {
    staging: { url: 'http://127.0.0.1:9', inputs: { DS_PROMETHEUS: 'prom-staging' } },
    production: { url: 'http://127.0.0.1:9', orgId: 2, inputs: { DS_PROMETHEUS: 'prom-main' } },
  },
};

const panel = (uid: string) => ({
  uid: 'lp-cpu',
  name: 'CPU usage',
  kind: 1,
  model: { type: 'timeseries', title: 'CPU usage', datasource: { type: 'prometheus', uid }, targets: [{ refId: 'A', expr: 'rate(cpu[5m])' }] },
});

const NODE_CPU = { uid: 'node-cpu', title: 'Node CPU', schemaVersion: 41, panels: [{ id: 1, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lp-cpu', name: 'CPU usage' } }] };

describe('check with environments: a _library/ panel whose placeholders only the environments map', () => {
  let tree: TempTree | undefined;
  afterEach(async () => tree?.cleanup());

  it('is counted in the summary line, as the same panel with a literal datasource is', async () => {
    tree = await makeTempTree({
      'dashsync.config.json': canonicalJson(CONFIG),
      'dashboards/team/_library/cpu.json': canonicalJson(panel('${DS_PROMETHEUS}')),
      'dashboards/team/node-cpu.json': canonicalJson(NODE_CPU),
    });

    const checked = await runCli(['check'], { cwd: tree.dir });

    expect(checked.stdout).toBe('');
    expect(checked.stderr).toBe('check: 1 dashboard, 1 folder, 1 library panel, 0 errors, 0 warnings\n');
    expect(checked.code).toBe(0);
  });

  // env-59 (stop 58 §10.3): such a panel was read as having no content, so the rules that compare panels passed it (as
  // fix-58b found of dashboards): the hook let a copied _library/ file with the same uid through, where check --env failed.
  it('is compared with the other panels: a second file with its uid is uid-duplicate, as check --env says', async () => {
    const copy = { ...panel('${DS_PROMETHEUS}'), name: 'CPU usage (copy)' };
    tree = await makeTempTree({
      'dashsync.config.json': canonicalJson(CONFIG),
      'dashboards/team/_library/cpu.json': canonicalJson(panel('${DS_PROMETHEUS}')),
      'dashboards/team/_library/cpu-copy.json': canonicalJson(copy),
      'dashboards/team/node-cpu.json': canonicalJson(NODE_CPU),
    });

    const checked = await runCli(['check'], { cwd: tree.dir });
    const staging = await runCli(['check', '--env', 'staging'], { cwd: tree.dir });

    const duplicate = (file: string, other: string, why: string) =>
      `dashboards/team/_library/${file}:18:10: error: library panel uid "lp-cpu" is also used by dashboards/team/_library/${other}${why}: every library panel needs its own uid (uid-duplicate)`;
    expect(checked.stdout.split('\n')).toEqual(expect.arrayContaining([
      duplicate('cpu-copy.json', 'cpu.json', ' (both selected by environments production, staging)'),
      duplicate('cpu.json', 'cpu-copy.json', ' (both selected by environments production, staging)'),
    ]));
    expect(staging.stdout.split('\n')).toEqual(expect.arrayContaining([duplicate('cpu.json', 'cpu-copy.json', '')]));
    expect([checked.code, staging.code]).toEqual([1, 1]);
  });
});
