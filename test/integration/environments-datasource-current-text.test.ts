import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { makeTempTree, type TempTree } from '../unit/files/make-tree.js';

// Each test runs the CLI (in-process) several times against two sandboxes.
vi.setConfig({ testTimeout: 120_000 });

// env-60 (stop 59 §10.4): `--env production` mapped a datasource variable's `current.value` to production's data source but
// sent `current.text` as the file held it, staging's name: production's JSON model (and its picker, until someone picked)
// named "Prometheus (staging)" over production's Prometheus.

const FILE = 'dashboards/team-a/picker.json';
const STAGING_PROM = { uid: 'prom-staging', name: 'Prometheus (staging)', type: 'prometheus', isDefault: true };
const MAIN_PROM = { uid: 'prom-main', name: 'Prometheus (main)', type: 'prometheus', isDefault: true };
const MAIN_THANOS = { uid: 'thanos-main', name: 'Thanos (main)', type: 'prometheus' };

/** A dashboard with a datasource variable (and a multi-value one) whose pick the file writes as the input's placeholder, as `check --fix` and pull write it. */
const picker = {
  uid: 'picker',
  title: 'Picker',
  schemaVersion: 41,
  templating: {
    list: [
      { name: 'ds', type: 'datasource', query: 'prometheus', current: { text: 'Prometheus (staging)', value: '${DS_PROMETHEUS}' } },
      { name: 'many', type: 'datasource', query: 'prometheus', multi: true, current: { text: ['Prometheus (staging)', 'Thanos (staging)'], value: ['${DS_PROMETHEUS}', '${DS_THANOS}'] } },
      { name: 'fixed', type: 'datasource', query: 'prometheus', current: { text: 'Written by hand', value: 'prom-main' } },
    ],
  },
  panels: [{ id: 1, type: 'timeseries', title: 'CPU', gridPos: { x: 0, y: 0, w: 12, h: 8 }, datasource: { type: 'prometheus', uid: '${ds}' }, targets: [{ refId: 'A', expr: 'up' }] }],
};

const currents = async (handle: Parameters<typeof apiRequest>[0]) =>
  ((await apiRequest(handle, 'GET', '/api/dashboards/uid/picker')).body.dashboard.templating.list as { current: unknown }[]).map((variable) => variable.current);

describe("a datasource variable's current.text in another environment", () => {
  let tree: TempTree | undefined;
  afterEach(async () => tree?.cleanup());

  async function treeFor(staging: { url: string }, production: { url: string }) {
    const config = {
      api: 'legacy',
      environments: {
        staging: { url: staging.url, inputs: { DS_PROMETHEUS: 'prom-staging', DS_THANOS: 'thanos-staging' } },
        production: { url: production.url, inputs: { DS_PROMETHEUS: 'prom-main', DS_THANOS: 'thanos-main' } },
      },
    };
    tree = await makeTempTree({ 'dashsync.config.json': canonicalJson(config), 'dashboards/team-a/_folder.json': canonicalJson({ uid: 'team-a', title: 'Team A' }), [FILE]: canonicalJson(picker) });
    const dir = tree.dir;
    return (args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
  }

  it("production gets its own data source's name; the next plan and a pull see no change", async () => {
    const staging = await startTestSandbox({ grafanaVersion: '12', datasources: [STAGING_PROM] });
    const production = await startTestSandbox({ grafanaVersion: '12', datasources: [MAIN_PROM, MAIN_THANOS] });
    const cli = await treeFor(staging, production);

    const applied = await cli(['apply', '--env', 'production', '--auto-approve']);

    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(await currents(production)).toEqual([
      { text: 'Prometheus (main)', value: 'prom-main' },
      { text: ['Prometheus (main)', 'Thanos (main)'], value: ['prom-main', 'thanos-main'] },
      // A value the file writes itself: its text is the file's to say.
      { text: 'Written by hand', value: 'prom-main' },
    ]);
    const again = await cli(['plan', '--env', 'production', '--detailed-exitcode']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.');
    // pull sees what the plan sees: the name production's Grafana gives is no change of the file, nor a change not applied yet.
    const pulled = await cli(['pull', '--env', 'production']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout).toContain('Pull: 0 created, 0 updated, 0 moved, 1 unchanged');
    expect(pulled.stdout).not.toContain('kept');
    expect(await readFile(join(tree!.dir, FILE), 'utf8')).toBe(canonicalJson(picker));
  });

  it("without the name (a data source the instance does not list) the text is left out, as Grafana's export leaves it", async () => {
    const staging = await startTestSandbox({ grafanaVersion: '12', datasources: [STAGING_PROM] });
    const production = await startTestSandbox({ grafanaVersion: '12', datasources: [MAIN_PROM] });
    const cli = await treeFor(staging, production);

    const applied = await cli(['apply', '--env', 'production', '--auto-approve']);

    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(await currents(production)).toEqual([
      { text: 'Prometheus (main)', value: 'prom-main' },
      { value: ['prom-main', 'thanos-main'] },
      { text: 'Written by hand', value: 'prom-main' },
    ]);
    const again = await cli(['plan', '--env', 'production', '--detailed-exitcode']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });
});
