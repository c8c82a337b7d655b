import { BUILT_IN_ANNOTATION } from '../grafana-migration/built-in-annotation.js';
import { convertV1ToV2 } from './apis/convert/v1-to-v2.js';
import { variableDatasourcesOf, type VariableDatasources } from './apis/convert/v1-to-v2-controls.js';
import { isObject, type JsonObject } from './dashboard-model.js';
import { sceneIntervals, sceneIntervalValue } from './scene-interval.js';

/**
 * The v2 spec (v2 shapes) the dynamic-dashboards editor saves for a classic dashboard it loaded (12, 13). The UI builds
 * its scene from the frontend's DashboardModel, which adds the built-in annotation, and serializes it with
 * transformSceneToSaveModelSchemaV2 (public/app/features/dashboard-scene/serialization): the same v2 as Grafana's
 * backend conversion (convert/v1-to-v2.ts) except for the variables, where sceneVariablesSetToSchemaV2Variables writes
 * the scene's state (createSceneVariableFromVariableModel built it from the classic variable):
 * - a datasource variable's `refresh` is always "onDashboardLoad", whatever the classic variable holds;
 * - a custom and a datasource variable's `options` are always `[]` (a save that keeps the loaded variable values
 *   restores current and options from the frontend's v1 → v2 of the loaded model, v1SpecToV2Spec: this same serializer
 *   over the scene built from it, so `[]` again);
 * - a textbox's `current` and `query` are its value: `current.value` when set, else its `query` ("" without one);
 * - a constant's `current` and `query` are its `query` ("" without one);
 * - a query variable's `regexApplyTo` is "value" and a custom variable's `valuesFormat` "csv" where the classic variable
 *   has none (`variable.state.regexApplyTo ?? 'value'`, `variable.state.valuesFormat ?? 'csv'`);
 * - a query variable's `options` are `[]` (the save passes `keepQueryOptions` false, and the scene built from a classic
 *   variable holds no options of its own: createSceneVariableFromVariableModel passes none);
 * - an interval variable's `query`, `options` and `current` are the scene's intervals and value (scene-interval.ts):
 *   the intervals joined with commas, one `{text, value, selected}` per interval, and the selected interval as text and
 *   value; `auto`, `auto_min` and `auto_count` are the classic variable's or false, "" and 0
 *   (`?? defaultIntervalVariableSpec()…`: the scene's constructor defaults are overwritten by the undefined the
 *   classic variable gives), and `refresh` "never" (`defaultIntervalVariableSpec().refresh`).
 * `hide`, a query variable's `refresh` and `sort` of a variable without them ("dontHide", "never", "disabled": the
 * transform…ToEnum functions' defaults) and a `current` of its text and value only ({text: "", value: ""} without one,
 * no `selected`) are the backend's too. Without `options.__angularMigration` (12.4 on, the backend's conversion hands a
 * panel's legacy keys to the editor there; its v2 load takes them out and runs the new plugin's migration on them, which
 * is not emulated: the keys are dropped).
 * A query variable naming no data source type gets the default data source's (`group: datasource?.type ||
 * getDataQueryKind(query)`, the boot settings' default's `meta.id`: "grafana" for `-- Grafana --`), a datasource
 * variable without a plugin the same (`pluginId ?? getDefaultDatasource().type`), as the backend's conversion of 12.4 on
 * does (`datasources`: the user's org's, as the frontend settings list them; by default none, so "grafana"); an ad hoc
 * variable naming none the default data source itself (unnamedAdhoc).
 * Throws ConversionError as convertV1ToV2 does.
 */
export function uiV2Spec(v1: JsonObject, datasources: VariableDatasources = variableDatasourcesOf([])): JsonObject {
  const v2 = convertV1ToV2(withBuiltInAnnotation(v1), { variableDatasources: datasources });
  const classic = isObject(v1.templating) && Array.isArray(v1.templating.list) ? v1.templating.list.filter(isObject) : [];
  const variables = (Array.isArray(v2.variables) ? v2.variables : []).map((variable, index) => serializedVariable(variable as JsonObject, classic[index] ?? {}, datasources));
  return { ...v2, variables };
}

