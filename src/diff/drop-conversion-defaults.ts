import { isPlainObject } from '../files/is-plain-object.js';
import { withFileIntervalForms } from './interval-variable-save.js';
import { isDeepEqual } from './is-deep-equal.js';
import { BUILT_IN_ANNOTATION } from '../grafana-migration/built-in-annotation.js';

/**
 * The classic model's fields that Grafana's v2 → classic conversion (apps/dashboard/pkg/migration/conversion/
 * v2alpha1_to_v1.go, convertDashboardSpec_V2alpha1_to_V1 and convertTimeSettingsToV1) writes whatever the v2 spec
 * holds, with the value the v2 spec gets for a classic dashboard without them (v1beta1_to_v2alpha1.go: editable
 * true, liveNow false, NewDashboardTimeSettingsSpec; the UI's v2 save, transformSceneToSaveModelSchemaV2, the same)
 * and that Grafana assumes when the classic model leaves them out (the frontend's DashboardModel, the refresh picker's
 * default intervals). A file without them means the same dashboard.
 */
const CLASSIC_DEFAULTS: Readonly<Record<string, unknown>> = {
  editable: true,
  fiscalYearStartMonth: 0,
  graphTooltip: 0,
  liveNow: false,
  preload: false,
  time: { from: 'now-6h', to: 'now' },
  timepicker: { hidden: false, refresh_intervals: ['5s', '10s', '30s', '1m', '5m', '15m', '30m', '1h', '2h', '1d'] },
};

/**
 * Defaults whose keys mean something only together: a file without it is compared with the whole live value (left out
 * only when all of it is the default). A time range of `now-6h` to `now-1h` shown as `{to: "now-1h"}` is not what Grafana holds.
 */
const WHOLE_DEFAULTS: ReadonlySet<string> = new Set(['time', 'current']);

/**
 * v2 has no "default" time zone: the conversion to v2 (NewDashboardTimeSettingsSpec) and the UI's v2 save
 * (`timeRange.timeZone || "browser"`) both write "browser" for a dashboard without one, which then follows the
 * user's or org's preference no more. Left out too, but it may also be someone's choice: the plan's note names it.
 */
const UNSURE_DEFAULTS: Readonly<Record<string, unknown>> = { timezone: 'browser' };

/**
 * A variable's keys that Grafana's conversion to v2 (v1beta1_to_v2alpha1.go: extractCommonVariableProperties and the
 * build…Variable of each type) and the UI's v2 save (sceneVariablesSetToSchemaV2Variables) fill with these values when
 * the classic variable lacks them, and that the conversion back (v2alpha1_to_v1beta1.go convert…VariableToV1) always
 * writes: `getBoolField(varMap, "skipUrlSync", false)`, `"multi"`/`"includeAll"` false, `"allowCustomValue"` true,
 * `GetStringValue(varMap, "regex")` "", `buildVariableOptions(nil)` []; `hide` 0 (transformVariableHideToEnum of a
 * missing value, and the UI's `|| defaultVariableHide()`: "dontHide"), a query variable's `refresh` 0 and `sort` 0
 * (transformVariableRefreshToEnum / …SortToEnum of a missing value, the UI's transformVariableRefreshToEnum /
 * transformSortVariableToEnum of the scene's undefined: "never", "disabled"), a datasource variable's `refresh` 1 (the UI
 * writes "onDashboardLoad" whatever the variable holds; its editor offers no other), a constant's `hide` 2
 * (convertConstantVariableToV1 writes 2 whatever v2 holds), a query variable's `regexApplyTo` "value" (the UI writes
 * `regexApplyTo ?? 'value'`, convertQueryVariableToV1 writes it back where set; the scenes' QueryVariable applies the
 * regex to the value without one), an interval variable's `auto` false, `auto_min` "" and `auto_count` 0 (the UI writes
 * `autoEnabled ?? false`, `autoMinInterval ?? ""`, `autoStepCount ?? 0` from defaultIntervalVariableSpec; the backend's
 * getBoolField/GetStringValue/getIntField give the same). Each means to Grafana what the absent key does (the
 * scene built from the classic variable gets `undefined` for each, which the save writes as these).
 * By the classic `type`; keys the conversion back does not write for that type are not listed.
 */
