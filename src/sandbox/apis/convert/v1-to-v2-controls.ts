import { isObject, type JsonObject } from '../../dashboard-model.js';
import { HIDE_NAMES, REFRESH_NAMES, SORT_NAMES } from './variable-enums.js';

/**
 * v1 → v2 for everything but panels and layout: variables, annotations, links, time settings
 * (apps/dashboard/pkg/migration/conversion/v1beta1_to_v2alpha1.go, expressed in the v2beta1/v2 shapes).
 */
export class ConversionError extends Error {}

export const defaultRefreshIntervals = ['5s', '10s', '30s', '1m', '5m', '15m', '30m', '1h', '2h', '1d'];

const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);
const bool = (value: unknown): boolean => value === true;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** A v1 datasource reference ({type, uid} or a legacy name string) as DataQueryKind's group + datasource. */
export function dataQuery(datasource: unknown, spec: JsonObject): JsonObject {
  const ref = isObject(datasource) ? datasource : {};
  const name = typeof datasource === 'string' ? datasource : str(ref.uid);
  return { kind: 'DataQuery', group: str(ref.type), version: 'v0', ...(name ? { datasource: { name } } : {}), spec };
}

/**
 * What the conversion knows of the namespace's org's data sources for a variable naming no data source type
 * (EraRules `apis.variableDefaultDatasourceType`): `defaultType`, the default data source's type ("grafana" where none is
 * the default: getDefaultDatasourceType); `typeOf`, a uid's data source's type, else the default's (getDatasourceTypeByUID);
 * `defaultUid`, the default's uid ("grafana", `-- Grafana --`'s, where none is), which the editor's save gives an ad hoc
 * variable naming none (ui-v2-save.ts).
 */
export interface VariableDatasources {
  readonly defaultType: string;
  readonly defaultUid: string;
  typeOf(uid: string): string;
}

/** VariableDatasources of these data sources (the namespace's org's). */
export function variableDatasourcesOf(datasources: readonly { uid: string; type: string; isDefault?: boolean }[]): VariableDatasources {
  const chosen = datasources.find((ds) => ds.isDefault);
  const defaultType = chosen?.type ?? 'grafana';
  return { defaultType, defaultUid: chosen?.uid ?? 'grafana', typeOf: (uid) => datasources.find((ds) => ds.uid === uid)?.type ?? defaultType };
}

/**
 * A query variable's DataQueryKind (buildQueryVariable, then v2alpha1 → v2beta1's convertDataQuery): a `$variable`
 * string names that variable with no type; a reference's type, else its uid's data source's type (a `$…` uid keeps
 * none), else, without a uid, the default type; no reference (or a name string) the default type.
 */
function variableDataQuery(datasource: unknown, spec: JsonObject, datasources: VariableDatasources): JsonObject {
  const of = (group: string, uid: string) => ({ kind: 'DataQuery', group, version: 'v0', ...(uid ? { datasource: { name: uid } } : {}), spec });
  if (typeof datasource === 'string' && datasource.startsWith('$')) return of('', datasource);
  if (!isObject(datasource)) return of(datasources.defaultType, '');
  const uid = str(datasource.uid);
  const type = str(datasource.type);
  if (type !== '' || uid.startsWith('$')) return of(type, uid);
  return of(uid === '' ? datasources.defaultType : datasources.typeOf(uid), uid);
}

function optional(source: JsonObject, keys: string[]): JsonObject {
  const out: JsonObject = {};
  for (const key of keys) if (source[key] !== undefined && source[key] !== '') out[key] = source[key];
  return out;
}

/**
 * `{[key]: value}` where the classic variable's value is one the v2 enum knows, else nothing: buildQueryVariable's
 * `getUnionField(varMap, "regexApplyTo")`, buildCustomVariable's `valuesFormat` switch (json, csv).
 */
function oneOf(variable: JsonObject, key: string, values: readonly string[]): JsonObject {
  const value = variable[key];
  return typeof value === 'string' && values.includes(value) ? { [key]: value } : {};
}

function common(variable: JsonObject): JsonObject {
  return {
    name: str(variable.name),
    ...optional(variable, ['label']),
    hide: HIDE_NAMES[Number(variable.hide ?? 0)] ?? 'dontHide',
    skipUrlSync: bool(variable.skipUrlSync),
    ...optional(variable, ['description']),
  };
}

/** buildVariableCurrent: text and value only (a string or a list of strings, else ""); a classic `selected` is not carried. */
function current(variable: JsonObject): JsonObject {
  const chosen = isObject(variable.current) ? variable.current : {};
  return { text: stringOrList(chosen.text), value: stringOrList(chosen.value) };
}

function stringOrList(value: unknown): string | string[] {
  if (typeof value === 'string') return value;
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : '';
}

/** buildConstantVariable: the variable's own current, else its query as both text and value. */
function constantCurrent(variable: JsonObject): JsonObject {
  if (isObject(variable.current)) return current(variable);
  const query = str(variable.query);
  return { text: query, value: query };
}

