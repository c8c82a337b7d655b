import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GrafanaVersion, SandboxHandle } from '../../src/sandbox/types.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, makeWorkDir } from './pull-fixture.js';

// A classic export whose "-- Mixed --" panel gives each query its own ${DS_…} placeholder, re-saved as v2 in the
// dynamic-dashboards editor: v2 has no panel datasource, each query keeps its own. Pull puts each query's placeholder
// back at that query (panel id and refId tie them), even where two inputs share a datasource in this environment.

const FILE = 'dashboards/exported.json';

function datasourceInput(name: string, pluginId: string) {
  return { name, label: name, description: '', type: 'datasource', pluginId, pluginName: pluginId };
}

const mixed = {
  __inputs: [datasourceInput('DS_PROMETHEUS', 'prometheus'), datasourceInput('DS_METRICS', 'prometheus')],
  uid: 'exported',
  title: 'Exported',
  schemaVersion: 41,
  panels: [
    {
      id: 1,
      type: 'timeseries',
      title: 'Both',
      gridPos: { x: 0, y: 0, w: 12, h: 8 },
      datasource: { type: 'datasource', uid: '-- Mixed --' },
      targets: [
        { refId: 'A', expr: 'up', datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' } },
        { refId: 'B', expr: 'rate(x[5m])', datasource: { type: 'prometheus', uid: '${DS_METRICS}' } },
      ],
    },
  ],
};

async function setUp(grafanaVersion: GrafanaVersion, config: object): Promise<{ handle: SandboxHandle; work: string }> {
  const handle = await startTestSandbox({ grafanaVersion });
  const work = await makeWorkDir();
  await mkdir(join(work, 'dashboards'));
  await writeFile(join(work, FILE), `${JSON.stringify(mixed, null, 2)}\n`);
  await writeFile(join(work, 'dashsync.config.json'), `${JSON.stringify(config)}\n`);
  await commitAll(work);
  const applied = await dashsync(handle, work, ['apply', '--env', 'staging']);
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  const edited = await fetch(`${handle.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'exported' }) });
  expect(edited.status, await edited.text()).toBe(200);
  return { handle, work };
}

/** Each query's datasource name in a v2 spec's element, by refId. */
function queryDatasources(spec: { elements: Record<string, { spec: { data: { spec: { queries: { spec: { refId: string; query: { datasource?: { name: string } } } }[] } } } }> }, element: string) {
  return Object.fromEntries(spec.elements[element]!.spec.data.spec.queries.map((query) => [query.spec.refId, query.spec.query.datasource?.name]));
}

describe.each(['12', '13'] as const)('pull of a mixed panel Grafana %s now stores as v2', (grafanaVersion) => {
  it.each([
    ['its own datasource', { DS_PROMETHEUS: 'prom-staging', DS_METRICS: 'metrics-staging' }],
    ['one datasource in this environment', { DS_PROMETHEUS: 'prom-staging', DS_METRICS: 'prom-staging' }],
  ])('puts each query\'s placeholder back at that query (each input on %s): the next plan is empty and production gets its own', async (_, staging) => {
    const environments = { staging: { inputs: staging }, production: { inputs: { DS_PROMETHEUS: 'prom-prod', DS_METRICS: 'metrics-prod' } } };
    const { handle, work } = await setUp(grafanaVersion, { environments });

    const pulled = await dashsync(handle, work, ['pull', '--env', 'staging']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout).toContain(`updated  ${FILE}`);
    const written = JSON.parse(await readFile(join(work, FILE), 'utf8'));
    expect(queryDatasources(written.spec, 'panel-1')).toEqual({ A: '${DS_PROMETHEUS}', B: '${DS_METRICS}' });
    expect(written.spec.__inputs).toEqual(mixed.__inputs);
    await commitAll(work);
    const planned = await dashsync(handle, work, ['plan', '--env', 'staging', '--detailed-exitcode']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    const production = await dashsync(handle, work, ['plan', '--env', 'production']);
    expect(production.code, production.stdout + production.stderr).toBe(0);
    expect(production.stdout).toContain('"prom-staging" → "prom-prod"');
    expect(production.stdout).toContain(`→ "metrics-prod"`);
  });
});
