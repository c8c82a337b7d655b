import { describe, expect, it } from 'vitest';
import { migrateDashboardSpec, type MigrationOptions } from '../../src/sandbox/migration/index.js';

type Json = Record<string, unknown>;

/** Grafana 12.3+'s Migrate from the dashboard's own schemaVersion to `target`: defaults, the steps, the cleanup. */
function migrated(dashboard: Json, target: number, options: MigrationOptions = {}): Json {
  const result = migrateDashboardSpec(dashboard, target, { frontendDefaults: true, ...options });
  if ('error' in result) throw new Error(result.error.message);
  return result.spec;
}

/** Exactly one step, nothing around it. */
function step(version: number, dashboard: Json, options: MigrationOptions = {}): Json {
  const result = migrateDashboardSpec({ ...dashboard, schemaVersion: version - 1 }, version, options);
  if ('error' in result) throw new Error(result.error.message);
  return result.spec;
}

const at = (x: number, y: number, w: number, h: number) => ({ h, w, x, y });

// The input/output pairs are Grafana's own (apps/dashboard/pkg/migration/testdata/input/<name>.json and
// output/single_version/<name>.v<N>.json, the commits named), run through Migrate with its defaults and cleanup.
describe("the steps below 27, against Grafana's testdata", () => {
  it('V17: minSpan becomes maxPerRow (v17.minspan_to_maxperrow, output 43644d05)', () => {
    const panel = (id: number, type: string, title: string, gridPos: Json, minSpan?: unknown) => ({ id, type, title, ...(minSpan === undefined ? {} : { minSpan }), gridPos });
    const input = {
      title: 'V17',
      schemaVersion: 16,
      panels: [
        panel(1, 'graph', 'Panel with minSpan 8', at(0, 0, 12, 8), 8),
        panel(2, 'singlestat', 'Panel with minSpan 4', at(0, 8, 6, 4), 4),
        panel(3, 'table', 'Panel with minSpan 2', at(0, 12, 24, 6), 2),
        panel(4, 'graph', 'Panel with minSpan 12', at(12, 0, 12, 8), 12),
        panel(5, 'gauge', 'Panel with minSpan 24', at(0, 18, 24, 4), 24),
        panel(6, 'stat', 'Panel with minSpan 1', at(6, 8, 4, 3), 1),
        panel(7, 'graph', 'Panel without minSpan', at(12, 8, 8, 6)),
        panel(8, 'text', 'Panel with invalid minSpan', at(18, 8, 6, 4), 'invalid'),
        panel(9, 'graph', 'Panel with zero minSpan', at(0, 22, 6, 4), 0),
        panel(10, 'graph', 'Panel with negative minSpan', at(6, 22, 6, 4), -5),
      ],
    };
    const out = (id: number, type: string, title: string, gridPos: Json, extra: Json = {}) => ({ ...extra, gridPos, id, title, type });
    expect(migrated(input, 17).panels).toEqual([
      out(1, 'timeseries', 'Panel with minSpan 8', at(0, 0, 12, 8), { autoMigrateFrom: 'graph', maxPerRow: 3 }),
      out(4, 'timeseries', 'Panel with minSpan 12', at(12, 0, 12, 8), { autoMigrateFrom: 'graph', maxPerRow: 2 }),
      out(2, 'stat', 'Panel with minSpan 4', at(0, 8, 6, 4), { autoMigrateFrom: 'singlestat', maxPerRow: 6 }),
      out(6, 'stat', 'Panel with minSpan 1', at(6, 8, 4, 3)),
      out(7, 'timeseries', 'Panel without minSpan', at(12, 8, 8, 6), { autoMigrateFrom: 'graph' }),
      out(8, 'text', 'Panel with invalid minSpan', at(18, 8, 6, 4)),
      out(3, 'table', 'Panel with minSpan 2', at(0, 12, 24, 6), { maxPerRow: 12 }),
      out(5, 'gauge', 'Panel with minSpan 24', at(0, 18, 24, 4), { maxPerRow: 1 }),
      out(9, 'timeseries', 'Panel with zero minSpan', at(0, 22, 6, 4), { autoMigrateFrom: 'graph' }),
      out(10, 'timeseries', 'Panel with negative minSpan', at(6, 22, 6, 4), { autoMigrateFrom: 'graph' }),
    ]);
  });

  it('V19: panel links become {url, title}, targetBlank only where true (v19.panel_links, output d5cf7477)', () => {
    const input = {
      title: 'V19',
      schemaVersion: 18,
      panels: [
        { id: 1, type: 'graph', title: 'Legacy dashboard link', links: [{ dashboard: 'my dashboard', title: 'Dashboard Link', keepTime: true }] },
        { id: 2, type: 'stat', title: 'dashUri link', links: [{ dashUri: 'my-dashboard-uid', title: 'DashUri Link', includeVars: true }] },
        { id: 3, type: 'table', title: 'Custom params', links: [{ url: 'http://example.com', params: 'customParam=value', title: 'Custom Params Link' }] },
        {
          id: 4,
          type: 'timeseries',
          title: 'Complex link',
          links: [{ dashboard: 'complex dashboard', keepTime: true, includeVars: true, params: 'param1=value1&param2=value2', title: 'Complex Link', targetBlank: true }],
        },
        { id: 5, type: 'gauge', title: 'Existing URL', links: [{ url: 'http://existing-url.com', title: 'Existing URL Link' }] },
        { id: 6, type: 'singlestat', title: 'No links' },
      ],
    };
    const links = (migrated(input, 19).panels as Json[]).map((panel) => panel.links);
    expect(links).toEqual([
      [{ title: 'Dashboard Link', url: 'dashboard/db/my-dashboard?$__url_time_range' }],
      [{ title: 'DashUri Link', url: 'dashboard/my-dashboard-uid?$__all_variables' }],
      [{ title: 'Custom Params Link', url: 'http://example.com?customParam=value' }],
      [{ targetBlank: true, title: 'Complex Link', url: 'dashboard/db/complex-dashboard?$__url_time_range&$__all_variables&param1=value1&param2=value2' }],
      [{ title: 'Existing URL Link', url: 'http://existing-url.com' }],
      undefined,
    ]);
  });
});

