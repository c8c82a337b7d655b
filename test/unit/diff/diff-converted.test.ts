import { describe, expect, it } from 'vitest';
import { diffConverted } from '../../../src/diff/drop-conversion-artifacts.js';

const none = { labels: {}, annotations: {} };
const classic = (spec: Record<string, unknown>) => ({ schema: 'v1' as const, spec, metadata: none });
const row = (id: number, title: string) => ({ id, type: 'row', title, collapsed: false, panels: [], gridPos: { h: 1, w: 24, x: 0, y: 0 } });

describe("diffConverted: a file against Grafana's conversion of its dashboard from the other schema", () => {
  it('takes the file\'s row ids for the rows the conversion numbered anew, matched by place and title, and shows a retitled row', () => {
    const file = classic({ title: 'T', panels: [row(1, 'A'), { id: 2, type: 'stat', title: 'S' }, row(3, 'B')] });
    const converted = classic({ title: 'T', panels: [row(4, 'A'), { id: 2, type: 'stat', title: 'S' }, row(5, 'B (renamed)')] });
    expect(diffConverted(converted, file).changes.map((change) => `${change.kind} ${change.path}`)).toEqual(['added panels[id=3 "B"]', 'removed panels[id=5 "B (renamed)"]']);
  });

  it('leaves out values empty all the way down on one side, and a variable\'s one blank option, but not an option with a value', () => {
    const variable = (options?: unknown[]) => ({ name: 'q', type: 'textbox', query: '', ...(options ? { options } : {}) });
    const file = classic({ title: 'T', panels: [{ id: 1, type: 'logs', title: 'L' }], templating: { list: [variable([{ selected: true, text: '', value: '' }])] } });
    const converted = classic({ title: 'T', panels: [{ id: 1, type: 'logs', title: 'L', fieldConfig: { defaults: {}, overrides: [] } }], templating: { list: [variable()] } });
    expect(diffConverted(converted, file)).toEqual({ changes: [], unsureDefaults: [] });
    const chosen = classic({ ...file.spec, templating: { list: [variable([{ selected: true, text: 'x', value: 'x' }])] } });
    expect(diffConverted(converted, chosen).changes.map((change) => change.path)).toEqual(['templating.list[name="q"].options']);
  });

  // Grafana: v2alpha1_to_v1.go (convertDashboardSpec_V2alpha1_to_V1, convertTimeSettingsToV1, convertPanelQueryToV1)
  // writes these whatever the v2 spec holds; v1beta1_to_v2alpha1.go and the UI's v2 save give them these values.
  const INTERVALS = ['5s', '10s', '30s', '1m', '5m', '15m', '30m', '1h', '2h', '1d'];
  const prometheus = { type: 'prometheus', uid: 'prometheus' };
  const panel = (targets: object[], datasource: unknown = prometheus) => ({ id: 1, type: 'timeseries', title: 'P', datasource, targets });
  const bare = () => classic({ title: 'T', description: 'from git', panels: [panel([{ refId: 'A', expr: 'up' }])] });
  /** What 13's conversion gives for bare() after a v2 save that changed nothing but `edits`. */
  const convertedAfterSave = (edits: Record<string, unknown> = {}) =>
    classic({
      title: 'T',
      description: 'from git',
      editable: true,
      fiscalYearStartMonth: 0,
      graphTooltip: 0,
      liveNow: false,
      preload: false,
      refresh: '',
      time: { from: 'now-6h', to: 'now' },
      timepicker: { refresh_intervals: INTERVALS },
      timezone: 'browser',
      panels: [panel([{ refId: 'A', expr: 'up', datasource: prometheus }])],
      ...edits,
    });
  const shown = (converted: ReturnType<typeof classic>, file = bare()) => diffConverted(converted, file).changes.map((change) => `${change.kind} ${change.path}`);

  it('leaves out the defaults the conversion writes where the file has none, and names timezone "browser" as unsure', () => {
    expect(diffConverted(convertedAfterSave(), bare())).toEqual({ changes: [], unsureDefaults: [{ field: 'timezone', value: 'browser' }] });
    expect(shown(convertedAfterSave({ description: 'edited in the UI' }))).toEqual(['changed description']);
  });

  it('shows every value that is not the default, and a default the file sets otherwise', () => {
    const edited = convertedAfterSave({ timezone: 'utc', editable: false, graphTooltip: 1, fiscalYearStartMonth: 3, liveNow: true, time: { from: 'now-1h', to: 'now' } });
    expect(shown(edited)).toEqual(['removed editable', 'removed fiscalYearStartMonth', 'removed graphTooltip', 'removed liveNow', 'removed time', 'removed timezone']);
    expect(diffConverted(edited, bare()).unsureDefaults).toEqual([]);
    const fileWithTimezone = classic({ ...bare().spec, timezone: 'utc', editable: false });
    expect(shown(convertedAfterSave(), fileWithTimezone)).toEqual(['changed editable', 'changed timezone']);
    expect(diffConverted(convertedAfterSave(), fileWithTimezone).unsureDefaults).toEqual([]);
  });

  it('goes key by key into an object: the default intervals go, a hidden time picker or other intervals stay', () => {
    expect(shown(convertedAfterSave({ timepicker: { hidden: true, refresh_intervals: INTERVALS } }))).toEqual(['removed timepicker']);
    expect(diffConverted(convertedAfterSave({ timepicker: { hidden: true, refresh_intervals: INTERVALS } }), bare()).changes[0]).toMatchObject({ before: { hidden: true } });
    expect(shown(convertedAfterSave({ timepicker: { refresh_intervals: ['1m'] } }))).toEqual(['removed timepicker']);
    expect(shown(convertedAfterSave(), classic({ ...bare().spec, timepicker: {} }))).toEqual([]);
    expect(shown(convertedAfterSave({ time: { from: 'now-6h', to: 'now' } }), classic({ ...bare().spec, time: { from: 'now-6h' } }))).toEqual([]);
  });

  it('review 15 L-1: a time range with one end at its default is shown whole where the file has no time, key by key inside the file\'s', () => {
    const range = { from: 'now-6h', to: 'now-1h' };
    expect(diffConverted(convertedAfterSave({ time: range }), bare()).changes).toEqual([{ path: 'time', kind: 'removed', before: range }]);
    expect(diffConverted(convertedAfterSave({ time: { from: 'now-24h', to: 'now' } }), bare()).changes).toEqual([{ path: 'time', kind: 'removed', before: { from: 'now-24h', to: 'now' } }]);
    const fileFrom = classic({ ...bare().spec, time: { from: 'now-6h' } });
    expect(diffConverted(convertedAfterSave({ time: range }), fileFrom).changes).toEqual([{ path: 'time.to', kind: 'removed', before: 'now-1h' }]);
  });

  it("leaves out a query's datasource where the file's query names none and it is the file panel's, also in a collapsed row", () => {
    const loki = { type: 'loki', uid: 'loki' };
    expect(shown(convertedAfterSave({ panels: [panel([{ refId: 'A', expr: 'up', datasource: loki }], loki)] }))).toEqual([
      'changed panels[id=1 "P"].datasource.type',
      'changed panels[id=1 "P"].datasource.uid',
      'removed panels[id=1 "P"].targets[0].datasource',
    ]);
    const inRow = (targets: object[]) => [{ id: 9, type: 'row', title: 'R', collapsed: true, panels: [panel(targets)] }];
    const file = classic({ ...bare().spec, panels: inRow([{ refId: 'A', expr: 'up' }]) });
    expect(shown(convertedAfterSave({ panels: inRow([{ refId: 'A', expr: 'up', datasource: prometheus }]) }), file)).toEqual([]);
    const variable = (schemaVersion: number) => classic({ ...bare().spec, schemaVersion, panels: [panel([{ refId: 'A', expr: 'up' }], '$ds')] });
    const held = convertedAfterSave({ schemaVersion: 42, panels: [panel([{ refId: 'A', expr: 'up', datasource: { type: '', uid: '$ds' } }], { uid: '$ds' })] });
    expect(shown(held, variable(42))).toEqual(['changed panels[id=1 "P"].datasource']);
    // Below 36, `{uid: "$ds"}` is what V33/V36 make of the file's string on a push: no change.
    expect(shown(held, variable(32))).toEqual([]);
  });

  // Grafana: v1beta1_to_v2alpha1.go fills a variable's missing keys (skipUrlSync false, multi/includeAll false,
  // allowCustomValue true, regex "", options []) and v2alpha1_to_v1beta1.go writes them back; the migration adds the
  // built-in annotation (addBuiltInAnnotationQuery) that convertAnnotationsToV1 writes back.
  const BUILT_IN = { builtIn: 1, datasource: { type: 'grafana', uid: '-- Grafana --' }, enable: true, hide: true, iconColor: 'rgba(0, 211, 255, 1)', name: 'Annotations & Alerts', type: 'dashboard' };
  const queryVariable = { name: 'job', type: 'query', query: 'label_values(job)', datasource: prometheus, refresh: 1 };
  const savedVariable = { ...queryVariable, skipUrlSync: false, multi: false, includeAll: false, allowCustomValue: true, regex: '', options: [] };

  it("leaves out a variable's keys the conversion fills with their defaults, and the built-in annotation it adds, where the file has neither", () => {
    const file = classic({ ...bare().spec, templating: { list: [queryVariable, { name: 'env', type: 'custom', query: 'a,b' }] } });
    const saved = convertedAfterSave({
      templating: { list: [savedVariable, { name: 'env', type: 'custom', query: 'a,b', skipUrlSync: false, multi: false, includeAll: false, allowCustomValue: true, options: [] }] },
      annotations: { list: [BUILT_IN] },
    });
    expect(shown(saved, file)).toEqual([]);
  });

  it('shows a variable value that is not the default, a default the file sets otherwise, and a built-in annotation that differs or the file already has', () => {
    const file = classic({ ...bare().spec, templating: { list: [{ ...queryVariable, includeAll: true }] } });
    const edited = convertedAfterSave({ templating: { list: [{ ...savedVariable, multi: true, allowCustomValue: false }] }, annotations: { list: [{ ...BUILT_IN, hide: false }] } });
    expect(shown(edited, file)).toEqual([
      'removed annotations',
      'removed templating.list[name="job"].allowCustomValue',
      'changed templating.list[name="job"].includeAll',
      'removed templating.list[name="job"].multi',
    ]);
    const withOwn = classic({ ...bare().spec, annotations: { list: [{ ...BUILT_IN, name: 'Own' }] } });
    expect(shown(convertedAfterSave({ annotations: { list: [BUILT_IN] } }), withOwn)).toEqual([
      'added annotations.list[name="Own"]',
      'removed annotations.list[name="Annotations & Alerts"]',
    ]);
  });

  // Grafana: the UI's v2 save (sceneVariablesSetToSchemaV2Variables) writes hide "dontHide", a query variable's refresh
  // "never" and sort "disabled", a datasource variable's refresh "onDashboardLoad", and the scene's value as current
  // ("" without one; a textbox's and a constant's query); v2alpha1_to_v1beta1.go writes them back (a constant's hide
  // always 2) and derives a panel datasource from the queries (getPanelDatasource).
  const loki = { type: 'loki', uid: 'loki' };
  const bareVariables = [
    { name: 'job', type: 'query', query: 'label_values(job)', datasource: prometheus },
    { name: 'source', type: 'datasource', query: 'prometheus' },
    { name: 'filter', type: 'textbox', query: 'api' },
    { name: 'region', type: 'constant', query: 'eu' },
  ];
  const uiSaved = (edits: { job?: object; source?: object; filter?: object; region?: object } = {}) => [
    { ...bareVariables[0], ...savedVariable, datasource: prometheus, refresh: 0, hide: 0, sort: 0, current: { text: '', value: '' }, ...edits.job },
    { ...bareVariables[1], hide: 0, refresh: 1, skipUrlSync: false, multi: false, includeAll: false, allowCustomValue: true, regex: '', options: [], current: { text: '', value: '' }, ...edits.source },
    { ...bareVariables[2], hide: 0, skipUrlSync: false, current: { text: 'api', value: 'api' }, ...edits.filter },
    { ...bareVariables[3], hide: 2, skipUrlSync: false, current: { text: 'eu', value: 'eu' }, ...edits.region },
  ];
  const byQueries = (targets: object[], datasource?: unknown) => ({ id: 2, type: 'timeseries', title: 'Q', targets, ...(datasource === undefined ? {} : { datasource }) });
  const fileWithVariables = () =>
    classic({ ...bare().spec, templating: { list: bareVariables }, panels: [...bare().spec.panels as object[], byQueries([{ refId: 'A', datasource: prometheus }, { refId: 'B', datasource: prometheus }])] });
  const savedWithVariables = (edits: Parameters<typeof uiSaved>[0] = {}, panel2: object = byQueries([{ refId: 'A', datasource: prometheus }, { refId: 'B', datasource: prometheus }], prometheus)) =>
    convertedAfterSave({ templating: { list: uiSaved(edits) }, panels: [panel([{ refId: 'A', expr: 'up', datasource: prometheus }]), panel2] });

  it("sandbox-v2-51: leaves out a variable's hide, refresh, sort and current the UI's v2 save writes where the file has none, and the panel datasource derived from its queries", () => {
    expect(shown(savedWithVariables(), fileWithVariables())).toEqual([]);
    // Queries on two data sources: the conversion back writes the mixed reference; one reading another panel, the Dashboard one.
    const twoSources = [{ refId: 'A', datasource: prometheus }, { refId: 'B', datasource: loki }];
    const mixedFile = classic({ ...fileWithVariables().spec, panels: [...bare().spec.panels as object[], byQueries(twoSources)] });
    expect(shown(savedWithVariables({}, byQueries(twoSources, { type: 'mixed', uid: '-- Mixed --' })), mixedFile)).toEqual([]);
    const dashboardQuery = [{ refId: 'A', datasource: { type: 'datasource', uid: '-- Dashboard --' }, panelId: 1 }];
    const dashboardFile = classic({ ...fileWithVariables().spec, panels: [...bare().spec.panels as object[], byQueries(dashboardQuery)] });
    expect(shown(savedWithVariables({}, byQueries(dashboardQuery, { type: 'datasource', uid: '-- Dashboard --' })), dashboardFile)).toEqual([]);
  });

  it('sandbox-v2-51: shows a hide, refresh, sort or current chosen in the UI, one the file sets otherwise, and a panel datasource its queries do not give', () => {
    const edited = savedWithVariables(
      { job: { hide: 1, refresh: 2, sort: 3, current: { text: 'node', value: 'node' } }, source: { refresh: 2 }, filter: { current: { text: 'web', value: 'web' } }, region: { hide: 0 } },
      byQueries([{ refId: 'A', datasource: prometheus }, { refId: 'B', datasource: prometheus }], loki),
    );
    expect(shown(edited, fileWithVariables())).toEqual([
      'removed panels[id=2 "Q"].datasource',
      'removed templating.list[name="job"].current',
      'removed templating.list[name="job"].hide',
      'removed templating.list[name="job"].refresh',
      'removed templating.list[name="job"].sort',
      'removed templating.list[name="source"].refresh',
      'removed templating.list[name="filter"].current',
      'removed templating.list[name="region"].hide',
    ]);
    const ownValues = classic({ ...fileWithVariables().spec, templating: { list: [{ ...bareVariables[0], refresh: 1, current: { text: 'node', value: 'node' } }, ...bareVariables.slice(1)] } });
    expect(shown(savedWithVariables(), ownValues)).toEqual(['changed templating.list[name="job"].current.text', 'changed templating.list[name="job"].current.value', 'changed templating.list[name="job"].refresh']);
  });

  it("sandbox-v2-51: leaves out a file's current.selected, which a v2 current (text and value only) cannot carry, but not another value", () => {
    const chosen = { name: 'env', type: 'custom', query: 'a,b', current: { selected: true, text: 'a', value: 'a' } };
    const file = classic({ ...bare().spec, templating: { list: [chosen] } });
    const saved = (current: object) =>
      convertedAfterSave({ templating: { list: [{ ...chosen, hide: 0, skipUrlSync: false, multi: false, includeAll: false, allowCustomValue: true, options: [], current }] } });
    expect(shown(saved({ text: 'a', value: 'a' }), file)).toEqual([]);
    expect(shown(saved({ text: 'b', value: 'b' }), file)).toEqual(['changed templating.list[name="env"].current.text', 'changed templating.list[name="env"].current.value']);
  });

  // Grafana: the UI's v2 save writes a query variable's `regexApplyTo ?? 'value'` (sceneVariablesSetToSchemaV2Variables),
  // and v2alpha1_to_v1beta1.go convertQueryVariableToV1 writes it back where set.
  it("review-mend-51c: leaves out a query variable's regexApplyTo \"value\" the UI's v2 save writes where the file has none, but not another one or one the file sets", () => {
    const file = classic({ ...bare().spec, templating: { list: [queryVariable] } });
    const saved = (regexApplyTo: string) => convertedAfterSave({ templating: { list: [{ ...savedVariable, regexApplyTo }] } });
    expect(shown(saved('value'), file)).toEqual([]);
    expect(shown(saved('text'), file)).toEqual(['removed templating.list[name="job"].regexApplyTo']);
    const fileWithText = classic({ ...bare().spec, templating: { list: [{ ...queryVariable, regexApplyTo: 'text' }] } });
    expect(shown(saved('value'), fileWithText)).toEqual(['changed templating.list[name="job"].regexApplyTo']);
  });

  // Grafana: the UI's v2 save writes `options: []` for custom, datasource and query variables whatever they held
  // (sceneVariablesSetToSchemaV2Variables: a query variable's only with keepQueryOptions, which the save does not pass);
  // Grafana works them out anew on load (a query variable's by running its query: PR #131837's description).
  it("sandbox-v2-52: leaves out a custom, datasource or query variable's options the UI's v2 save empties, but not options it changed", () => {
    const listed = [{ selected: true, text: 'a', value: 'a' }, { selected: false, text: 'b', value: 'b' }];
    const env = { name: 'env', type: 'custom', query: 'a,b', current: { text: 'a', value: 'a' }, options: listed };
    const source = { name: 'source', type: 'datasource', query: 'prometheus', refresh: 1, current: { text: 'p', value: 'p' }, options: [{ text: 'p', value: 'p', selected: true }] };
    const job = { ...queryVariable, refresh: 0, options: listed };
    const file = classic({ ...bare().spec, templating: { list: [env, source, job] } });
    const keys = { hide: 0, skipUrlSync: false, multi: false, includeAll: false, allowCustomValue: true };
    const saved = (envOptions: object[], jobOptions: object[]) =>
      convertedAfterSave({ templating: { list: [{ ...env, ...keys, options: envOptions }, { ...source, ...keys, regex: '', options: [] }, { ...savedVariable, hide: 0, sort: 0, refresh: 0, current: { text: '', value: '' }, options: jobOptions }] } });
    expect(shown(saved([], []), file)).toEqual([]);
    expect(shown(saved([{ text: 'c', value: 'c', selected: true }], [{ text: 'c', value: 'c', selected: true }]), file)).toEqual(
      expect.arrayContaining(['changed templating.list[name="env"].options[0].text', 'changed templating.list[name="job"].options[0].text']),
    );
  });

  // Grafana: the dashboard scene's interval variable (getIntervalsFromQueryString, getCurrentValueForOldIntervalModel),
  // its v2 save (sceneVariablesSetToSchemaV2Variables: query joined with commas, one option per interval, the pick as
  // current, `auto ?? false`, `auto_min ?? ""`, `auto_count ?? 0`) and convertIntervalVariableToV1 (no refresh).
  const interval = {
    name: 'step',
    type: 'interval',
    query: "1m, 5m,'1h'",
    auto: true,
    auto_count: 30,
    auto_min: '10s',
    refresh: 2,
    current: { selected: false, text: 'auto', value: '$__auto_interval_step' },
    options: [
      { selected: true, text: 'auto', value: '$__auto_interval_step' },
      { selected: false, text: '1m', value: '1m' },
      { selected: false, text: '5m', value: '5m' },
      { selected: false, text: '1h', value: '1h' },
    ],
  };
  const intervalSaved = (value: string, query = '1m,5m,1h') => ({
    name: 'step',
    type: 'interval',
    hide: 0,
    skipUrlSync: false,
    query,
    auto: true,
    auto_count: 30,
    auto_min: '10s',
    current: { text: value, value },
    options: query.split(',').map((step) => ({ text: step, value: step, selected: step === value })),
  });

  it("sandbox-v2-52: leaves out an interval variable's query, options, current and refresh as the UI's v2 save and the way back write them", () => {
    const file = classic({ ...bare().spec, templating: { list: [interval] } });
    expect(shown(convertedAfterSave({ templating: { list: [intervalSaved('$__auto')] } }), file)).toEqual([]);
    // A file with only a name, type and query: the first interval is picked, and auto, auto_min and auto_count are the v2 defaults.
    const bareInterval = classic({ ...bare().spec, templating: { list: [{ name: 'step', type: 'interval', query: '1m,5m,1h' }] } });
    expect(shown(convertedAfterSave({ templating: { list: [{ ...intervalSaved('1m'), auto: false, auto_min: '', auto_count: 0 }] } }), bareInterval)).toEqual([]);
    // An empty query: the scene's default intervals.
    const defaults = '1m,10m,30m,1h,6h,12h,1d,7d,14d,30d';
    const emptyQuery = classic({ ...bare().spec, templating: { list: [{ name: 'step', type: 'interval', query: '' }] } });
    expect(shown(convertedAfterSave({ templating: { list: [{ ...intervalSaved('1m', defaults), auto: false, auto_min: '', auto_count: 0 }] } }), emptyQuery)).toEqual([]);
  });

  it('sandbox-v2-52: shows an interval chosen in the UI and saved as the default, other intervals, and a refresh or auto the file sets otherwise', () => {
    const file = classic({ ...bare().spec, templating: { list: [interval] } });
    expect(shown(convertedAfterSave({ templating: { list: [intervalSaved('5m')] } }), file)).toEqual([
      'changed templating.list[name="step"].current.text',
      'changed templating.list[name="step"].current.value',
    ]);
    expect(shown(convertedAfterSave({ templating: { list: [intervalSaved('$__auto', '1m,1h')] } }), file)).toEqual(['changed templating.list[name="step"].query']);
    expect(shown(convertedAfterSave({ templating: { list: [{ ...intervalSaved('$__auto'), auto: false, refresh: 1 }] } }), file)).toEqual([
      'changed templating.list[name="step"].auto',
      'changed templating.list[name="step"].refresh',
    ]);
  });

  it('review-mend-51c: a v2 file\'s regexApplyTo "value" and valuesFormat "csv" against the conversion of a classic dashboard without them are not shown; another value is', () => {
    const v2 = (job: object, env: object) => ({
      schema: 'v2' as const,
      metadata: none,
      spec: {
        title: 'T',
        variables: [
          { kind: 'QueryVariable', spec: { name: 'job', regex: '', ...job } },
          { kind: 'CustomVariable', spec: { name: 'env', query: 'a,b', ...env } },
        ],
      },
    });
    const converted = v2({}, {});
    expect(diffConverted(converted, v2({ regexApplyTo: 'value' }, { valuesFormat: 'csv' })).changes).toEqual([]);
    expect(diffConverted(converted, v2({ regexApplyTo: 'text' }, { valuesFormat: 'json' })).changes.map((change) => `${change.kind} ${change.path}`)).toEqual([
      'added variables[name="job"].spec.regexApplyTo',
      'added variables[name="env"].spec.valuesFormat',
    ]);
  });

  // walk-68 L4: promoting a UI v2 save to an environment that holds the classic dashboard listed each option as removed.
  it("a v2 file's custom, datasource or query variable options [] (the UI's v2 save) against a classic dashboard's listed options are not shown; other options, and an interval's, are", () => {
    const option = (text: string) => ({ selected: false, text, value: text });
    const v2 = (options: { env: object[]; job: object[]; source: object[]; step: object[] }) => ({
      schema: 'v2' as const,
      metadata: none,
      spec: {
        title: 'T',
        variables: [
          { kind: 'CustomVariable', spec: { name: 'env', query: 'production,staging', options: options.env } },
          { kind: 'QueryVariable', spec: { name: 'job', regex: '', options: options.job } },
          { kind: 'DatasourceVariable', spec: { name: 'source', pluginId: 'prometheus', options: options.source } },
          { kind: 'IntervalVariable', spec: { name: 'step', query: '1m,5m', options: options.step } },
        ],
      },
    });
    const converted = v2({ env: [option('production'), option('staging')], job: [option('node')], source: [option('prom')], step: [option('1m')] });
    const changes = (desired: ReturnType<typeof v2>) => diffConverted(converted, desired).changes.map((change) => `${change.kind} ${change.path}`);
    expect(changes(v2({ env: [], job: [], source: [], step: [option('1m')] }))).toEqual([]);
    expect(changes(v2({ env: [option('production')], job: [], source: [], step: [] }))).toEqual([
      'removed variables[name="env"].spec.options[1]',
      'removed variables[name="step"].spec.options[0]',
    ]);
  });

  it("mig-64: leaves out the default data source v2 gave a variable the file names none for, not another one, a uid Grafana kept or a data source the file names", () => {
    const prometheus = { type: 'prometheus', uid: 'prom-main' };
    const file = (job: object, source: object, filters: object = {}) =>
      classic({ title: 'T', templating: { list: [{ name: 'job', type: 'query', query: 'up', ...job }, { name: 'source', type: 'datasource', ...source }, { name: 'filters', type: 'adhoc', ...filters }] } });
    const paths = (live: ReturnType<typeof file>, desired: ReturnType<typeof file>, fallback?: { type: string; uid: string }) =>
      diffConverted(live, desired, fallback).changes.map((change) => `${change.kind} ${change.path}`);
    const given = file({ datasource: { type: 'prometheus' } }, { query: 'prometheus' }, { datasource: prometheus });
    expect(paths(given, file({}, {}), prometheus)).toEqual([]);
    expect(paths(given, file({ datasource: null }, {}, { datasource: null }), prometheus)).toEqual([]);
    const all = ['removed templating.list[name="job"].datasource', 'removed templating.list[name="source"].query', 'removed templating.list[name="filters"].datasource'];
    // Not known (the settings unread), or not the default: shown.
    expect(paths(given, file({}, {}))).toEqual(all);
    expect(paths(given, file({}, {}), { type: 'loki', uid: 'loki-logs' })).toEqual(all);
    expect(paths(given, file({}, {}), { type: 'prometheus', uid: 'other' })).toEqual(['removed templating.list[name="filters"].datasource']);
    // A query variable's reference with a uid is a data source someone named; the file's own choice is compared as it is.
    expect(paths(file({ datasource: prometheus }, {}), file({}, {}), prometheus)).toEqual(['removed templating.list[name="job"].datasource']);
    expect(paths(given, file({ datasource: { type: 'loki', uid: 'l' } }, { query: 'loki' }), prometheus)).toEqual([
      'changed templating.list[name="job"].datasource.type',
      'added templating.list[name="job"].datasource.uid',
      'changed templating.list[name="source"].query',
    ]);
  });
});

