import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';

// pull-check-51: Grafana's "Export for sharing externally" makes an input of server-side expressions too (the expression
// datasource's meta is not `builtIn`, so DashboardExporter / exporters.ts write `DS_EXPRESSION`, `pluginId: "__expr__"`), and
// its import forces that input to `__expr__` (dash_template_evaluator.go). dashsync refused such an export until the config
// mapped DS_EXPRESSION (input-unmapped, exit 1).
const exported = {
  __inputs: [
    { name: 'DS_PROMETHEUS', label: 'Prometheus', description: '', type: 'datasource', pluginId: 'prometheus', pluginName: 'Prometheus' },
    { name: 'DS_EXPRESSION', label: 'Expression', description: '', type: 'datasource', pluginId: '__expr__' },
  ],
  __requires: [{ type: 'datasource', id: '__expr__', version: '1.0.0' }],
  uid: 'cpu-math',
  title: 'CPU math',
  schemaVersion: 39,
  panels: [
    {
      id: 1,
      type: 'timeseries',
      title: 'Doubled',
      datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' },
      targets: [
        { refId: 'A', expr: 'up', datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' } },
        { refId: 'B', type: 'math', expression: '$A * 2', datasource: { type: '__expr__', uid: '${DS_EXPRESSION}' } },
      ],
    },
  ],
};

/** The export's panel as check --fix extracts an `__elements` entry: a library panel file, which holds no `__inputs`. */
const libraryPanel = {
  uid: 'lp-math',
  name: 'Doubled',
  kind: 1,
  model: { type: 'timeseries', title: 'Doubled', targets: exported.panels[0]!.targets },
};

async function workspace(inputs: Record<string, string>, config: Record<string, unknown> = {}, files: { dashboard?: boolean; library?: boolean } = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-expr-input-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards/_library'), { recursive: true });
  if (files.dashboard !== false) await writeFile(join(dir, 'dashboards/cpu-math.json'), `${JSON.stringify(exported, null, 2)}\n`);
  if (files.library === true) await writeFile(join(dir, 'dashboards/_library/doubled.json'), `${JSON.stringify(libraryPanel, null, 2)}\n`);
  await writeFile(join(dir, 'dashsync.config.json'), `${JSON.stringify({ inputs, ...config }, null, 2)}\n`);
  return dir;
}

const warnings = (stdout: string) => stdout.split('\n').filter((line) => line.endsWith('(input-expression-mapped)'));
const setAside = (value: string, where: string, inputs: string) =>
  `dashsync.config.json:${where}: warning: input DS_EXPRESSION is mapped to "${value}"${inputs === '"inputs"' ? '' : ` for environment "prod"`}, but dashboards/cpu-math.json declares it as Grafana's server-side expressions ` +
  `("pluginId": "__expr__" in "__inputs"), which Grafana's import sets to "__expr__" whatever it is mapped to, and so does dashsync: this mapping is not used there. ` +
  `Remove DS_EXPRESSION from ${inputs} in dashsync.config.json (a query that means another data source needs an input of its own) (input-expression-mapped)`;

describe('check of an export whose expression query Grafana turned into an input', () => {
  it('takes DS_EXPRESSION as __expr__ without a mapping, as Grafana\'s import does; DS_PROMETHEUS still needs one', async () => {
    const mapped = await runCliInProcess(['check'], { cwd: await workspace({ DS_PROMETHEUS: 'prom' }) });
    expect(mapped.code, mapped.stdout + mapped.stderr).toBe(0);
    expect(mapped.stdout).not.toContain('DS_EXPRESSION');
    const unmapped = await runCliInProcess(['check'], { cwd: await workspace({}) });
    expect(unmapped.code).toBe(1);
    expect(unmapped.stdout).toContain('error: input DS_PROMETHEUS is not mapped');
    expect(unmapped.stdout).not.toContain('DS_EXPRESSION');
  });

  // pull-check-52: main replaced the mapping by __expr__ without a word (the plan showed the expression query unchanged).
  it('warns at the mapping of DS_EXPRESSION to another data source, which Grafana and dashsync set aside; an expression uid passes', async () => {
    const mapped = await runCliInProcess(['check'], { cwd: await workspace({ DS_PROMETHEUS: 'prom', DS_EXPRESSION: 'prom' }) });
    expect([mapped.code, warnings(mapped.stdout)]).toEqual([0, [setAside('prom', '4:22', '"inputs"')]]);
    for (const expression of ['__expr__', '-100']) {
      expect(warnings((await runCliInProcess(['check'], { cwd: await workspace({ DS_PROMETHEUS: 'prom', DS_EXPRESSION: expression }) })).stdout)).toEqual([]);
    }
    // An environment's own mapping is named there, in check without --env and with it; the top level's passes.
    const environments = await workspace({ DS_PROMETHEUS: 'prom' }, { environments: { dev: {}, prod: { inputs: { DS_EXPRESSION: 'prom-prod' } } } });
    const line = [setAside('prom-prod', '9:26', 'environment "prod"\'s "inputs"')];
    expect(warnings((await runCliInProcess(['check'], { cwd: environments })).stdout)).toEqual(line);
    expect(warnings((await runCliInProcess(['check', '--env', 'prod'], { cwd: environments })).stdout)).toEqual(line);
    expect(warnings((await runCliInProcess(['check', '--env', 'dev'], { cwd: environments })).stdout)).toEqual([]);
  });

  // pull-check-53: a library panel file has no "__inputs", so its ${DS_EXPRESSION} took the mapping ("prom" as an expression
  // query's uid), where Grafana's import of the export (its __elements evaluated with the dashboard's inputs) gives
  // "__expr__"; main's check looked at dashboards only and said nothing.
  it('a library panel file writing ${DS_EXPRESSION} as an expression query\'s uid: warned at the mapping, advised to map it to __expr__', async () => {
    const library = 'dashboards/_library/doubled.json writes ${DS_EXPRESSION} as the uid of a server-side expression query ("type": "__expr__") with no "__inputs" entry that says so ' +
      '(a library panel file has none), so dashsync writes "prom" there, where Grafana\'s import of the export writes "__expr__"';
    const advice = 'Map DS_EXPRESSION to "__expr__" in "inputs" in dashsync.config.json (a query that means another data source needs an input of its own) (input-expression-mapped)';
    const alone = await runCliInProcess(['check'], { cwd: await workspace({ DS_PROMETHEUS: 'prom', DS_EXPRESSION: 'prom' }, {}, { dashboard: false, library: true }) });
    expect([alone.code, warnings(alone.stdout)]).toEqual([0, [`dashsync.config.json:4:22: warning: input DS_EXPRESSION is mapped to "prom", but ${library}. ${advice}`]]);
    const both = await runCliInProcess(['check'], { cwd: await workspace({ DS_PROMETHEUS: 'prom', DS_EXPRESSION: 'prom' }, {}, { library: true }) });
    expect(warnings(both.stdout)).toEqual([
      'dashsync.config.json:4:22: warning: input DS_EXPRESSION is mapped to "prom", but dashboards/cpu-math.json declares it as Grafana\'s server-side expressions ("pluginId": "__expr__" in "__inputs"), ' +
        `which Grafana's import sets to "__expr__" whatever it is mapped to, and so does dashsync: this mapping is not used there; and ${library}. ${advice}`,
    ]);
    // Mapped to an expression uid, as advised: nothing to say, and the panel is valid.
    const advised = await runCliInProcess(['check'], { cwd: await workspace({ DS_PROMETHEUS: 'prom', DS_EXPRESSION: '__expr__' }, {}, { library: true }) });
    expect([advised.code, warnings(advised.stdout)]).toEqual([0, []]);
  });
});