const VARIABLE_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  query: { hide: 0, refresh: 0, sort: 0, skipUrlSync: false, multi: false, includeAll: false, allowCustomValue: true, regex: '', regexApplyTo: 'value', options: [] },
  custom: { hide: 0, skipUrlSync: false, multi: false, includeAll: false, allowCustomValue: true, options: [] },
  datasource: { hide: 0, refresh: 1, skipUrlSync: false, multi: false, includeAll: false, allowCustomValue: true, regex: '', options: [] },
  constant: { hide: 2, skipUrlSync: false },
  interval: { hide: 0, skipUrlSync: false, options: [], auto: false, auto_min: '', auto_count: 0 },
  textbox: { hide: 0, skipUrlSync: false },
  adhoc: { hide: 0, skipUrlSync: false, allowCustomValue: true },
  switch: { hide: 0, skipUrlSync: false },
};

/**
 * The `current` the UI's v2 save writes for a classic variable without one, as the conversion back writes it: the scene
 * variable's value and text, which createSceneVariableFromVariableModel sets to `current?.value ?? ""` (query, custom,
 * datasource: `{text: "", value: ""}`, also the backend's buildVariableCurrent(nil)), a textbox's and a constant's to
 * its `query` ("" without one). None for the other types (an interval's: withFileIntervalForms).
 */
function defaultCurrent(variable: Record<string, unknown>): Record<string, unknown> | undefined {
  if (variable.type === 'query' || variable.type === 'custom' || variable.type === 'datasource') return { text: '', value: '' };
  if (variable.type !== 'textbox' && variable.type !== 'constant') return undefined;
  const query = typeof variable.query === 'string' ? variable.query : '';
  return { text: query, value: query };
}

/** A default left out that may also be someone's choice. */
export interface UnsureDefault {
  field: string;
  value: unknown;
}

export interface WithoutDefaults {
  spec: Record<string, unknown>;
  unsure: UnsureDefault[];
}

/**
 * Pure: Grafana's conversion of a v2-stored dashboard to the classic model without the defaults it writes where the
 * file has none: the fields above whose value is exactly the default (in an object, key by key: a `timepicker`
 * holding only the default intervals; `time` key by key only inside the file's own `time`, else whole), and a query's
 * `datasource` that is its panel's in the file, which every query of that panel gets in v2 (v1beta1_to_v2alpha1.go
 * transformPanelQueries) and back in the classic model (convertPanelQueryToV1) where the file's query names none and uses its panel's;
 * a panel `datasource` the file's panel has none of, where it is the one the conversion derives from the queries; a
 * variable's keys of VARIABLE_DEFAULTS and its `current` of defaultCurrent. A value that differs stays.
 */
export function withoutConversionDefaults(converted: Record<string, unknown>, file: Record<string, unknown>, variableDefault?: VariableDefaultDatasource): WithoutDefaults {
  const spec = dropDefaults(converted, file, CLASSIC_DEFAULTS);
  const unsure: UnsureDefault[] = [];
  for (const [key, value] of Object.entries(UNSURE_DEFAULTS)) {
    if (Object.hasOwn(file, key) || !isDeepEqual(spec[key], value)) continue;
    delete spec[key];
    unsure.push({ field: key, value });
  }
  if (Array.isArray(spec.panels)) spec.panels = withoutPanelDatasourceCopies(spec.panels, panelsById(file.panels));
  withoutVariableDefaults(spec, file, variableDefault);
  withoutBuiltInAnnotation(spec, file);
  return { spec, unsure };
}