describe("V23 against Grafana's testdata (v23.multi_variable_alignment, output 4c4c3150: the step's `current` values)", () => {
  it("aligns each variable's current with its multi, whatever its type; an empty or null current, or no multi, stays", () => {
    const current = (value: unknown, text: unknown = value) => ({ value, text, selected: true });
    const variable = (name: string, type: string, multi: boolean | undefined, value: unknown, text?: unknown) => ({
      name,
      type,
      ...(multi === undefined ? {} : { multi }),
      current: value === undefined || value === null ? value : typeof value === 'object' && !Array.isArray(value) ? value : current(value, text),
    });
    const list = [
      variable('multi_single_value', 'query', true, 'A'),
      variable('multi_array_value', 'query', true, ['B', 'C']),
      variable('non_multi_array_value', 'query', false, ['D']),
      variable('non_multi_single_value', 'query', false, 'E'),
      variable('no_multi_property', 'query', undefined, 'F'),
      variable('empty_current', 'query', true, {}),
      variable('nil_current', 'query', true, null),
      variable('custom_variable', 'custom', true, 'G'),
      variable('textbox_variable', 'textbox', false, 'H'),
      variable('datasource_variable', 'datasource', true, ['prometheus', 'influxdb'], ['Prometheus', 'InfluxDB']),
      variable('interval_variable', 'interval', false, ['1m']),
    ];
    const out = step(23, { templating: { list } }).templating as { list: Json[] };
    expect(out.list.map((each) => each.current)).toEqual([
      current(['A']),
      current(['B', 'C']),
      current('D'),
      current('E'),
      current('F'),
      {},
      null,
      current(['G']),
      current('H'),
      current(['prometheus', 'influxdb'], ['Prometheus', 'InfluxDB']),
      current('1m'),
    ]);
  });
});