function serializedVariable(variable: JsonObject, classic: JsonObject, datasources: VariableDatasources): JsonObject {
  const spec = isObject(variable.spec) ? variable.spec : {};
  switch (variable.kind) {
    case 'AdhocVariable':
      return unnamedAdhoc(classic.datasource) ? { ...variable, group: datasources.defaultType, datasource: { name: datasources.defaultUid } } : variable;
    case 'QueryVariable':
      return { ...variable, spec: { ...spec, options: [], regexApplyTo: spec.regexApplyTo ?? 'value' } };
    case 'IntervalVariable':
      return { ...variable, spec: { ...spec, ...intervalState(classic) } };
    case 'CustomVariable':
      return { ...variable, spec: { ...spec, options: [], valuesFormat: spec.valuesFormat ?? 'csv' } };
    case 'DatasourceVariable':
      return { ...variable, spec: { ...spec, options: [], refresh: 'onDashboardLoad' } };
    case 'TextVariable': {
      const value = textboxValue(classic);
      return { ...variable, spec: { ...spec, current: { text: value, value }, query: value } };
    }
    case 'ConstantVariable': {
      const value = typeof classic.query === 'string' ? classic.query : '';
      return { ...variable, spec: { ...spec, current: { text: value, value }, query: value } };
    }
    default:
      return variable;
  }
}

/**
 * An ad hoc variable naming no data source (none, null, `{}`): the save writes the default's
 * (`getDataSourceForQuery(datasource, datasource?.type || getDefaultDatasource().type)`: the boot settings' default
 * where its type is that one). One naming a type alone is saved as the backend converts it (not emulated: the save's
 * best guess among the data sources of that type).
 */
function unnamedAdhoc(datasource: unknown): boolean {
  return datasource === undefined || datasource === null || (isObject(datasource) && !datasource.uid && !datasource.type);
}

/** What sceneVariablesSetToSchemaV2Variables writes for the IntervalVariable the scene builds from a classic one. */
function intervalState(classic: JsonObject): JsonObject {
  const intervals = sceneIntervals(classic.query);
  const value = sceneIntervalValue(classic, intervals);
  return {
    query: intervals.join(','),
    current: { text: value, value },
    options: intervals.map((interval) => ({ text: interval, value: interval, selected: interval === value })),
    auto: typeof classic.auto === 'boolean' ? classic.auto : false,
    auto_min: typeof classic.auto_min === 'string' ? classic.auto_min : '',
    auto_count: typeof classic.auto_count === 'number' ? classic.auto_count : 0,
    refresh: 'never',
  };
}

/** TextBoxVariable's value as createSceneVariableFromVariableModel sets it: a set `current.value` (the first of a list), else the query. */
function textboxValue(classic: JsonObject): string {
  const chosen = isObject(classic.current) ? classic.current.value : undefined;
  const value = chosen ? (Array.isArray(chosen) ? chosen[0] : chosen) : classic.query;
  return typeof value === 'string' ? value : '';
}

/**
 * The frontend's DashboardModel adds the built-in "Annotations & Alerts" annotation, first in the list, where none has
 * `builtIn` 1 (`addBuiltInAnnotationQuery`; the backend's migration replicates it: apps/dashboard/pkg/migration
 * applyFrontendDefaults, with these values).
 */
function withBuiltInAnnotation(spec: JsonObject): JsonObject {
  const annotations = isObject(spec.annotations) ? spec.annotations : {};
  const list = Array.isArray(annotations.list) ? annotations.list : [];
  if (list.some((annotation) => isObject(annotation) && annotation.builtIn === 1)) return spec;
  return { ...spec, annotations: { ...annotations, list: [structuredClone(BUILT_IN_ANNOTATION), ...list] } };
}
