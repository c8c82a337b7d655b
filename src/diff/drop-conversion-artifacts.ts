import { isPlainObject } from '../files/is-plain-object.js';
import { diffContent, type ComparedContent } from './diff-content.js';
import { withoutConversionDefaults, type UnsureDefault, type VariableDefaultDatasource } from './drop-conversion-defaults.js';
import { markLegacyOptions } from './mark-legacy-options.js';
import type { FieldChange } from './types.js';

export interface ConvertedChanges {
  changes: FieldChange[];
  /** Defaults left out that someone may also have chosen in Grafana (`timezone: "browser"`): the plan's note names them. */
  unsureDefaults: UnsureDefault[];
}

/**
 * Pure: the changes between a file and Grafana's conversion of its dashboard from the other schema family
 * (`converted`, in the file's schema), without what the conversion itself makes up. Into the classic model, row ids:
 * v2 rows carry none, so Grafana numbers them from the highest panel id + 1 (v2alpha1_to_v1.go, nextRowID), and a row
 * of the converted model takes the id of the file's row at the same place among the rows, where their titles agree;
 * and the defaults it writes where the file has none (drop-conversion-defaults.ts; `variableDefault`, the data source a
 * variable naming none gets in v2, where the plan read it); a panel's legacy options, which v2
 * has no place for, are marked and put last (mark-legacy-options.ts).
 */
export function diffConverted(converted: ComparedContent, desired: ComparedContent, variableDefault?: VariableDefaultDatasource): ConvertedChanges {
  if (converted.schema !== 'v1') {
    const live = { ...converted, spec: withFileEmptyOptions(converted.spec, desired.spec) };
    return { changes: dropConversionArtifacts(diffContent(live, desired)).filter((change) => !isV2VariableDefault(change)), unsureDefaults: [] };
  }
  const { spec, unsure } = withoutConversionDefaults(withFileRowIds(converted.spec, desired.spec), desired.spec, variableDefault);
  return { changes: markLegacyOptions(dropConversionArtifacts(diffContent({ ...converted, spec }, desired)), desired.spec), unsureDefaults: unsure };
}

/**
 * Pure: the changes without what a conversion fills in or leaves out: a value empty all the way down ("", [], {}, null,
 * `{"defaults": {}, "overrides": []}`) on one side only (the conversion to the classic model leaves out an empty
 * fieldConfig, description or links, which Grafana's UI writes), a variable's one blank option
 * (`[{"selected": true, "text": "", "value": ""}]`: a textbox's, which v2's TextVariable has no place for), and the
 * `schemaVersion`, which the conversion to the classic model always sets to the latest.
 */
function dropConversionArtifacts(changes: readonly FieldChange[]): FieldChange[] {
  return changes.filter((change) => {
    if (change.path === 'schemaVersion') return false;
    const oneSide = change.kind === 'added' ? change.after : change.kind === 'removed' ? change.before : undefined;
    if (oneSide === undefined) return true;
    return !isDeepEmpty(oneSide) && !(isVariableOptions(change.path) && isBlankOption(oneSide));
  });
}

function isDeepEmpty(value: unknown): boolean {
  if (value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.values(value).every(isDeepEmpty);
}

const isVariableOptions = (path: string) => path.startsWith('templating.list[') && path.endsWith('.options');

function isBlankOption(value: unknown): boolean {
  if (!Array.isArray(value) || value.length !== 1 || !isPlainObject(value[0])) return false;
  const { text, value: chosen, selected, ...rest } = value[0];
  return text === '' && chosen === '' && (selected === undefined || typeof selected === 'boolean') && Object.keys(rest).length === 0;
}

/**
 * v2 variable keys Grafana's conversion from the classic model leaves out where the classic variable has none, and the
 * UI's v2 save writes with these values (sceneVariablesSetToSchemaV2Variables: a query variable's `regexApplyTo ??
 * 'value'`, a custom variable's `valuesFormat ?? 'csv'`), each what Grafana assumes without one.
 */
const V2_VARIABLE_DEFAULTS: Readonly<Record<string, unknown>> = { regexApplyTo: 'value', valuesFormat: 'csv' };

/** Whether the change is one side only of a V2_VARIABLE_DEFAULTS key holding exactly its default. */
function isV2VariableDefault(change: FieldChange): boolean {
  if (!change.path.startsWith('variables[')) return false;
  const key = Object.keys(V2_VARIABLE_DEFAULTS).find((name) => change.path.endsWith(`].spec.${name}`));
  if (key === undefined) return false;
  const oneSide = change.kind === 'added' ? change.after : change.kind === 'removed' ? change.before : undefined;
  return oneSide === V2_VARIABLE_DEFAULTS[key];
}

/** The v2 kinds whose options Grafana works out anew on load, and whose options the UI's v2 save writes as `[]`. */
const V2_DERIVED_OPTIONS: ReadonlySet<unknown> = new Set(['CustomVariable', 'DatasourceVariable', 'QueryVariable']);

/**
 * The converted v2 spec with a custom, datasource or query variable's options `[]` where the file's variable of that name
 * and kind has `options: []`: the UI's v2 save writes `[]` whatever the variable held, and Grafana lists them anew on
 * load (drop-conversion-defaults.ts withFileOptions, the other direction), so the list the classic dashboard keeps is
 * nothing the file removes (walk-68 L4). Options the file lists that differ are still shown.
 */
function withFileEmptyOptions(converted: Record<string, unknown>, file: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(converted.variables) || !Array.isArray(file.variables)) return converted;
  const emptyInFile = new Set(
    file.variables.flatMap((variable) =>
      isPlainObject(variable) && V2_DERIVED_OPTIONS.has(variable.kind) && isPlainObject(variable.spec) && Array.isArray(variable.spec.options) && variable.spec.options.length === 0
        ? [`${String(variable.kind)}\0${String(variable.spec.name)}`]
        : [],
    ),
  );
  if (emptyInFile.size === 0) return converted;
  const variables = converted.variables.map((variable) =>
    isPlainObject(variable) && isPlainObject(variable.spec) && Array.isArray(variable.spec.options) && emptyInFile.has(`${String(variable.kind)}\0${String(variable.spec.name)}`)
      ? { ...variable, spec: { ...variable.spec, options: [] } }
      : variable,
  );
  return { ...converted, variables };
}

/** The converted classic model with each row's id taken from the file's row at the same place among the rows, where the titles agree. */
function withFileRowIds(converted: Record<string, unknown>, file: Record<string, unknown>): Record<string, unknown> {
  const fileRows = rowsOf(file.panels);
  if (fileRows.length === 0 || !Array.isArray(converted.panels)) return converted;
  let index = 0;
  const panels = converted.panels.map((panel) => {
    if (!isRow(panel)) return panel;
    const twin = fileRows[index++];
    return twin !== undefined && twin.title === panel.title && twin.id !== undefined ? { ...panel, id: twin.id } : panel;
  });
  return { ...converted, panels };
}

const isRow = (panel: unknown): panel is Record<string, unknown> => isPlainObject(panel) && panel.type === 'row';

function rowsOf(panels: unknown): Record<string, unknown>[] {
  return Array.isArray(panels) ? panels.filter(isRow) : [];
}
