import { readFileSync } from 'node:fs';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { convertV1ToV2 } from '../../src/sandbox/apis/convert/v1-to-v2.js';
import { convertV2ToV1 } from '../../src/sandbox/apis/convert/v2-to-v1.js';
import { validateV2Spec } from '../../src/sandbox/apis/validate-v2-spec.js';
import { uiV2Spec } from '../../src/sandbox/ui-v2-save.js';

/** The example tree's classic dashboards: bare models, and the specs of classic resource files (its v2 files are v2 already). */
const corpus = fg
  .sync('dashboards/**/*.json', { ignore: ['**/_folder.json'] })
  .map((path) => ({ path, document: JSON.parse(readFileSync(path, 'utf8')) }))
  .filter(({ document }) => !String(document.apiVersion ?? '').startsWith('dashboard.grafana.app/v2'))
  .map(({ path, document }) => ({ path, model: 'apiVersion' in document ? document.spec : document }));

/** Every panel of a v1 model, rows' nested panels included, without the row panels themselves. */
function leafPanels(model: any): any[] {
  return (model.panels ?? []).flatMap((panel: any) => (panel.type === 'row' ? (panel.panels ?? []) : [panel]));
}

describe('v1 ⇄ v2 conversion over the repository corpus', () => {
  it.each(corpus)('$path becomes a valid v2 spec and back without losing a panel, query or variable', ({ model }) => {
    const v2 = convertV1ToV2(model);
    expect(validateV2Spec(v2)).toEqual([]);
    expect(Object.keys(v2.elements as object)).toHaveLength(leafPanels(model).length);
    expect(v2.variables).toHaveLength(model.templating?.list?.length ?? 0);
    const back = convertV2ToV1(v2, 42);
    const before = leafPanels(model).map((p) => [p.id, p.type, p.title, p.gridPos, (p.targets ?? []).length]);
    const after = leafPanels(back).map((p) => [p.id, p.type, p.title, p.gridPos, (p.targets ?? []).length]);
    expect(after.sort()).toEqual(before.sort());
    expect((back.templating as any).list.map((v: any) => [v.name, v.type])).toEqual((model.templating?.list ?? []).map((v: any) => [v.name, v.type]));
    expect([back.title, back.refresh, (back.time as any).from]).toEqual([model.title, model.refresh ?? '', model.time?.from ?? 'now-6h']);
  });

  it('builds a GridLayout of ElementReference items, or a RowsLayout when the dashboard has rows', () => {
    const grid = convertV1ToV2({
      title: 'T',
      panels: [{ id: 3, type: 'stat', title: 'S', gridPos: { x: 0, y: 0, w: 6, h: 4 }, targets: [{ refId: 'A', expr: 'up', datasource: { type: 'prometheus', uid: 'p' } }] }],
    });
    expect(grid.layout).toEqual({
      kind: 'GridLayout',
      spec: { items: [{ kind: 'GridLayoutItem', spec: { x: 0, y: 0, width: 6, height: 4, element: { kind: 'ElementReference', name: 'panel-3' } } }] },
    });
    expect((grid.elements as any)['panel-3'].spec.data.spec.queries[0]).toEqual({
      kind: 'PanelQuery',
      spec: { query: { kind: 'DataQuery', group: 'prometheus', version: 'v0', datasource: { name: 'p' }, spec: { expr: 'up' } }, refId: 'A', hidden: false },
    });
    const library = convertV1ToV2({ title: 'L', panels: [{ id: 1, title: 'Shared', gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lib', name: 'Shared' } }] });
    expect((library.elements as any)['panel-1']).toEqual({ kind: 'LibraryPanel', spec: { id: 1, title: 'Shared', libraryPanel: { uid: 'lib', name: 'Shared' } } });
  });

  // Grafana's convertToRowsLayout (v1beta1_to_v2alpha1.go): a panel after a row joins that row, collapsed or not.
  it("keeps a top-level panel that follows a collapsed row: it joins that row after the row's own panels", () => {
    const v2 = convertV1ToV2({
      title: 'R',
      panels: [
        { id: 1, type: 'stat', title: 'Top', gridPos: { x: 0, y: 0, w: 12, h: 4 } },
        { id: 2, type: 'row', title: 'Debug', collapsed: true, gridPos: { x: 0, y: 4, w: 24, h: 1 }, panels: [{ id: 3, type: 'stat', title: 'Inside', gridPos: { x: 0, y: 5, w: 12, h: 4 } }] },
        { id: 8, title: 'Memory', gridPos: { x: 0, y: 5, w: 12, h: 8 }, libraryPanel: { uid: 'lp-mem', name: 'Memory' } },
      ],
    });
    expect(Object.keys(v2.elements as object).sort()).toEqual(['panel-1', 'panel-3', 'panel-8']);
    const rows = (v2.layout as any).spec.rows;
    expect(rows.map((row: any) => [row.spec.title, row.spec.collapse, row.spec.layout.spec.items.map((item: any) => [item.spec.element.name, item.spec.y])])).toEqual([
      ['', false, [['panel-1', 0]]],
      ['Debug', true, [['panel-3', 0], ['panel-8', 0]]],
    ]);
  });

  // Grafana: apps/dashboard/pkg/migration/conversion/v1beta1_to_v2alpha1.go, transformPanelQueries/transformSingleQuery.
  it("gives each query its datasource as Grafana's conversion does: a concrete panel datasource wins, a mixed panel's queries keep their own", () => {
    const queriesOf = (panel: object) => {
      const v2 = convertV1ToV2({ title: 'Q', panels: [{ id: 1, type: 'timeseries', title: 'P', gridPos: { x: 0, y: 0, w: 6, h: 4 }, ...panel }] });
      return (v2.elements as any)['panel-1'].spec.data.spec.queries.map((query: any) => [query.spec.refId, query.spec.query.group, query.spec.query.datasource?.name]);
    };
    const prom = { type: 'prometheus', uid: 'prom' };
    const loki = { type: 'loki', uid: 'loki' };
    const expression = { type: '__expr__', uid: '__expr__' };
    expect(queriesOf({ datasource: prom, targets: [{ refId: 'A' }, { refId: 'B', datasource: loki }, { refId: 'C', datasource: expression }] })).toEqual([
      ['A', 'prometheus', 'prom'],
      ['B', 'prometheus', 'prom'],
      ['C', '__expr__', '__expr__'],
    ]);
    expect(queriesOf({ datasource: { type: 'datasource', uid: '-- Mixed --' }, targets: [{ refId: 'A', datasource: prom }, { refId: 'B', datasource: loki }, { refId: 'C' }] })).toEqual([
      ['A', 'prometheus', 'prom'],
      ['B', 'loki', 'loki'],
      // The mixed panel's `type: "datasource"` with no query datasource: Grafana's own (uid "grafana").
      ['C', 'datasource', 'grafana'],
    ]);
    expect(queriesOf({ datasource: { uid: '-- Mixed --' }, targets: [{ refId: 'A' }] })).toEqual([['A', '', undefined]]);
    expect(queriesOf({ datasource: { type: 'datasource' }, targets: [{ refId: 'A' }] })).toEqual([['A', 'datasource', 'grafana']]);
    // No targets, no queries: the v2 QueryGroup has no datasource of its own, so the panel's is gone (Grafana's too).
    expect(queriesOf({ datasource: prom })).toEqual([]);
    expect(queriesOf({ datasource: prom, targets: [] })).toEqual([]);
  });

  it("places a panel without gridPos at Grafana's default size (6 wide, 3 high)", () => {
    const v2 = convertV1ToV2({ title: 'G', panels: [{ id: 1, type: 'text', title: 'T' }] });
    expect((v2.layout as any).spec.items[0].spec).toMatchObject({ x: 0, y: 0, width: 6, height: 3 });
  });
});

// Grafana: v1beta1_to_v2alpha1.go (transformVariable…ToEnum of a missing value, buildVariableCurrent(nil),
// buildConstantVariable); the UI's save: sceneVariablesSetToSchemaV2Variables over the scene
// createSceneVariableFromVariableModel builds; back: v2alpha1_to_v1beta1.go (getPanelDatasource, convertConstantVariableToV1).
describe("sandbox-v2-51: the UI's v2 save, Grafana's backend conversion, and the way back", () => {
  const prom = { type: 'prometheus', uid: 'p' };
  const classic = {
    title: 'V',
    templating: {
      list: [
        { name: 'job', type: 'query', query: 'label_values(job)', datasource: prom },
        { name: 'source', type: 'datasource', query: 'prometheus', refresh: 2 },
        { name: 'filter', type: 'textbox', query: 'api' },
        { name: 'chosen', type: 'textbox', query: 'api', current: { selected: true, text: 'web', value: 'web' } },
        { name: 'region', type: 'constant', query: 'eu' },
      ],
    },
  };
  const variablesOf = (v2: Record<string, unknown>) =>
    (v2.variables as any[]).map(({ spec }) => [spec.name, spec.hide, spec.refresh, spec.sort, spec.current, typeof spec.query === 'string' ? spec.query : undefined]);
  const none = { text: '', value: '' };

  it('the backend fills a missing hide, refresh and sort with dontHide, never and disabled, a missing current with "", a constant\'s with its query; a current keeps text and value only', () => {
    expect(variablesOf(convertV1ToV2(classic))).toEqual([
      ['job', 'dontHide', 'never', 'disabled', none, undefined],
      ['source', 'dontHide', 'onTimeRangeChanged', undefined, none, undefined],
      ['filter', 'dontHide', undefined, undefined, none, 'api'],
      ['chosen', 'dontHide', undefined, undefined, { text: 'web', value: 'web' }, 'api'],
      ['region', 'dontHide', undefined, undefined, { text: 'eu', value: 'eu' }, 'eu'],
    ]);
    expect(convertV1ToV2(classic).annotations).toEqual([]);
  });

  it("the UI's save writes a datasource variable's refresh as onDashboardLoad, a textbox's value as its current and query, and adds the built-in annotation", () => {
    const saved = uiV2Spec(classic);
    expect(variablesOf(saved)).toEqual([
      ['job', 'dontHide', 'never', 'disabled', none, undefined],
      ['source', 'dontHide', 'onDashboardLoad', undefined, none, undefined],
      ['filter', 'dontHide', undefined, undefined, { text: 'api', value: 'api' }, 'api'],
      ['chosen', 'dontHide', undefined, undefined, { text: 'web', value: 'web' }, 'web'],
      ['region', 'dontHide', undefined, undefined, { text: 'eu', value: 'eu' }, 'eu'],
    ]);
    expect((saved.annotations as any[]).map((annotation) => [annotation.spec.name, annotation.spec.builtIn])).toEqual([['Annotations & Alerts', true]]);
  });

  it("the way back derives a panel's datasource from its queries and hides every constant", () => {
    const loki = { type: 'loki', uid: 'l' };
    const dashboard = { type: 'datasource', uid: '-- Dashboard --' };
    const back = (targets: object[]) =>
      convertV2ToV1(convertV1ToV2({ title: 'P', panels: [{ id: 1, type: 'timeseries', title: 'P', gridPos: { x: 0, y: 0, w: 6, h: 4 }, targets }], templating: classic.templating }), 42);
    const panelDatasource = (targets: object[]) => ((back(targets).panels as any[])[0] as any).datasource;
    expect(panelDatasource([{ refId: 'A', datasource: prom }, { refId: 'B', datasource: prom }])).toEqual(prom);
    expect(panelDatasource([{ refId: 'A', datasource: prom }, { refId: 'B', datasource: loki }])).toEqual({ type: 'mixed', uid: '-- Mixed --' });
    expect(panelDatasource([{ refId: 'A', datasource: dashboard }])).toEqual(dashboard);
    expect(panelDatasource([{ refId: 'A', datasource: dashboard }, { refId: 'B', datasource: dashboard }])).toEqual({ type: 'mixed', uid: '-- Mixed --' });
    expect(panelDatasource([])).toBeUndefined();
    const region = ((back([]).templating as any).list as any[]).find((variable) => variable.name === 'region');
    expect(region).toMatchObject({ type: 'constant', hide: 2, query: 'eu', current: { text: 'eu', value: 'eu' } });
  });
});

// Grafana: sceneVariablesSetToSchemaV2Variables (`regexApplyTo ?? 'value'`, `valuesFormat ?? 'csv'`);
// v1beta1_to_v2alpha1.go buildQueryVariable (getUnionField "regexApplyTo"), buildCustomVariable (valuesFormat json/csv);
// v2alpha1_to_v1beta1.go convertQueryVariableToV1 writes regexApplyTo back where set, convertCustomVariableToV1 no valuesFormat.
describe("review-mend-51c: a query variable's regexApplyTo and a custom variable's valuesFormat", () => {
  const variables = (regexApplyTo?: string, valuesFormat?: string) => ({
    title: 'R',
    templating: {
      list: [
        { name: 'job', type: 'query', query: 'label_values(job)', datasource: { type: 'prometheus', uid: 'p' }, ...(regexApplyTo ? { regexApplyTo } : {}) },
        { name: 'env', type: 'custom', query: 'a,b', ...(valuesFormat ? { valuesFormat } : {}) },
      ],
    },
  });
  const specs = (v2: Record<string, unknown>) => (v2.variables as any[]).map(({ spec }) => [spec.regexApplyTo, spec.valuesFormat]);

  it('the UI save writes "value" and "csv" where the classic variable has none, and keeps the ones it has; the backend conversion fills neither', () => {
    expect(specs(uiV2Spec(variables()))).toEqual([['value', undefined], [undefined, 'csv']]);
    expect(specs(uiV2Spec(variables('text', 'json')))).toEqual([['text', undefined], [undefined, 'json']]);
    expect(specs(convertV1ToV2(variables()))).toEqual([[undefined, undefined], [undefined, undefined]]);
    expect(specs(convertV1ToV2(variables('text', 'json')))).toEqual([['text', undefined], [undefined, 'json']]);
  });

  it('the way back writes regexApplyTo but no valuesFormat', () => {
    const back = convertV2ToV1(uiV2Spec(variables()), 7);
    const [job, env] = (back.templating as any).list as Record<string, unknown>[];
    expect(job).toMatchObject({ name: 'job', regexApplyTo: 'value' });
    expect(Object.hasOwn(env!, 'valuesFormat')).toBe(false);
  });

  it("sandbox-v2-52: the UI save empties a custom, a datasource and a query variable's options (keepQueryOptions is not passed)", () => {
    const listed = [{ selected: true, text: 'a', value: 'a' }];
    const classic = {
      title: 'O',
      templating: {
        list: [
          { name: 'env', type: 'custom', query: 'a', options: listed },
          { name: 'source', type: 'datasource', query: 'prometheus', options: listed },
          { name: 'job', type: 'query', query: 'label_values(job)', options: listed },
        ],
      },
    };
    expect((uiV2Spec(classic).variables as any[]).map(({ spec }) => spec.options)).toEqual([[], [], []]);
  });
});

// Grafana: getIntervalsFromQueryString, getCurrentValueForOldIntervalModel (public/app/features/dashboard-scene/utils),
// sceneVariablesSetToSchemaV2Variables' IntervalVariable branch, v2alpha1_to_v1beta1.go convertIntervalVariableToV1.
describe("sandbox-v2-52: an interval variable through the UI's v2 save and back", () => {
  const step = (variable: object) => ({ title: 'I', templating: { list: [{ name: 'step', type: 'interval', ...variable }] } });
  const saved = (variable: object) => (uiV2Spec(step(variable)).variables as any[])[0].spec;

  it('writes the scene\'s intervals as query and options and its pick as current; auto, auto_min and auto_count default to false, "" and 0', () => {
    const spec = saved({ query: "1m, 5m,'1h',5m", current: { selected: true, text: '5m', value: '5m' }, options: [{ text: 'x', value: 'x', selected: true }], refresh: 2 });
    expect(spec).toMatchObject({ query: '1m,5m,1h', current: { text: '5m', value: '5m' }, auto: false, auto_min: '', auto_count: 0, refresh: 'never' });
    expect(spec.options).toEqual([
      { text: '1m', value: '1m', selected: false },
      { text: '5m', value: '5m', selected: true },
      { text: '1h', value: '1h', selected: false },
    ]);
    expect(saved({ query: '1m,5m', auto: true, auto_min: '10s', auto_count: 30 })).toMatchObject({ auto: true, auto_min: '10s', auto_count: 30 });
  });

  it('picks $__auto for the old auto form, the first interval for none or one not listed, and the default intervals for an empty query', () => {
    expect(saved({ query: '1m,5m', current: { text: 'auto', value: '$__auto_interval_step' } }).current).toEqual({ text: '$__auto', value: '$__auto' });
    expect(saved({ query: '1m,5m' }).current).toEqual({ text: '1m', value: '1m' });
    expect(saved({ query: '1m,5m', current: { text: '7m', value: '7m' } }).current).toEqual({ text: '1m', value: '1m' });
    expect(saved({ query: '' }).query).toBe('1m,10m,30m,1h,6h,12h,1d,7d,14d,30d');
  });

  it('the way back writes no refresh for it, and its options and current as saved', () => {
    const back = (convertV2ToV1(uiV2Spec(step({ query: '1m,5m', refresh: 2, current: { text: '5m', value: '5m' } })), 42).templating as any).list[0];
    expect(Object.hasOwn(back, 'refresh')).toBe(false);
    expect(back).toMatchObject({ type: 'interval', query: '1m,5m', current: { text: '5m', value: '5m' }, auto: false, auto_min: '', auto_count: 0 });
    expect(back.options.map((option: any) => [option.value, option.selected])).toEqual([['1m', false], ['5m', true]]);
  });
});
