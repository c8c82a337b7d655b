import { describe, expect, it } from 'vitest';
import { migrateDashboardSpec } from '../../src/sandbox/migration/index.js';

type Json = Record<string, unknown>;

/** V24 alone (no defaults pass or cleanup: the sandbox's cleanup follows later releases than the output file). */
function migrated(dashboard: Json, target: number): Json {
  const result = migrateDashboardSpec(dashboard, target, { tablePluginVersion: '1.0.0' });
  if ('error' in result) throw new Error(result.error.message);
  return result.spec;
}

const tableOptions = { cellHeight: 'sm', footer: { countRows: false, fields: '', reducer: ['sum'], show: false }, showHeader: true };
// `footer` is v24.go's (56dcfbc7) migrateDefaults; the output file (4c4c3150) has none (UNCONFIRMED which is newer).
const custom = (extra: Json = {}) => ({ align: 'auto', cellOptions: { type: 'auto' }, inspect: false, footer: { reducer: [] }, ...extra });
const steps = (...list: Json[]) => ({ mode: 'absolute', steps: list });
const tableDefaultSteps = steps({ color: 'green' }, { color: 'red', value: 80 });
const table = (id: number, defaults: Json, overrides: Json[] = [], extra: Json = {}) => ({
  id,
  type: 'table',
  title: `T${id}`,
  fieldConfig: { defaults: { custom: custom(), mappings: [], thresholds: tableDefaultSteps, ...defaults }, overrides },
  options: tableOptions,
  pluginVersion: '1.0.0',
  transformations: [],
  targets: [{ refId: 'A' }],
  ...extra,
});
const byName = (options: string, ...properties: Json[]) => ({ matcher: { id: 'byName', options }, properties });
const byRegexp = (options: string, ...properties: Json[]) => ({ matcher: { id: 'byRegexp', options }, properties });