/** `spec.templating.list` without VARIABLE_DEFAULTS the file's variable of that name and type lacks, nor the data source v2 gave it (withoutDefaultDatasource). */
function withoutVariableDefaults(spec: Record<string, unknown>, file: Record<string, unknown>, variableDefault: VariableDefaultDatasource | undefined): void {
  const live = isPlainObject(spec.templating) && Array.isArray(spec.templating.list) ? spec.templating.list : undefined;
  const fileList = isPlainObject(file.templating) && Array.isArray(file.templating.list) ? file.templating.list : [];
  if (live === undefined || !isPlainObject(spec.templating)) return;
  const byName = new Map(fileList.filter(isPlainObject).map((variable) => [variable.name, variable]));
  const list = live.map((variable) => {
    if (!isPlainObject(variable)) return variable;
    const twin = byName.get(variable.name);
    const defaults = typeof variable.type === 'string' && Object.hasOwn(VARIABLE_DEFAULTS, variable.type) ? VARIABLE_DEFAULTS[variable.type] : undefined;
    if (twin === undefined || defaults === undefined || twin.type !== variable.type) return variable;
    const current = Object.hasOwn(twin, 'current') ? undefined : defaultCurrent(twin);
    const kept = dropDefaults(withFileOptions(withFileSelected(withFileIntervalForms(variable, twin), twin), twin), twin, current === undefined ? defaults : { ...defaults, current });
    return variableDefault === undefined ? kept : withoutDefaultDatasource(kept, twin, variableDefault);
  });
  spec.templating = { ...spec.templating, list };
}

/** The data source a variable naming none gets in v2: the instance's default, `-- Grafana --` (type and uid "grafana") where none is. */
export interface VariableDefaultDatasource {
  type: string;
  uid: string;
}

/**
 * The live variable without the data source Grafana's v2 gave the file's variable naming none (`fallback`, the
 * instance's default): a query variable's `datasource` of its type alone where the file's has no `datasource` (the UI's
 * v2 save writes the query's `group` as `getDataQueryKind(query)`, the default's type, and Grafana's conversion of 12.4
 * on too: v1beta1_to_v2alpha1.go buildQueryVariable; the way back writes a group without a uid as `{type}`:
 * v2alpha1_to_v1beta1.go getDataSourceForQuery); an ad hoc variable's `datasource` of its type and uid where the file's
 * has none (the save's `getDataSourceForQuery(undefined, getDefaultDatasource().type)`, the default itself); and a
 * datasource variable's `query` of its type where the file's has none (`pluginId ?? getDefaultDatasource().type`,
 * buildDatasourceVariable). Grafana runs a variable naming no data source on the default, as the file's does.
 */
function withoutDefaultDatasource(variable: Record<string, unknown>, twin: Record<string, unknown>, fallback: VariableDefaultDatasource): Record<string, unknown> {
  const unnamed = twin.datasource === undefined || twin.datasource === null;
  const given = variable.type === 'query' ? { type: fallback.type } : variable.type === 'adhoc' ? fallback : undefined;
  if (given !== undefined && unnamed && isDeepEqual(variable.datasource, given)) {
    const { datasource: _given, ...rest } = variable;
    return rest;
  }
  if (variable.type === 'datasource' && !Object.hasOwn(twin, 'query') && variable.query === fallback.type) {
    const { query: _given, ...rest } = variable;
    return rest;
  }
  return variable;
}

/**
 * The live variable with the file's `current.selected` where its own `current` has none: v2 keeps a variable's current
 * as text and value only (the conversion's buildVariableCurrent, the UI save's `{value, text}`), so the classic
 * `selected` inside it never survives a v2 save (Grafana reads a current's text and value).
 */
function withFileSelected(variable: Record<string, unknown>, twin: Record<string, unknown>): Record<string, unknown> {
  const live = variable.current;
  const file = twin.current;
  if (!isPlainObject(live) || !isPlainObject(file) || Object.hasOwn(live, 'selected') || !Object.hasOwn(file, 'selected')) return variable;
  return { ...variable, current: { ...live, selected: file.selected } };
}