describe('the steps below 27, from their Go source (schemaversion/v18.go … v26.go)', () => {
  it("V19: a link's other keys go, a non-object entry is dropped, a name is slugged as slugifyForURL does, none at all is \"/\"", () => {
    const out = step(19, { panels: [{ id: 1, type: 'graph', links: [{ dashboard: 'Ops: Nodes & Pods  (prod)', type: 'dashboard', icon: 'x', targetBlank: false }, 'text', {}] }] });
    expect((out.panels as Json[])[0]!.links).toEqual([{ url: 'dashboard/db/ops-nodes-pods-prod', title: '' }, { url: '/', title: '' }]);
  });

  it("V18: an old gauge's options-gauge becomes its options, value options grouped and thresholds reversed", () => {
    const gauge = { unit: 'ms', stat: 'last', decimals: 2, prefix: 'P', suffix: 'S', thresholds: [{ color: 'green', value: 0 }, { color: 'red', value: 100 }], minValue: 0, options: { bug: true } };
    const out = step(18, { panels: [{ id: 1, type: 'gauge', 'options-gauge': gauge, options: { old: true } }] });
    expect((out.panels as Json[])[0]).toEqual({
      id: 1,
      type: 'gauge',
      options: { valueOptions: { unit: 'ms', stat: 'last', decimals: 2, prefix: 'P', suffix: 'S' }, thresholds: [{ color: 'red', value: 100 }, { color: 'green', value: 0 }], minValue: 0 },
    });
  });

  it('V20 renames the old data-link variables, V21 the series labels; only in dataLinks and fieldOptions.defaults', () => {
    const options = () => ({
      dataLinks: [{ url: 'x?s=$__series_name&t=__value_time&l=${__series.labels.a}' }],
      fieldOptions: { defaults: { title: '__field_name $__field_name', links: [{ url: '$__series_name __series.labels' }] } },
      other: { url: '$__series_name' },
    });
    const v20 = step(20, { panels: [{ id: 1, type: 'graph', options: options() }] });
    expect((v20.panels as Json[])[0]!.options).toEqual({
      dataLinks: [{ url: 'x?s=${__series.name}&t=__value.time&l=${__series.labels.a}' }],
      fieldOptions: { defaults: { title: '__field.name ${__field.name}', links: [{ url: '${__series.name} __series.labels' }] } },
      other: { url: '$__series_name' },
    });
    const v21 = step(21, { panels: [{ id: 1, type: 'graph', options: options() }] });
    expect((v21.panels as Json[])[0]!.options).toMatchObject({
      dataLinks: [{ url: 'x?s=$__series_name&t=__value_time&l=${__field.labels.a}' }],
      fieldOptions: { defaults: { title: '__field_name $__field_name', links: [{ url: '$__series_name __field.labels' }] } },
    });
  });

  it("V22 aligns an old table's styles auto; V26 makes text2 a text panel without options.angular", () => {
    const v22 = step(22, { panels: [{ id: 1, type: 'table', styles: [{ pattern: 'Time', align: 'left' }, { pattern: '/.*/' }] }, { id: 2, type: 'graph', styles: [{ align: 'left' }] }] });
    expect((v22.panels as Json[]).map((panel) => panel.styles)).toEqual([[{ pattern: 'Time', align: 'auto' }, { pattern: '/.*/', align: 'auto' }], [{ align: 'left' }]]);
    const v26 = step(26, { panels: [{ id: 1, type: 'text2', options: { content: '# Hi', angular: true, mode: 'markdown' } }] });
    expect((v26.panels as Json[])[0]).toEqual({ id: 1, type: 'text', options: { content: '# Hi', mode: 'markdown' } });
  });

  it("reach a collapsed row's panels only with PR #128476 (collapsedRowSteps)", () => {
    const dashboard = { schemaVersion: 16, panels: [{ id: 1, type: 'row', collapsed: true, panels: [{ id: 2, type: 'text2', minSpan: 12, links: [{ dashboard: 'Other' }] }] }] };
    const nested = (collapsedRowSteps: boolean) => {
      const result = migrateDashboardSpec(dashboard, 26, { collapsedRowSteps });
      if ('error' in result) throw new Error(result.error.message);
      return ((result.spec.panels as Json[])[0]!.panels as Json[])[0];
    };
    expect(nested(false)).toEqual({ id: 2, type: 'text2', minSpan: 12, links: [{ dashboard: 'Other' }] });
    expect(nested(true)).toEqual({ id: 2, type: 'text', maxPerRow: 2, links: [{ url: 'dashboard/db/other', title: '' }] });
  });
});

describe("the cleanup's marks (migrate.go step 1, trackOriginalTransformations)", () => {
  it("a collapsed row's panel keeps an empty transformations list it had; a top-level one, or one given none, does not", () => {
    const dashboard = {
      schemaVersion: 42,
      panels: [
        { id: 1, type: 'timeseries', title: 'Top', gridPos: at(0, 0, 12, 8), transformations: [] },
        { id: 2, type: 'row', title: 'Row', collapsed: true, gridPos: at(0, 8, 24, 1), panels: [{ id: 3, type: 'timeseries', title: 'In', gridPos: at(0, 9, 12, 8), transformations: [] }, { id: 4, type: 'table', title: 'None', gridPos: at(12, 9, 12, 8) }] },
      ],
    };
    const panels = migrated(dashboard, 42).panels as Json[];
    expect(panels[0]).not.toHaveProperty('transformations');
    expect((panels[1]!.panels as Json[]).map((panel) => panel.transformations)).toEqual([[], undefined]);
    expect(JSON.stringify(panels)).not.toContain('_originally');
  });
});