// Grafana's pair apps/dashboard/pkg/migration/testdata/input/v24.table-angular.json (90e957b7) →
// output/single_version/v24.table-angular.v24.json (4c4c3150), panels 1–3, 6–8, 12, 14–16 (titles and descriptions shortened),
// the step alone, the table plugin at the test provider's "1.0.0".
describe("V24 against Grafana's testdata (v24.table-angular)", () => {
  const input = {
    schemaVersion: 23,
    panels: [
      { id: 1, type: 'table', title: 'T1', legend: true, styles: [{ thresholds: ['10', '20', '30'], colors: ['red', 'yellow', 'green'], pattern: '/.*/' }], targets: [{ refId: 'A' }, {}] },
      {
        id: 2,
        type: 'table',
        title: 'T2',
        styles: [
          { pattern: '/.*/', thresholds: ['100', '500'], colors: ['green', 'yellow', 'red'], unit: 'bytes', decimals: 2, align: 'center', colorMode: 'cell' },
          { pattern: 'Status', alias: 'Current Status', unit: 'short', decimals: 0, colorMode: 'value', align: 'left' },
          { pattern: '/Error.*/', link: true, linkUrl: 'http://example.com/errors', linkTooltip: 'View error details', linkTargetBlank: true, colorMode: 'row' },
          { pattern: 'Time', type: 'date', dateFormat: 'YYYY-MM-DD HH:mm:ss', alias: 'Timestamp' },
          { pattern: 'Hidden', type: 'hidden' },
        ],
        targets: [{ refId: 'A' }],
      },
      {
        id: 3,
        type: 'table',
        title: 'T3',
        styles: [{ pattern: '/.*/', unit: 'percent', decimals: 1 }],
        transform: 'timeseries_aggregations',
        columns: ['avg', 'max', 'min', 'total', 'current', 'count'].map((value) => ({ value, text: value })),
        targets: [{ refId: 'A' }],
      },
      { id: 6, type: 'table', title: 'T6', styles: [{ pattern: '/.*/', align: 'auto' }], transform: 'table', targets: [{ refId: 'A' }] },
      {
        id: 7,
        type: 'table',
        title: 'T7',
        styles: [{ pattern: '/.*/', unit: 'short' }],
        transformations: [{ id: 'filterFieldsByName', options: { include: { names: ['field1', 'field2'] } } }],
        transform: 'timeseries_to_rows',
        targets: [{ refId: 'A' }],
      },
      { id: 8, type: 'table', title: 'T8', styles: [{ pattern: '/.*/', thresholds: [10, '20', 30.5], colors: ['green', 'yellow', 'orange', 'red'] }], targets: [{ refId: 'A' }] },
      {
        id: 12,
        type: 'table',
        title: 'T12',
        styles: [
          { pattern: '/.*/', unit: 'short' },
          { pattern: 'LinkWithoutTooltip', link: true, linkUrl: 'http://example.com/no-tooltip', linkTargetBlank: false },
        ],
        targets: [{ refId: 'A' }],
      },
      { id: 14, type: 'table', title: 'T14', table: 'table2', styles: [{ pattern: '/.*/', unit: 'short' }], targets: [{ refId: 'A' }] },
      { id: 15, type: 'table', title: 'T15', targets: [{ refId: 'A' }] },
      { id: 16, type: 'graph', title: 'T16', targets: [{ refId: 'A' }] },
    ],
  };

  it('converts each Angular table as Grafana does and leaves the rest', () => {
    const panels = migrated(input, 24).panels as Json[];
    expect(panels).toEqual([
      table(1, { thresholds: steps({ color: 'red', value: null }, { color: 'yellow', value: 10 }, { color: 'green', value: 20 }, { color: 'red', value: 30 }) }, [], {
        legend: true,
        targets: [{ refId: 'A' }, {}],
      }),
      table(
        2,
        {
          custom: custom({ align: 'center', cellOptions: { type: 'color-background' } }),
          decimals: 2,
          thresholds: steps({ color: 'green', value: null }, { color: 'yellow', value: 100 }, { color: 'red', value: 500 }),
          unit: 'bytes',
        },
        [
          byName('Status', { id: 'displayName', value: 'Current Status' }, { id: 'unit', value: 'short' }, { id: 'decimals', value: 0 }, { id: 'custom.cellOptions', value: { type: 'color-text' } }, { id: 'custom.align', value: 'left' }),
          byRegexp('/Error.*/', { id: 'links', value: [{ targetBlank: true, title: 'View error details', url: 'http://example.com/errors' }] }, { id: 'custom.cellOptions', value: { type: 'color-background' } }),
          byName('Time', { id: 'displayName', value: 'Timestamp' }, { id: 'unit', value: 'time: YYYY-MM-DD HH:mm:ss' }),
          byName('Hidden', { id: 'custom.hideFrom.viz', value: true }),
        ],
      ),
      table(3, { decimals: 1, unit: 'percent' }, [], {
        transformations: [{ id: 'reduce', options: { includeTimeField: false, reducers: ['mean', 'max', 'min', 'sum', 'lastNotNull', 'count'] } }],
      }),
      table(6, { custom: custom({ align: '' }) }, [], { transformations: [{ id: 'merge', options: { reducers: [] } }] }),
      table(7, { unit: 'short' }, [], {
        transformations: [
          { id: 'filterFieldsByName', options: { include: { names: ['field1', 'field2'] } } },
          { id: 'seriesToRows', options: { reducers: [] } },
        ],
      }),
      table(8, { thresholds: steps({ color: 'green', value: null }, { color: 'yellow', value: 10 }, { color: 'orange', value: 20 }, { color: 'red', value: 30.5 }) }),
      table(12, { unit: 'short' }, [byName('LinkWithoutTooltip', { id: 'links', value: [{ targetBlank: false, title: '', url: 'http://example.com/no-tooltip' }] })]),
      input.panels[7],
      input.panels[8],
      input.panels[9],
    ]);
  });

  it('on a v1 write, stamps the instance version as pluginVersion (a core plugin: the Grafana version)', () => {
    const result = migrateDashboardSpec({ schemaVersion: 16, panels: [input.panels[3]] }, 42, { frontendDefaults: true, tablePluginVersion: '13.0.2' });
    if ('error' in result) throw new Error(result.error.message);
    expect((result.spec.panels as Json[])[0]).toMatchObject({ type: 'table', pluginVersion: '13.0.2', transformations: [{ id: 'merge', options: { reducers: [] } }] });
    expect((result.spec.panels as Json[])[0]).not.toHaveProperty('styles');
  });

  it("reaches a collapsed row's table only with PR #128476 (13.2 on)", () => {
    const row = { id: 20, type: 'row', collapsed: true, panels: [input.panels[3]] };
    for (const collapsedRowSteps of [false, true]) {
      const result = migrateDashboardSpec({ schemaVersion: 23, panels: [row] }, 24, { collapsedRowSteps, tablePluginVersion: '13.2.0' });
      if ('error' in result) throw new Error(result.error.message);
      const nested = ((result.spec.panels as Json[])[0]!.panels as Json[])[0]!;
      expect(nested.pluginVersion).toBe(collapsedRowSteps ? '13.2.0' : undefined);
      expect(Object.hasOwn(nested, 'styles')).toBe(!collapsedRowSteps);
    }
  });
});
