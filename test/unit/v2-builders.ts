/** Small builders for v2 dashboards (v2beta1 shapes) and dashboard resources: sensible defaults, overrides win. */

type Json = Record<string, unknown>;

export function query(refId: string, expr: string, datasource = 'prom-1'): Json {
  return {
    kind: 'PanelQuery',
    spec: { refId, hidden: false, query: { kind: 'DataQuery', group: 'prometheus', version: 'v0', datasource: { name: datasource }, spec: { expr } } },
  };
}

export function panel(id: number, title: string, queries: Json[] = [], extra: Json = {}): Json {
  return {
    kind: 'Panel',
    spec: {
      id,
      title,
      description: '',
      links: [],
      data: { kind: 'QueryGroup', spec: { queries, transformations: [], queryOptions: {} } },
      vizConfig: { kind: 'VizConfig', group: 'timeseries', version: '', spec: { options: {}, fieldConfig: { defaults: {}, overrides: [] } } },
      ...extra,
    },
  };
}

export function gridItem(name: string, x = 0, y = 0, width = 12, height = 8): Json {
  return { kind: 'GridLayoutItem', spec: { x, y, width, height, element: { kind: 'ElementReference', name } } };
}

export function grid(...items: Json[]): Json {
  return { kind: 'GridLayout', spec: { items } };
}

export function rows(...list: { title: string; layout: Json; collapse?: boolean }[]): Json {
  return { kind: 'RowsLayout', spec: { rows: list.map(({ title, layout, collapse = false }) => ({ kind: 'RowsLayoutRow', spec: { title, collapse, layout } })) } };
}

export function tabs(...list: { title: string; layout: Json }[]): Json {
  return { kind: 'TabsLayout', spec: { tabs: list.map(({ title, layout }) => ({ kind: 'TabsLayoutTab', spec: { title, layout } })) } };
}

export function variable(name: string, query: string, kind = 'CustomVariable'): Json {
  return { kind, spec: { name, query, current: { text: '', value: '' }, hide: 'dontHide', skipUrlSync: false, multi: false, includeAll: false, options: [] } };
}

/** A v2 spec: one panel in a grid unless told otherwise. */
export function v2Spec(overrides: Json = {}): Json {
  return {
    annotations: [],
    cursorSync: 'Off',
    editable: true,
    elements: { 'panel-1': panel(1, 'CPU', [query('A', 'rate(cpu[5m])')]) },
    layout: grid(gridItem('panel-1')),
    links: [],
    preload: false,
    tags: [],
    timeSettings: { timezone: 'browser', from: 'now-6h', to: 'now', autoRefresh: '', autoRefreshIntervals: ['5s', '1m'], hideTimepicker: false, fiscalYearStartMonth: 0 },
    title: 'Service',
    variables: [],
    ...overrides,
  };
}

export function resource(apiVersion: string, name: string | undefined, spec: Json, metadata: Json = {}): Json {
  return { apiVersion: `dashboard.grafana.app/${apiVersion}`, kind: 'Dashboard', metadata: { ...(name === undefined ? {} : { name }), ...metadata }, spec };
}
