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

async function workspace(inputs: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-expr-input-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards'));
  await writeFile(join(dir, 'dashboards/cpu-math.json'), `${JSON.stringify(exported, null, 2)}\n`);
  await writeFile(join(dir, 'dashsync.config.json'), `${JSON.stringify({ inputs })}\n`);
  return dir;
}

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
});