describe("diffConverted: a classic file's legacy panel options that Grafana's v2 save dropped (walk-61 M5)", () => {
  const graph = (id: number, title: string, extra: Record<string, unknown> = {}) => ({
    id,
    type: 'graph',
    title,
    gridPos: { h: 8, w: 12, x: 0, y: 0 },
    targets: [{ refId: 'A', expr: 'up' }],
    ...extra,
  });
  const LEGACY = { bars: false, dashLength: 10, fill: 1, legend: { show: true }, yaxes: [{ format: 'short' }] };
  const none = { labels: {}, annotations: {} };
  const classic = (spec: Record<string, unknown>) => ({ schema: 'v1' as const, spec, metadata: none });

  it('marks each key outside what v2 carries with the panel type, puts them after the edit, and the plan says one line a panel', async () => {
    const { renderDiffLines, changesCell } = await import('../../../src/report/markdown-diff-parts.js');
    const stat = { id: 2, type: 'singlestat', title: 'Up', sparkline: { show: true }, valueName: 'current', timeFrom: '1h', gridPos: { h: 4, w: 6, x: 12, y: 0 } };
    const collapsed = { id: 3, type: 'row', title: 'More', collapsed: true, gridPos: { h: 1, w: 24, x: 0, y: 8 }, panels: [graph(4, 'Inner', { fill: 2 })] };
    const file = classic({ title: 'T', description: 'from git', panels: [graph(1, 'Requests', { ...LEGACY, maxDataPoints: 100 }), stat, collapsed] });
    const converted = classic({
      title: 'T',
      panels: [graph(1, 'Requests', { maxDataPoints: 100 }), { id: 2, type: 'singlestat', title: 'Up', timeFrom: '1h', gridPos: stat.gridPos }, { ...collapsed, panels: [graph(4, 'Inner')] }],
    });
    const { changes } = diffConverted(converted, file);
    expect(changes.map((change) => `${change.kind} ${change.path} ${change.legacyOption ?? '-'}`)).toEqual([
      'added description -',
      'added panels[id=1 "Requests"].bars graph',
      'added panels[id=1 "Requests"].dashLength graph',
      'added panels[id=1 "Requests"].fill graph',
      'added panels[id=1 "Requests"].legend graph',
      'added panels[id=1 "Requests"].yaxes graph',
      'added panels[id=2 "Up"].sparkline singlestat',
      'added panels[id=2 "Up"].valueName singlestat',
      'added panels[id=3 "More"].panels[id=4 "Inner"].fill graph',
    ]);
    expect(changesCell({ action: 'update', changes })).toBe("1 field; 3 panels' legacy options");
    expect(renderDiffLines(changes)).toEqual([
      '+ description: "from git"',
      '~ panels[id=1 "Requests"]: 5 legacy graph options v2 has no place for (bars, dashLength, fill, …): a push from the file writes them again',
      '~ panels[id=2 "Up"]: 2 legacy singlestat options v2 has no place for (sparkline, valueName): a push from the file writes them again',
      '~ panels[id=3 "More"].panels[id=4 "Inner"]: 1 legacy graph option v2 has no place for (fill): a push from the file writes it again',
    ]);
  });

  // fix-61b: the panel's data source by name, which a v2 save made without V33 drops (Grafana's own keeps it as a reference),
  // was a line of its own beside the panel's.
  it("folds a panel's data source by name into its line, counted the same way; a reference or a variable stays a field", async () => {
    const { renderDiffLines, changesCell } = await import('../../../src/report/markdown-diff-parts.js');
    const file = classic({ title: 'T', panels: [graph(1, 'Requests', { fill: 1, datasource: 'Prometheus' }), graph(2, 'Latency', { datasource: 'Prometheus' }), graph(3, 'Saturation', { datasource: { uid: 'prom' } })] });
    const converted = classic({ title: 'T', panels: [graph(1, 'Requests'), graph(2, 'Latency'), graph(3, 'Saturation')] });
    const { changes } = diffConverted(converted, file);
    expect(changes[0]).toEqual({ path: 'panels[id=3 "Saturation"].datasource', kind: 'added', after: { uid: 'prom' } });
    const byPanelType = changes.filter((change) => change.legacyOption === 'graph').map((change) => change.path);
    expect(byPanelType).toEqual(['panels[id=1 "Requests"].datasource', 'panels[id=1 "Requests"].fill', 'panels[id=2 "Latency"].datasource']);
    // The count, then the lines.
    expect([changesCell({ action: 'update', changes }), ...renderDiffLines(changes)]).toEqual([
      "1 field; 2 panels' legacy options",
      '+ panels[id=3 "Saturation"].datasource: {"uid":"prom"}',
      '~ panels[id=1 "Requests"]: 1 legacy graph option v2 has no place for (fill); its data source by name ("Prometheus") was dropped by the v2 save too: a push from the file writes them again',
      '~ panels[id=2 "Latency"]: its data source by name ("Prometheus"), which the v2 save dropped: a push from the file writes it again',
    ]);
  });

  // review-62 L4: from 12.4 Grafana's conversion to v2 keeps them in options.__angularMigration, which a v2 dashboard
  // written from Grafana's v2 read holds, and which comes back in the classic view's options.
  it("says where Grafana's v2 holds them (options.__angularMigration), with that removal on the panel's line, not as a field", async () => {
    const { renderDiffLines, changesCell } = await import('../../../src/report/markdown-diff-parts.js');
    const held = (originalOptions: Record<string, unknown>, options: Record<string, unknown> = {}) => ({ ...options, __angularMigration: { autoMigrateFrom: 'graph', originalOptions } });
    const file = classic({ title: 'T', panels: [graph(1, 'Requests', LEGACY), graph(2, 'Latency', { fill: 1, options: { legend: { showLegend: true } } }), graph(3, 'Saturation')] });
    const converted = classic({
      title: 'T',
      panels: [
        graph(1, 'Requests', { options: held(LEGACY) }),
        graph(2, 'Latency', { options: held({ fill: 1 }, { legend: { showLegend: true } }) }),
        graph(3, 'Saturation', { options: held({ fill: 1 }) }),
      ],
    });
    const { changes } = diffConverted(converted, file);
    expect(changes.map((change) => `${change.kind} ${change.path} ${change.legacyOption ?? '-'}`)).toEqual([
      'added panels[id=1 "Requests"].bars graph',
      'added panels[id=1 "Requests"].dashLength graph',
      'added panels[id=1 "Requests"].fill graph',
      'added panels[id=1 "Requests"].legend graph',
      'removed panels[id=1 "Requests"].options graph',
      'added panels[id=1 "Requests"].yaxes graph',
      'added panels[id=2 "Latency"].fill graph',
      'removed panels[id=2 "Latency"].options.__angularMigration graph',
      'removed panels[id=3 "Saturation"].options graph',
    ]);
    expect([changesCell({ action: 'update', changes }), ...renderDiffLines(changes)]).toEqual([
      "3 panels' legacy options",
      '~ panels[id=1 "Requests"]: 5 legacy graph options Grafana\'s v2 holds in options.__angularMigration for its editor to migrate (bars, dashLength, fill, …): a push from the file puts them back in the panel',
      '~ panels[id=2 "Latency"]: 1 legacy graph option Grafana\'s v2 holds in options.__angularMigration for its editor to migrate (fill): a push from the file puts it back in the panel',
      '~ panels[id=3 "Saturation"]: options.__angularMigration, which Grafana\'s conversion to v2 gave it for its editor to migrate: a push from the file removes it',
    ]);
  });

  it("leaves a panel's own options Grafana holds beside __angularMigration, and options of its own, as field changes", () => {
    const file = classic({ title: 'T', panels: [graph(1, 'Requests', { fill: 1 })] });
    const converted = classic({ title: 'T', panels: [graph(1, 'Requests', { options: { legend: { showLegend: true }, __angularMigration: { autoMigrateFrom: 'graph', originalOptions: { fill: 1 } } } })] });
    const { changes } = diffConverted(converted, file);
    expect(changes.map((change) => `${change.kind} ${change.path} ${change.legacyOption ?? '-'}`)).toEqual(['removed panels[id=1 "Requests"].options -', 'added panels[id=1 "Requests"].fill graph']);
  });

  it('leaves a legacy key Grafana still holds, a changed value and a key v2 carries as field changes', () => {
    const file = classic({ title: 'T', panels: [graph(1, 'Requests', { fill: 2, lines: true, interval: '1m' })] });
    const converted = classic({ title: 'T', panels: [graph(1, 'Requests', { fill: 1 })] });
    const { changes } = diffConverted(converted, file);
    expect(changes.map((change) => `${change.kind} ${change.path} ${change.legacyOption ?? '-'}`)).toEqual([
      'changed panels[id=1 "Requests"].fill -',
      'added panels[id=1 "Requests"].interval -',
      'added panels[id=1 "Requests"].lines graph',
    ]);
  });
});
