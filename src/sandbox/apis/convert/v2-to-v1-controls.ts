import { isObject, type JsonObject } from '../../dashboard-model.js';
import { REFRESH_NAMES, SORT_NAMES } from './variable-enums.js';

/** v2 → v1 for variables, annotations and time settings: the inverse of v1-to-v2-controls.ts. */
const hideValues: Record<string, number> = { dontHide: 0, hideLabel: 1, hideVariable: 2, inControlsMenu: 2 };
const typeOfKind: Record<string, string> = {
  QueryVariable: 'query',
  CustomVariable: 'custom',
  DatasourceVariable: 'datasource',
  IntervalVariable: 'interval',
  TextVariable: 'textbox',
  ConstantVariable: 'constant',
  AdhocVariable: 'adhoc',
  GroupByVariable: 'groupby',
  SwitchVariable: 'switch',
};

/** A DataQueryKind as a v1 datasource reference ({type, uid}), or undefined when it names none. */
export function datasourceRef(query: unknown): JsonObject | undefined {
  if (!isObject(query)) return undefined;
  const name = isObject(query.datasource) ? query.datasource.name : undefined;
  if (!query.group && !name) return undefined;
  return { type: query.group ?? '', ...(name ? { uid: name } : {}) };
}

/**
 * The kinds whose conversion writes `allowCustomValue` back (v2alpha1_to_v1beta1.go: convertQueryVariableToV1,
 * convertDatasourceVariableToV1, convertCustomVariableToV1 and convertAdhocVariableToV1 set `varMap["allowCustomValue"]`).
 */
const KEEPS_ALLOW_CUSTOM_VALUE = new Set(['QueryVariable', 'DatasourceVariable', 'CustomVariable', 'AdhocVariable']);

/**
 * The kinds whose conversion writes `refresh` back: convertQueryVariableToV1 and convertDatasourceVariableToV1.
 * convertIntervalVariableToV1 writes none, whatever the v2 spec holds (both stored forms of v2alpha1_to_v1beta1.go).
 */
const WRITES_REFRESH = new Set(['QueryVariable', 'DatasourceVariable']);

function convertVariable(variable: JsonObject): JsonObject {
  const spec = isObject(variable.spec) ? variable.spec : {};
  // valuesFormat: convertCustomVariableToV1 writes none back (regexApplyTo it does, where set: convertQueryVariableToV1).
  const { hide, refresh, sort, query, pluginId, allowCustomValue, valuesFormat: _valuesFormat, ...rest } = spec;
  // convertConstantVariableToV1 writes hide 2 whatever the v2 spec holds ("constant variables must always be hidden in v1beta1").
  const hidden = variable.kind === 'ConstantVariable' ? 2 : (hideValues[String(hide)] ?? 0);
  const out: JsonObject = { ...rest, type: typeOfKind[String(variable.kind)] ?? 'custom', hide: hidden };
  if (KEEPS_ALLOW_CUSTOM_VALUE.has(String(variable.kind)) && allowCustomValue !== undefined) out.allowCustomValue = allowCustomValue;
  if (refresh !== undefined && WRITES_REFRESH.has(String(variable.kind))) out.refresh = Math.max(0, REFRESH_NAMES.indexOf(String(refresh)));
  if (sort !== undefined) out.sort = Math.max(0, SORT_NAMES.indexOf(String(sort)));
  if (variable.kind === 'QueryVariable' && isObject(query)) {
    const ref = datasourceRef(query);
    if (ref) out.datasource = ref;
    const legacy = isObject(query.spec) ? query.spec.__legacyStringValue : undefined;
    out.query = typeof legacy === 'string' ? legacy : (query.spec ?? '');
  } else if (variable.kind === 'DatasourceVariable') {
    out.query = pluginId ?? '';
  } else if (query !== undefined) {
    out.query = query;
  }
  if (variable.kind === 'AdhocVariable') {
    const ref = datasourceRef({ group: variable.group, datasource: variable.datasource });
    if (ref) out.datasource = ref;
  }
  return out;
}

export function convertVariables(variables: unknown): JsonObject {
  return { list: (Array.isArray(variables) ? variables : []).filter(isObject).map(convertVariable) };
}

/**
 * The annotation fields convertAnnotations_V2alpha1_to_V1beta1 writes itself, which a `legacyOptions` key never
 * replaces; every other key of `legacyOptions` (the classic annotation's `type`, `expr`, `limit`, …) is written at the
 * annotation's root, and the query's spec, when it holds something, as its `target`.
 */
const ANNOTATION_FIELDS = new Set(['name', 'enable', 'hide', 'iconColor', 'datasource', 'target', 'filter', 'builtIn', 'placement', 'mappings']);

export function convertAnnotations(annotations: unknown): JsonObject {
  const list = (Array.isArray(annotations) ? annotations : []).filter(isObject).map((annotation) => {
    const spec = isObject(annotation.spec) ? annotation.spec : {};
    const query = isObject(spec.query) ? spec.query : {};
    const target = isObject(query.spec) ? query.spec : {};
    const legacy = Object.entries(isObject(spec.legacyOptions) ? spec.legacyOptions : {}).filter(([key]) => !ANNOTATION_FIELDS.has(key));
    return {
      ...(spec.builtIn === true ? { builtIn: 1 } : {}),
      ...(datasourceRef(query) ? { datasource: datasourceRef(query) } : {}),
      enable: spec.enable !== false,
      hide: spec.hide === true,
      iconColor: spec.iconColor ?? '',
      name: spec.name ?? '',
      ...(spec.filter ? { filter: spec.filter } : {}),
      ...(Object.keys(target).length > 0 ? { target } : {}),
      ...Object.fromEntries(legacy),
    };
  });
  return { list };
}

export function convertTime(settings: unknown): JsonObject {
  const time = isObject(settings) ? settings : {};
  return {
    time: { from: time.from ?? 'now-6h', to: time.to ?? 'now' },
    timepicker: {
      ...(Array.isArray(time.autoRefreshIntervals) ? { refresh_intervals: time.autoRefreshIntervals } : {}),
      ...(time.hideTimepicker === true ? { hidden: true } : {}),
      ...(time.nowDelay ? { nowDelay: time.nowDelay } : {}),
    },
    timezone: time.timezone ?? 'browser',
    refresh: time.autoRefresh ?? '',
    ...(time.weekStart ? { weekStart: time.weekStart } : {}),
    fiscalYearStartMonth: time.fiscalYearStartMonth ?? 0,
  };
}
