import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Differences migrate-61's sweep of Grafana's conversion testdata (apps/dashboard/pkg/migration/conversion/testdata) found;
// src/sandbox/README.md "v2 and conversion".

// v1beta1_to_v2alpha1.go buildDataQueryKind: a query variable's string query becomes `{"__legacyStringValue": …}`, an object
// query is kept, and none at all an empty spec (v1beta1-mig-v12.template-variables.v42.v2beta1.json: query variables without
// a `query` key hold `"spec": {}`).
describe("a classic query variable's query read at v2beta1", () => {
  it.each(['12', '13'] as const)('on %s: a string is the legacy value, none is an empty spec', async (grafanaVersion) => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const v1 = grafanaVersion === '12' ? 'v1beta1' : 'v1';
    const spec = {
      title: 'V',
      schemaVersion: 42,
      templating: {
        list: [
          { name: 'job', type: 'query', query: 'label_values(job)', refresh: 1 },
          { name: 'bare', type: 'query', refresh: 1 },
        ],
      },
    };
    const created = await apiRequest(sandbox, 'POST', `/apis/dashboard.grafana.app/${v1}/namespaces/default/dashboards`, { apiVersion: `dashboard.grafana.app/${v1}`, kind: 'Dashboard', metadata: { name: 'v' }, spec });
    expect(created.status).toBe(201);
    const read = await apiRequest(sandbox, 'GET', '/apis/dashboard.grafana.app/v2beta1/namespaces/default/dashboards/v');
    expect(read.body.spec.variables.map((variable: any) => [variable.spec.name, variable.spec.query.spec])).toEqual([
      ['job', { __legacyStringValue: 'label_values(job)' }],
      ['bare', {}],
    ]);
  });
});

// v2alpha1_to_v1beta1.go convertDashboardSpec_V2alpha1_to_V1beta1: `tags`, `links`, `panels` and `templating` only when there
// are some (v2beta1.v40.refresh_numeric.v1beta1.json holds none of them); `annotations`, `time`, `refresh` always.
describe('a v2 dashboard without tags, links, panels or variables read at v1 on 13', () => {
  it('holds none of those keys', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const spec = {
      title: 'Empty',
      cursorSync: 'Off',
      editable: true,
      elements: {},
      layout: { kind: 'GridLayout', spec: { items: [] } },
      links: [],
      tags: [],
      variables: [],
      annotations: [],
      timeSettings: { from: 'now-6h', to: 'now', autoRefresh: '', autoRefreshIntervals: ['5s', '1m'], hideTimepicker: false, fiscalYearStartMonth: 0, timezone: '' },
    };
    const created = await apiRequest(sandbox, 'POST', '/apis/dashboard.grafana.app/v2beta1/namespaces/default/dashboards', { apiVersion: 'dashboard.grafana.app/v2beta1', kind: 'Dashboard', metadata: { name: 'e' }, spec });
    expect(created.status).toBe(201);
    const read = (await apiRequest(sandbox, 'GET', '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards/e')).body.spec;
    expect(['tags', 'links', 'panels', 'templating'].filter((key) => Object.hasOwn(read, key))).toEqual([]);
    expect(read).toMatchObject({ title: 'Empty', annotations: { list: [] }, time: { from: 'now-6h', to: 'now' }, refresh: '', timepicker: { refresh_intervals: ['5s', '1m'] } });
  });
});

// v1beta1_to_v2alpha1.go buildAnnotationQuery: the query's spec is the annotation's `target` alone; its `type` and the keys
// without a field of their own go into `legacyOptions`, which v2alpha1_to_v1beta1.go writes at the annotation's root again
// (v1beta1-mig-v12.template-variables.v42.v2beta1.json: the built-in holds `legacyOptions: {"type": "dashboard"}`).
describe("a classic dashboard's annotations through v2", () => {
  const BUILT_IN = {
    builtIn: 1,
    datasource: { type: 'grafana', uid: '-- Grafana --' },
    enable: true,
    hide: true,
    iconColor: 'rgba(0, 211, 255, 1)',
    name: 'Annotations & Alerts',
    target: { limit: 100, matchAny: false, tags: [], type: 'dashboard' },
    type: 'dashboard',
  };
  const LOKI = { datasource: { type: 'loki', uid: 'loki-1' }, enable: true, hide: false, iconColor: 'red', name: 'Deploys', expr: '{job="deploy"}', tagKeys: 'app' };

  it('13: read at v2, the target is the query and the rest legacyOptions; read back at v1, each key where it was', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const spec = { title: 'A', schemaVersion: 42, annotations: { list: [BUILT_IN, LOKI] } };
    const created = await apiRequest(sandbox, 'POST', '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards', { apiVersion: 'dashboard.grafana.app/v1', kind: 'Dashboard', metadata: { name: 'a' }, spec });
    expect(created.status).toBe(201);
    const path = '/apis/dashboard.grafana.app/v2/namespaces/default/dashboards/a';
    const read = await apiRequest(sandbox, 'GET', path);
    const annotations = read.body.spec.annotations as { spec: { query: { spec: unknown }; legacyOptions?: unknown } }[];
    expect(annotations.map((annotation) => [annotation.spec.query.spec, annotation.spec.legacyOptions])).toEqual([
      [BUILT_IN.target, { type: 'dashboard' }],
      [{}, { expr: '{job="deploy"}', tagKeys: 'app' }],
    ]);
    // Stored as v2 (another client's write of that read), then read in the classic model.
    const { status: _status, ...object } = read.body;
    expect((await apiRequest(sandbox, 'PUT', path, object)).status).toBe(200);
    const classic = (await apiRequest(sandbox, 'GET', '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards/a')).body.spec;
    expect(classic.annotations.list).toEqual([BUILT_IN, LOKI]);
  });
});
