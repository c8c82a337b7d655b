import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GrafanaVersion, SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, makeWorkDir } from './pull-fixture.js';

// An "export for sharing" file whose dashboard someone re-saved as v2 in the dynamic-dashboards editor: pull writes
// the v2 form Grafana stores, with the `${DS_…}` placeholders back where the datasources they resolve to sit and the
// `__inputs` kept (the classic `__requires` and an empty `__elements` dropped), so that check, the next plan (empty) and another environment's apply still work.
// Where that cannot be done unambiguously, the file is refused (left as it is) without --force.

const FILE = 'dashboards/exported.json';

const requires = [{ type: 'datasource', id: 'prometheus', name: 'Prometheus', version: '1.0.0' }];

function datasourceInput(name: string) {
  return { name, label: name, type: 'datasource', pluginId: 'prometheus', pluginName: 'Prometheus' };
}

function target(refId: string, expr: string, uid?: string) {
  return { refId, expr, ...(uid ? { datasource: { type: 'prometheus', uid } } : {}) };
}

/** The export: two panels on DS_PROMETHEUS (one query naming it, one inheriting the panel's), a variable and an annotation on it. */
const exported = {
  __inputs: [datasourceInput('DS_PROMETHEUS')],
  __requires: requires,
  __elements: {},
  uid: 'exported',
  title: 'Exported',
  schemaVersion: 41,
  annotations: {
    list: [{ name: 'Deploys', enable: true, iconColor: 'red', datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' }, expr: 'changes(deploys[1m])' }],
  },
  templating: {
    list: [{ name: 'job', type: 'query', datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' }, query: 'label_values(up, job)', refresh: 1 }],
  },
  panels: [
    { id: 1, type: 'stat', title: 'Up', gridPos: { x: 0, y: 0, w: 6, h: 4 }, datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' }, targets: [target('A', 'up', '${DS_PROMETHEUS}')] },
    { id: 2, type: 'timeseries', title: 'Rate', gridPos: { x: 6, y: 0, w: 6, h: 4 }, datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' }, targets: [target('A', 'rate(x[5m])')] },
  ],
};

/** Two inputs: each panel on its own datasource. */
const twoInputs = {
  ...exported,
  __inputs: [datasourceInput('DS_PROMETHEUS'), datasourceInput('DS_LOKI')],
  annotations: { list: [] },
  templating: { list: [] },
  panels: [exported.panels[0], { ...exported.panels[1], datasource: { type: 'prometheus', uid: '${DS_LOKI}' } }],
};

const environments = {
  staging: { inputs: { DS_PROMETHEUS: 'prom-staging', DS_LOKI: 'loki-staging' } },
  production: { inputs: { DS_PROMETHEUS: 'prom-prod', DS_LOKI: 'loki-prod' } },
};

async function setUp(grafanaVersion: GrafanaVersion, model: object, config: object): Promise<{ handle: SandboxHandle; work: string }> {
  const handle = await startTestSandbox({ grafanaVersion });
  const work = await makeWorkDir();
  await mkdir(join(work, 'dashboards'));
  await writeFile(join(work, FILE), `${JSON.stringify(model, null, 2)}\n`);
  await writeFile(join(work, 'dashsync.config.json'), `${JSON.stringify(config)}\n`);
  await commitAll(work);
  return { handle, work };
}

/** Applies the tree (`args`: e.g. --env staging), then someone saves the dashboard in the dynamic-dashboards editor. */
async function applyThenSaveAsV2(handle: SandboxHandle, work: string, args: string[]): Promise<void> {
  const applied = await dashsync(handle, work, ['apply', ...args]);
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  const edited = await fetch(`${handle.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'exported' }) });
  expect(edited.status, await edited.text()).toBe(200);
}

/** Someone adds a panel (a copy of panel 1, on its datasource) to the v2 dashboard in the UI. */
async function addPanelInUi(handle: SandboxHandle, id: number): Promise<void> {
  const read = await apiRequest(handle, 'GET', '/apis/dashboard.grafana.app/v2beta1/namespaces/default/dashboards/exported');
  expect(read.status, read.text).toBe(200);
  const { spec } = read.body as { spec: { elements: Record<string, { spec: object }>; layout: { spec: { items: object[] } } } };
  const element = { ...spec.elements['panel-1']!, spec: { ...spec.elements['panel-1']!.spec, id, title: 'Added' } };
  const item = { kind: 'GridLayoutItem', spec: { x: 0, y: 20, width: 6, height: 4, element: { kind: 'ElementReference', name: `panel-${id}` } } };
  const layout = { ...spec.layout, spec: { ...spec.layout.spec, items: [...spec.layout.spec.items, item] } };
  const edited = await fetch(`${handle.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'exported', spec: { elements: { ...spec.elements, [`panel-${id}`]: element }, layout } }) });
  expect(edited.status, await edited.text()).toBe(200);
}

/** The datasource name of an element's first query. */
function queryDatasource(spec: { elements: Record<string, { spec: { data: { spec: { queries: { spec: { query: { datasource?: { name: string } } } }[] } } } }> }, element: string): string | undefined {
  return spec.elements[element]!.spec.data.spec.queries[0]!.spec.query.datasource?.name;
}

describe.each(['12', '13'] as const)('pull of an export file Grafana %s now stores as v2', (grafanaVersion) => {
  it('puts the placeholders back where their datasources sit and keeps __inputs but drops the classic __requires: check passes, the next plan and pull are empty, and another environment applies its own datasources', async () => {
    const { handle, work } = await setUp(grafanaVersion, exported, { environments });
    await applyThenSaveAsV2(handle, work, ['--env', 'staging']);

    const pulled = await dashsync(handle, work, ['pull', '--env', 'staging']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout).toContain(`updated  ${FILE}`);
    expect(pulled.stderr).toContain(
      'the file held a classic dashboard; its placeholders ${DS_PROMETHEUS} were put back where their datasources sit, its __inputs kept (dashsync reads it; a v2 spec has no such field, ' +
        'so kubectl or Git Sync take the file only without it), its __requires, __elements dropped (classic export keys that say nothing about a v2 dashboard)' +
        // audit-ux-19 F-2: production deploys this file too; a plan of it on Grafana 12 would stop on a v2 file.
        (grafanaVersion === '13' ? "; dashboard.grafana.app/v2 is served by Grafana 13 and later only: environment production deploys this file too: if its Grafana is 12, its plan stops on it (api-unwritable); for it (or a rollback), make it a dashboard.grafana.app/v2beta1 file as docs/upgrading.md \"A fleet on 12 and 13\" says (a v2beta1 spec differs from a v2 one in its panel transformations)" : '') +
        '; written in the stored form',
    );
    const text = await readFile(join(work, FILE), 'utf8');
    const written = JSON.parse(text);
    expect(written.kind).toBe('Dashboard');
    expect(written.spec.elements['panel-1'].kind).toBe('Panel');
    expect(written.spec.__inputs).toEqual(exported.__inputs);
    expect(written.spec).not.toHaveProperty('__requires');
    expect(written.spec).not.toHaveProperty('__elements');
    expect(text).not.toContain('prom-staging');
    // Both queries, the variable and the annotation: four places.
    expect(text.match(/"\$\{DS_PROMETHEUS\}"/g)).toHaveLength(4);

    const checked = await dashsync(handle, work, ['check']);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    const planned = await dashsync(handle, work, ['plan', '--env', 'staging', '--detailed-exitcode']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    expect(planned.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.');
    const again = await dashsync(handle, work, ['pull', '--env', 'staging']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(await readFile(join(work, FILE), 'utf8')).toBe(text);

    // Production (here the same Grafana) gets its own datasource from the same file.
    await commitAll(work);
    const production = await dashsync(handle, work, ['plan', '--env', 'production']);
    expect(production.code, production.stdout + production.stderr).toBe(0);
    expect(production.stdout).toContain('"prom-staging" → "prom-prod"');
  });

  it('refuses the file without --force where two inputs resolve to the datasource of a panel added in the UI, and with --force writes it and says what was lost', async () => {
    const { handle, work } = await setUp(grafanaVersion, twoInputs, { inputs: { DS_PROMETHEUS: 'prom', DS_LOKI: 'prom' } });
    await applyThenSaveAsV2(handle, work, []);
    await addPanelInUi(handle, 3);
    const before = await readFile(join(work, FILE), 'utf8');

    const refused = await dashsync(handle, work, ['pull']);

    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(await readFile(join(work, FILE), 'utf8')).toBe(before);
    expect(refused.stdout).toContain('1 refused');
    const line = refused.stderr.split('\n').filter((l) => l.includes('pull-inputs-not-restored'));
    expect(line).toEqual([
      `${FILE}: error: not written: Grafana now stores dashboard exported in another schema, and pull cannot put the file's DS_LOKI, DS_PROMETHEUS back unambiguously in that form: ` +
        'DS_LOKI and DS_PROMETHEUS both resolve to "prom", which stays a literal at 1 place. Write it with --force and put the placeholders back by hand. ' +
        'To write it with these literals: dashsync pull --force exported (this also replaces uncommitted edits of the file; a copy is kept under .dashsync/pull-backups) (pull-inputs-not-restored)',
    ]);

    const forced = await dashsync(handle, work, ['pull', '--force']);

    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect(forced.stdout).toContain(`updated  ${FILE}`);
    expect(forced.stderr).toContain(
      `${FILE}: warning: written with --force in the stored schema, where DS_LOKI, DS_PROMETHEUS could not be put back: DS_LOKI and DS_PROMETHEUS both resolve to "prom", which stays a literal at 1 place. Put the placeholders back by hand before another environment applies it (pull-inputs-lost)`,
    );
    const written = JSON.parse(await readFile(join(work, FILE), 'utf8'));
    expect(written.spec.__inputs).toEqual(twoInputs.__inputs);
    // The panels the file held got their own placeholders back; only the added one keeps the literal.
    expect(queryDatasource(written.spec, 'panel-1')).toBe('${DS_PROMETHEUS}');
    expect(queryDatasource(written.spec, 'panel-2')).toBe('${DS_LOKI}');
    expect(queryDatasource(written.spec, 'panel-3')).toBe('prom');
    const checked = await dashsync(handle, work, ['check']);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
  });

  it("refuses the file where Grafana holds another environment's datasource (a pull through the wrong environment)", async () => {
    const { handle, work } = await setUp(grafanaVersion, exported, { environments });
    await applyThenSaveAsV2(handle, work, ['--env', 'staging']);
    const before = await readFile(join(work, FILE), 'utf8');

    const refused = await dashsync(handle, work, ['pull', '--env', 'production']);

    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(await readFile(join(work, FILE), 'utf8')).toBe(before);
    expect(refused.stderr).toContain(
      `Grafana's version holds "prom-staging", environment "staging"'s value of DS_PROMETHEUS, where this run maps DS_PROMETHEUS to "prom-prod". Pull with --env staging if this Grafana is staging's, else write it with --force and put the placeholders back by hand. ` +
        'To write it with these literals: dashsync pull --env production --force exported',
    );
  });

  it("refuses where an input's panel, still in Grafana, now holds another input's placeholder (two inputs were one datasource when it was saved)", async () => {
    const { handle, work } = await setUp(grafanaVersion, twoInputs, { inputs: { DS_PROMETHEUS: 'prom', DS_LOKI: 'prom' } });
    await applyThenSaveAsV2(handle, work, []);
    await writeFile(join(work, 'dashsync.config.json'), `${JSON.stringify({ inputs: { DS_PROMETHEUS: 'prom', DS_LOKI: 'loki' } })}\n`);
    await commitAll(work);
    const before = await readFile(join(work, FILE), 'utf8');

    const refused = await dashsync(handle, work, ['pull']);

    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(await readFile(join(work, FILE), 'utf8')).toBe(before);
    expect(refused.stderr).toContain('DS_LOKI is no longer held in panel 2 (its datasource is "${DS_PROMETHEUS}" now), which Grafana\'s version still has');
    expect(refused.stderr).not.toContain('no longer used');
  });

  it('puts a constant input (a VAR_ placeholder, the export of a constant variable) back into its variable', async () => {
    const constant = {
      ...exported,
      __inputs: [...exported.__inputs, { name: 'VAR_CLUSTER', type: 'constant', label: 'cluster', value: 'eu-1', description: '' }],
      templating: {
        list: [
          ...exported.templating.list,
          { name: 'cluster', type: 'constant', hide: 2, query: '${VAR_CLUSTER}', current: { text: '${VAR_CLUSTER}', value: '${VAR_CLUSTER}' }, options: [{ selected: true, text: '${VAR_CLUSTER}', value: '${VAR_CLUSTER}' }] },
        ],
      },
      panels: [exported.panels[0], { ...exported.panels[1], targets: [target('A', 'up{cluster="${VAR_CLUSTER}"}')] }],
    };
    const { handle, work } = await setUp(grafanaVersion, constant, { inputs: { DS_PROMETHEUS: 'prom', VAR_CLUSTER: 'eu-1' } });
    await applyThenSaveAsV2(handle, work, []);

    const pulled = await dashsync(handle, work, ['pull']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stderr).toContain('its placeholders ${DS_PROMETHEUS} were put back where their datasources sit, ${VAR_CLUSTER} put back where its value sits');
    const text = await readFile(join(work, FILE), 'utf8');
    const { __inputs: _inputs, ...body } = JSON.parse(text).spec;
    expect(JSON.stringify(body)).not.toContain('eu-1');
    const variable = body.variables.find((item: { spec: { name: string } }) => item.spec.name === 'cluster');
    expect(variable.spec.query).toBe('${VAR_CLUSTER}');
    const planned = await dashsync(handle, work, ['plan', '--detailed-exitcode']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
  });
});