function convertVariable(variable: JsonObject, datasources: VariableDatasources | undefined): JsonObject {
  const base = common(variable);
  const choice = {
    options: list(variable.options),
    multi: bool(variable.multi),
    includeAll: bool(variable.includeAll),
    ...optional(variable, ['allValue']),
  };
  const allowCustomValue = variable.allowCustomValue !== false;
  // transformVariableRefreshToEnum: a missing or unknown refresh is "never" for every type.
  const refresh = () => REFRESH_NAMES[Number(variable.refresh ?? 0)] ?? 'never';
  switch (variable.type) {
    case 'query': {
      // buildDataQueryKindForVariable: a string is the legacy value (12.4 on and 13: a non-empty one), an object the query, anything else an empty spec.
      const legacy = typeof variable.query === 'string' && (variable.query !== '' || !datasources);
      const query = isObject(variable.query) ? variable.query : legacy ? { __legacyStringValue: variable.query } : {};
      const spec = {
        ...base,
        current: current(variable),
        refresh: refresh(),
        query: datasources ? variableDataQuery(variable.datasource, query, datasources) : dataQuery(variable.datasource, query),
        regex: str(variable.regex),
        ...oneOf(variable, 'regexApplyTo', ['value', 'text']),
        sort: SORT_NAMES[Number(variable.sort ?? 0)] ?? 'disabled',
        ...optional(variable, ['definition']),
        ...choice,
        allowCustomValue,
      };
      return { kind: 'QueryVariable', spec };
    }
    case 'custom':
      return { kind: 'CustomVariable', spec: { ...base, query: str(variable.query), current: current(variable), ...choice, allowCustomValue, ...oneOf(variable, 'valuesFormat', ['csv', 'json']) } };
    case 'datasource': {
      // The UI's save writes onDashboardLoad whatever the variable holds (ui-v2-save.ts); the backend converts as for a query variable.
      // buildDatasourceVariable: a string query is the plugin, anything else the default data source's type.
      const pluginId = typeof variable.query === 'string' || !datasources ? str(variable.query) : datasources.defaultType;
      const spec = { ...base, pluginId, refresh: refresh(), regex: str(variable.regex), current: current(variable), ...choice, allowCustomValue };
      return { kind: 'DatasourceVariable', spec };
    }
    case 'interval': {
      const auto = { auto: bool(variable.auto), auto_min: str(variable.auto_min), auto_count: Number(variable.auto_count ?? 0) };
      const spec = { ...base, query: str(variable.query), current: current(variable), options: list(variable.options), ...auto, refresh: 'onTimeRangeChanged' };
      return { kind: 'IntervalVariable', spec };
    }
    case 'textbox':
      return { kind: 'TextVariable', spec: { ...base, current: current(variable), query: str(variable.query) } };
    case 'constant':
      return { kind: 'ConstantVariable', spec: { ...base, query: str(variable.query), current: constantCurrent(variable) } };
    case 'adhoc': {
      const ref = isObject(variable.datasource) ? variable.datasource : {};
      const filters = { baseFilters: list(variable.baseFilters), filters: list(variable.filters), defaultKeys: list(variable.defaultKeys) };
      const source = { group: str(ref.type), ...(ref.uid ? { datasource: { name: ref.uid } } : {}) };
      return { kind: 'AdhocVariable', ...source, spec: { ...base, ...filters, allowCustomValue } };
    }
    default:
      throw new ConversionError(`unsupported variable type: ${String(variable.type)}`);
  }
}

/** `datasources`: the form of 12.4 on and 13 (VariableDatasources); without, a variable's group is its reference's type. */
export function convertVariables(templating: unknown, datasources?: VariableDatasources): JsonObject[] {
  return list(isObject(templating) ? templating.list : undefined)
    .filter(isObject)
    .map((variable) => convertVariable(variable, datasources));
}

/**
 * buildAnnotationQuery: the query's spec is the annotation's `target` ({} without one); its `type` (a non-empty string:
 * the built-in's "dashboard", "tags", …) and every key the conversion has no field for (a Loki annotation's `expr`, a
 * `limit`, `tags`, `showIn`, …) go into `legacyOptions`, which the conversion back writes at the annotation's root again.
 */
export function convertAnnotations(annotations: unknown): JsonObject[] {
  return list(isObject(annotations) ? annotations.list : undefined)
    .filter(isObject)
    .map((annotation) => {
      const { datasource, enable, hide, iconColor, name, builtIn, filter, target, type, ...rest } = annotation;
      const legacyOptions = { ...(typeof type === 'string' && type !== '' ? { type } : {}), ...rest };
      return {
        kind: 'AnnotationQuery',
        spec: {
          query: dataQuery(datasource, isObject(target) ? target : {}),
          enable: enable !== false,
          hide: bool(hide),
          iconColor: str(iconColor),
          name: str(name),
          builtIn: builtIn === 1 || builtIn === true,
          ...(isObject(filter) ? { filter } : {}),
          ...(Object.keys(legacyOptions).length > 0 ? { legacyOptions } : {}),
        },
      };
    });
}

export function convertLinks(links: unknown): JsonObject[] {
  return list(links)
    .filter(isObject)
    .map((link) => ({
      title: str(link.title),
      type: link.type === 'dashboards' ? 'dashboards' : 'link',
      icon: str(link.icon),
      tooltip: str(link.tooltip),
      ...optional(link, ['url']),
      tags: list(link.tags),
      asDropdown: bool(link.asDropdown),
      targetBlank: bool(link.targetBlank),
      includeVars: bool(link.includeVars),
      keepTime: bool(link.keepTime),
    }));
}

export function convertTimeSettings(v1: JsonObject): JsonObject {
  const time = isObject(v1.time) ? v1.time : {};
  const picker = isObject(v1.timepicker) ? v1.timepicker : {};
  const intervals = list(picker.refresh_intervals);
  return {
    timezone: str(v1.timezone, 'browser'),
    from: str(time.from, 'now-6h'),
    to: str(time.to, 'now'),
    autoRefresh: str(v1.refresh),
    autoRefreshIntervals: intervals.length > 0 ? intervals : defaultRefreshIntervals,
    hideTimepicker: bool(picker.hidden),
    ...(v1.weekStart ? { weekStart: v1.weekStart } : {}),
    fiscalYearStartMonth: Number(v1.fiscalYearStartMonth ?? 0),
    ...(picker.nowDelay ? { nowDelay: picker.nowDelay } : {}),
  };
}
