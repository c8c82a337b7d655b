import { describe, expect, it } from 'vitest';
import type { InstanceDatasource } from '../../src/sandbox/migration/instance-datasources.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// The data source type Grafana's v2 gives a variable whose classic form names none (mig-64): the backend's conversion of
// 12.4 on and 13 (v1beta1_to_v2alpha1.go buildQueryVariable / buildDatasourceVariable, getDefaultDatasourceType,
// getDatasourceTypeByUID; v2alpha1_to_v2beta1.go convertDataQuery) and the dynamic-dashboards editor's save
// (sceneVariablesSetToSchemaV2Variables: `datasource?.type || getDataQueryKind(query)`, `pluginId ??
// getDefaultDatasource().type`). src/sandbox/README.md "v2 and conversion".

const PROM: InstanceDatasource = { uid: 'prom-main', name: 'Prometheus', type: 'prometheus', isDefault: true };
const LOKI: InstanceDatasource = { uid: 'loki-logs', name: 'Loki', type: 'loki' };

const DASHBOARD = {
  uid: 'vars',
  title: 'Variables',
  schemaVersion: 42,
  templating: {
    list: [
      { name: 'job', type: 'query', query: 'label_values(job)' },
      { name: 'stream', type: 'query', query: 'label_values(app)', datasource: { uid: 'loki-logs' } },
      { name: 'chained', type: 'query', query: 'label_values(pod)', datasource: '$source' },
      { name: 'typed', type: 'query', query: 'up', datasource: { type: 'influxdb', uid: 'influx' } },
      { name: 'empty', type: 'query', query: '', datasource: { type: 'prometheus', uid: 'prom-main' } },
      { name: 'source', type: 'datasource' },
      { name: 'filters', type: 'adhoc' },
    ],
  },
};

interface Seen {
  group: string | undefined;
  name: string | undefined;
  spec: unknown;
  pluginId?: string;
}

/** Each variable's query group, datasource name and spec (a datasource variable's plugin) as a read at v2 gives them. */
function variablesOf(spec: { variables: { kind: string; group?: string; datasource?: { name?: string }; spec: Record<string, any> }[] }): Record<string, Seen> {
  return Object.fromEntries(
    spec.variables.map(({ kind, group, datasource, spec: variable }) => [
      variable.name,
      kind === 'DatasourceVariable'
        ? { group: undefined, name: undefined, spec: undefined, pluginId: variable.pluginId }
        : kind === 'AdhocVariable'
          ? { group, name: datasource?.name, spec: undefined }
          : { group: variable.query.group, name: variable.query.datasource?.name, spec: variable.query.spec },
    ]),
  );
}

async function readAtV2(release: string, datasources: InstanceDatasource[], uiSave = false): Promise<Record<string, Seen>> {
  const grafanaVersion = release.startsWith('13.') ? '13' : '12';
  const sandbox = await startTestSandbox({ grafanaVersion, release, datasources });
  expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: DASHBOARD })).status).toBe(200);
  if (uiSave) expect((await fetch(`${sandbox.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'vars' }) })).status).toBe(200);
  const version = grafanaVersion === '13' ? 'v2' : 'v2beta1';
  const read = await apiRequest(sandbox, 'GET', `/apis/dashboard.grafana.app/${version}/namespaces/default/dashboards/vars`);
  expect(read.status).toBe(200);
  return variablesOf(read.body.spec);
}

describe('a classic variable naming no data source type, read at v2', () => {
  it.each(['13.0.2', '12.4.0'])('%s: a query variable gets the default data source type, a uid its own type, a $variable none; a datasource variable the default plugin', async (release) => {
    const seen = await readAtV2(release, [PROM, LOKI]);
    expect(seen).toEqual({
      job: { group: 'prometheus', name: undefined, spec: { __legacyStringValue: 'label_values(job)' } },
      stream: { group: 'loki', name: 'loki-logs', spec: { __legacyStringValue: 'label_values(app)' } },
      chained: { group: '', name: '$source', spec: { __legacyStringValue: 'label_values(pod)' } },
      typed: { group: 'influxdb', name: 'influx', spec: { __legacyStringValue: 'up' } },
      // buildDataQueryKindForVariable keeps an empty string query out of the spec.
      empty: { group: 'prometheus', name: 'prom-main', spec: {} },
      source: { group: undefined, name: undefined, spec: undefined, pluginId: 'prometheus' },
      // buildAdhocVariable gives its default type only with a uid (convertVariable_V2alpha1_to_V2beta1: group "").
      filters: { group: '', name: undefined, spec: undefined },
    });
  });

  it('13 without a default data source: "grafana" (getDefaultDatasourceType\'s fallback)', async () => {
    const seen = await readAtV2('13.0.2', [{ ...LOKI }]);
    expect([seen.job!.group, seen.source!.pluginId, seen.stream!.group]).toEqual(['grafana', 'grafana', 'loki']);
  });

  it('the default is the namespace\'s org\'s, not another org\'s', async () => {
    const seen = await readAtV2('13.0.2', [{ ...PROM, orgId: 2 }, { ...LOKI, isDefault: true }]);
    expect(seen.job!.group).toBe('loki');
  });

  it("12.3 keeps the reference's own type (none: \"\"), as before: which form 12.0–12.3 answer is UNCONFIRMED", async () => {
    const seen = await readAtV2('12.3.2', [PROM, LOKI]);
    expect([seen.job!.group, seen.stream!.group, seen.source!.pluginId, seen.empty!.spec]).toEqual(['', '', '', { __legacyStringValue: '' }]);
  });

  it("13: the dynamic-dashboards editor's save writes the default type too, and the classic read gives it back as {type}", async () => {
    const seen = await readAtV2('13.0.2', [PROM, LOKI], true);
    expect([seen.job!.group, seen.job!.name, seen.source!.pluginId]).toEqual(['prometheus', undefined, 'prometheus']);
    // An ad hoc variable naming none: the default data source itself (getDataSourceForQuery).
    expect(seen.filters).toEqual({ group: 'prometheus', name: 'prom-main', spec: undefined });
    const sandbox = await startTestSandbox({ grafanaVersion: '13', datasources: [PROM] });
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: DASHBOARD })).status).toBe(200);
    expect((await fetch(`${sandbox.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'vars' }) })).status).toBe(200);
    const classic = await apiRequest(sandbox, 'GET', '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards/vars');
    const [job, , , , , source, filters] = classic.body.spec.templating.list;
    expect([job.datasource, source.query, filters.datasource]).toEqual([{ type: 'prometheus' }, 'prometheus', { type: 'prometheus', uid: 'prom-main' }]);
  });
});