/** The types whose options Grafana works out anew on load, and whose options the UI's v2 save writes as `[]`. */
const DERIVED_OPTIONS: ReadonlySet<unknown> = new Set(['custom', 'datasource', 'query']);

/**
 * The live custom, datasource or query variable with the file's `options` where its own are `[]`: the UI's v2 save
 * writes `options: []` for each whatever the variable held (sceneVariablesSetToSchemaV2Variables: a query variable's
 * only with `keepQueryOptions`, which the save does not pass; and the frontend's conversion of the loaded model it
 * restores them from when variable values are not saved: v1SpecToV2Spec), and Grafana builds them anew on load (a
 * custom variable's from its query, a datasource variable's from the instance's data sources, a query variable's by
 * running its query whatever its `refresh`: the scene never seeds them from the dashboard), so the list a file keeps
 * was never the user's to lose.
 */
function withFileOptions(variable: Record<string, unknown>, twin: Record<string, unknown>): Record<string, unknown> {
  if (!DERIVED_OPTIONS.has(variable.type) || !Array.isArray(variable.options) || variable.options.length > 0 || !Array.isArray(twin.options)) return variable;
  return { ...variable, options: twin.options };
}

/**
 * `spec.annotations` without BUILT_IN_ANNOTATION, exactly, where the file's list holds no built-in one (the conversion,
 * or the frontend-defaults pass of Grafana's migration, added it); without `annotations` when nothing else is left and
 * the file has none. Replaces `spec.annotations`, never changes the object it held.
 */
export function withoutBuiltInAnnotation(spec: Record<string, unknown>, file: Record<string, unknown>): void {
  if (!isPlainObject(spec.annotations) || !Array.isArray(spec.annotations.list)) return;
  const fileList = isPlainObject(file.annotations) && Array.isArray(file.annotations.list) ? file.annotations.list : [];
  if (fileList.some((annotation) => isPlainObject(annotation) && Boolean(annotation.builtIn))) return;
  const at = spec.annotations.list.findIndex((annotation) => isDeepEqual(annotation, BUILT_IN_ANNOTATION));
  if (at === -1) return;
  const list = spec.annotations.list.filter((_, index) => index !== at);
  const rest = { ...spec.annotations, list };
  if (list.length === 0 && Object.keys(rest).length === 1 && !Object.hasOwn(file, 'annotations')) delete spec.annotations;
  else spec.annotations = rest;
}

/** `live` without the keys of `defaults` the file lacks and live holds at the default; objects key by key (WHOLE_DEFAULTS: only inside the file's). */
export function dropDefaults(live: Record<string, unknown>, file: unknown, defaults: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const result = { ...live };
  const fileObject = isPlainObject(file) ? file : {};
  // A loop over the keys, not Object.entries: the same few defaults are listed on every comparison.
  for (const key in defaults) {
    if (!Object.hasOwn(result, key)) continue;
    const fallback = defaults[key];
    const liveValue = result[key];
    const inFile = Object.hasOwn(fileObject, key);
    if (!inFile && isDeepEqual(liveValue, fallback)) {
      delete result[key];
    } else if (isPlainObject(liveValue) && isPlainObject(fallback) && (inFile ? isPlainObject(fileObject[key]) : !WHOLE_DEFAULTS.has(key))) {
      const rest = dropDefaults(liveValue, fileObject[key], fallback);
      if (Object.keys(rest).length === 0 && !inFile) delete result[key];
      else result[key] = rest;
    }
  }
  return result;
}

/** The file's panels by id, rows' nested panels included. */
function panelsById(panels: unknown): Map<unknown, Record<string, unknown>> {
  const byId = new Map<unknown, Record<string, unknown>>();
  for (const panel of Array.isArray(panels) ? panels : []) {
    if (!isPlainObject(panel)) continue;
    if (panel.id !== undefined) byId.set(panel.id, panel);
    if (Array.isArray(panel.panels)) for (const [id, nested] of panelsById(panel.panels)) byId.set(id, nested);
  }
  return byId;
}

