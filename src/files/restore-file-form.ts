import { canonicalJson } from '../normalize/canonical-json.js';
import { dashboardParts, partAt, type DashboardPart } from './dashboard-parts.js';
import { EXPORT_ONLY_KEYS } from './parse-dashboard-text.js';
import { isDatasourcePlaceIn } from './is-datasource-reference.js';
import { withoutExportKeys } from './without-export-keys.js';
import { inputValues, mapStrings, replacePlaceholders, resolveInputs } from './resolve-inputs.js';
import { queryDatasourcePlaceholders } from './query-datasource-placeholders.js';
import { groupBy } from '../group-by.js';

export interface FileForm {
  /** What to write: the live model, in the file's form where it could be kept. */
  model: Record<string, unknown>;
  /** False when the file was a plain model, or its form could not be kept (see `lost`). */
  kept: boolean;
  /** Why an "export for sharing" file had to become a plain one. */
  lost?: string;
}

/**
 * Pure: Grafana's version of a dashboard in the form of the file it replaces. An "export for
 * sharing" file keeps its `__inputs`, `__requires` and `__elements` as they are, and its
 * placeholders: a string that held `${DS_…}` and still resolves to the same text holds it
 * again, and a datasource reference (`datasource.uid`, or a `datasource` string) whose uid
 * is the value of exactly one input the file uses becomes that input's placeholder (a panel
 * added in the UI). The result is checked: resolving it with `inputs` must give back the live
 * model exactly, else the plain live model is returned and `lost` says why.
 *
 * `live` is the normalized live model; `file` the file's bare model as written (unresolved).
 * `otherSchema`: the file holds the dashboard in another schema than `live` (a classic export Grafana now
 * stores as v2), so the same text seldom sits at the same path: a live string that equals what exactly one
 * of the file's placeholder strings resolves to (one with more than the placeholder, such as a description
 * naming the datasource, that the file holds nowhere as a literal) gets that string back wherever it sits, and
 * a variable's strings go back by the variable's name (a constant's `${VAR_…}` value), and a v2 query's datasource
 * by its panel id and refId (queryDatasourcePlaceholders: a mixed panel's queries each get their own back).
 */
export function restoreFileForm(live: Record<string, unknown>, file: Record<string, unknown>, inputs: Record<string, string>, options: { otherSchema?: boolean } = {}): FileForm {
  const { values, isInputName } = inputValues(file, inputs);
  const rawByPath = new Map<string, string>();
  const used = new Set<string>();
  const literals = new Set<string>();
  const body = withoutExportKeys(file);
  mapStrings(body, [], (text, path) => {
    let hasInput = false;
    replacePlaceholders(text, isInputName, (name) => {
      hasInput = true;
      used.add(name);
      return undefined;
    });
    if (hasInput) rawByPath.set(JSON.stringify(path), text);
    else literals.add(text);
    return text;
  });
  const exportKeys = EXPORT_ONLY_KEYS.filter((key) => key in file);
  if (rawByPath.size === 0 && exportKeys.length === 0) return { model: live, kept: false };

  const mapped = [...new Set([...used, ...declaredNames(file.__inputs)])].filter((name) => name.startsWith('DS_') && values.has(name));
  const namesByValue = groupBy(mapped, (name) => values.get(name)!);
  const resolve = (raw: string) => replacePlaceholders(raw, isInputName, (name) => values.get(name));
  const resolvable = (raw: string) => {
    let all = true;
    replacePlaceholders(raw, isInputName, (name) => {
      if (!values.has(name)) all = false;
      return undefined;
    });
    return all;
  };
  const rawByText = options.otherSchema === true ? placeholderStringsByText([...rawByPath.values()].filter(resolvable), resolve, literals) : new Map<string, string>();
  const variableRaw = options.otherSchema === true ? variablePlaceholders(body, live, rawByPath) : () => undefined;
  const queryRaw = options.otherSchema === true ? queryDatasourcePlaceholders(body, live, resolve) : () => undefined;
  const isDatasourcePlace = isDatasourcePlaceIn(live);
  const restored = mapStrings(live, [], (text, path) => {
    const raw = rawByPath.get(JSON.stringify(path)) ?? variableRaw(path) ?? queryRaw(path);
    if (raw !== undefined && resolvable(raw) && resolve(raw) === text) return raw;
    const moved = rawByText.get(text);
    if (moved !== undefined) return moved;
    const names = isDatasourcePlace(path) ? namesByValue.get(text) : undefined;
    return names?.length === 1 ? `\${${names[0]}}` : text;
  }) as Record<string, unknown>;
  for (const key of exportKeys) restored[key] = file[key];

  const resolved = resolveInputs(restored, inputs);
  if (resolved.unmapped.length > 0 || canonicalJson(withoutExportKeys(resolved.model)) !== canonicalJson(live)) {
    return { model: live, kept: false, lost: 'its placeholders could not be kept so that they resolve to what Grafana has' };
  }
  return { model: restored, kept: true };
}

/**
 * The file's placeholder strings by the text each resolves to, where that text is one placeholder string's
 * only (two strings that resolve alike but are written differently cannot be told apart) and the file holds
 * it nowhere as a literal. Every input of `raws` has a value.
 */
function placeholderStringsByText(raws: Iterable<string>, resolve: (raw: string) => string, literals: Set<string>): Map<string, string> {
  const byText = new Map<string, string | null>();
  for (const raw of raws) {
    const text = resolve(raw);
    // A bare placeholder resolves to a datasource uid or a constant, text that may sit anywhere (a uid "prometheus" is also the type): those go back at datasource references only.
    if (text === raw || literals.has(text) || isBarePlaceholder(raw)) continue;
    const seen = byText.get(text);
    byText.set(text, seen === undefined || seen === raw ? raw : null);
  }
  return new Map([...byText].filter((entry): entry is [string, string] => entry[1] !== null));
}

/**
 * The file's placeholder string for a path of `live` inside a variable the file holds by the same name, at the
 * same place in it (`query`, `current.text`, `options[0].value`: a v1 variable and a v2 variable's spec name
 * them alike). A constant variable's value (`${VAR_…}` in an export) goes back this way.
 */
function variablePlaceholders(file: Record<string, unknown>, live: Record<string, unknown>, rawByPath: Map<string, string>): (path: (string | number)[]) => string | undefined {
  const isVariable = (part: DashboardPart) => part.key.startsWith('variable ');
  const filePaths = new Map(dashboardParts(file).filter(isVariable).map((part) => [part.key, part.path]));
  const liveParts = dashboardParts(live).filter((part) => isVariable(part) && filePaths.has(part.key));
  return (path) => {
    const part = partAt(liveParts, path);
    const filePath = part && filePaths.get(part.key);
    return filePath && rawByPath.get(JSON.stringify([...filePath, ...path.slice(part.path.length)]));
  };
}

/** `${NAME}` or `$NAME` and nothing else. */
function isBarePlaceholder(raw: string): boolean {
  return /^(\$\{[A-Za-z0-9_]+\}|\$[A-Za-z0-9_]+)$/.test(raw);
}

function declaredNames(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((input) => (input && typeof input === 'object' && typeof (input as { name?: unknown }).name === 'string' ? [(input as { name: string }).name] : []));
}