function withoutPanelDatasourceCopies(panels: unknown[], filePanels: Map<unknown, Record<string, unknown>>): unknown[] {
  return panels.map((panel) => {
    if (!isPlainObject(panel)) return panel;
    let result = panel;
    if (Array.isArray(panel.panels)) result = { ...result, panels: withoutPanelDatasourceCopies(panel.panels, filePanels) };
    const twin = filePanels.get(panel.id);
    if (twin !== undefined && !Object.hasOwn(twin, 'datasource') && Object.hasOwn(panel, 'datasource') && isDeepEqual(panel.datasource, derivedPanelDatasource(panel.targets))) {
      const { datasource: _derived, ...rest } = result;
      result = rest;
    }
    if (twin === undefined || !Array.isArray(panel.targets) || !Array.isArray(twin.targets)) return result;
    const fileTargets = twin.targets;
    const targets = panel.targets.map((target, index) => {
      const fileTarget = fileTargets[index];
      if (!isPlainObject(target) || !isPlainObject(fileTarget) || Object.hasOwn(fileTarget, 'datasource')) return target;
      if (fileTarget.refId !== undefined && fileTarget.refId !== target.refId) return target;
      if (!sameDatasource(target.datasource, twin.datasource)) return target;
      const { datasource: _copied, ...rest } = target;
      return rest;
    });
    return { ...result, targets };
  });
}

const MIXED_DATASOURCE = { type: 'mixed', uid: '-- Mixed --' };
const SHARED_DASHBOARD_QUERY = '-- Dashboard --';

/**
 * The panel `datasource` Grafana's conversion to the classic model derives from the queries: a v2 panel has none of its
 * own (v2alpha1's PanelSpec: id, title, description, links, data, vizConfig, transparent), so any it writes came from
 * its queries, never from a user (v2alpha1_to_v1beta1.go getPanelDatasource: mixed where two queries differ or more than
 * one reads another panel, `{type: "datasource", uid: "-- Dashboard --"}` for one that does, else their shared
 * reference; older conversions wrote none, or only the mixed one). Undefined where it derives none.
 */
function derivedPanelDatasource(targets: unknown): Record<string, unknown> | undefined {
  const refs = (Array.isArray(targets) ? targets : []).map((target) => {
    const reference = isPlainObject(target) ? referenceOf(target.datasource) : undefined;
    return reference ?? { type: '', uid: '' };
  });
  const first = refs[0];
  if (first === undefined) return undefined;
  if (refs.filter((ref) => ref.uid === SHARED_DASHBOARD_QUERY).length > 1) return MIXED_DATASOURCE;
  if (refs.some((ref) => ref.uid !== first.uid || ref.type !== first.type)) return MIXED_DATASOURCE;
  if (first.uid === SHARED_DASHBOARD_QUERY) return { type: 'datasource', uid: SHARED_DASHBOARD_QUERY };
  if (first.uid === '' && first.type === '') return undefined;
  return { ...(first.type ? { type: first.type } : {}), ...(first.uid ? { uid: first.uid } : {}) };
}

/**
 * Whether a query's datasource reference names the panel's: the same uid, and the same type where both give one
 * (the conversion looks the type up by uid). A plain string in the file is a template variable (`$ds`) or a name.
 */
function sameDatasource(query: unknown, panel: unknown): boolean {
  const a = referenceOf(query);
  const b = referenceOf(panel);
  if (a === undefined || b === undefined || a.uid === '' || a.uid !== b.uid) return false;
  return a.type === '' || b.type === '' || a.type === b.type;
}

function referenceOf(value: unknown): { type: string; uid: string } | undefined {
  if (typeof value === 'string') return { type: '', uid: value };
  if (!isPlainObject(value)) return undefined;
  return { type: typeof value.type === 'string' ? value.type : '', uid: typeof value.uid === 'string' ? value.uid : '' };
}
