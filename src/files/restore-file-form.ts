import { canonicalJson } from '../normalize/canonical-json.js';
import { EXPORT_ONLY_KEYS } from './parse-dashboard-text.js';
import { inputValues, mapStrings, replacePlaceholders, resolveInputs } from './resolve-inputs.js';

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
 */
export function restoreFileForm(live: Record<string, unknown>, file: Record<string, unknown>, inputs: Record<string, string>): FileForm {
  const { values, isInputName } = inputValues(file, inputs);
  const rawByPath = new Map<string, string>();
  const used = new Set<string>();
  const body = withoutExportKeys(file);
  mapStrings(body, [], (text, path) => {
    let hasInput = false;
    replacePlaceholders(text, isInputName, (name) => {
      hasInput = true;
      used.add(name);
      return undefined;
    });
    if (hasInput) rawByPath.set(JSON.stringify(path), text);
    return text;
  });
  const exportKeys = EXPORT_ONLY_KEYS.filter((key) => key in file);
  if (rawByPath.size === 0 && exportKeys.length === 0) return { model: live, kept: false };

  const namesByValue = new Map<string, string[]>();
  for (const name of [...used, ...declaredNames(file.__inputs)]) {
    const value = values.get(name);
    if (value === undefined || !name.startsWith('DS_')) continue;
    const names = namesByValue.get(value) ?? [];
    if (!names.includes(name)) namesByValue.set(value, [...names, name]);
  }
  const resolve = (raw: string) => replacePlaceholders(raw, isInputName, (name) => values.get(name));
  const restored = mapStrings(live, [], (text, path) => {
    const raw = rawByPath.get(JSON.stringify(path));
    if (raw !== undefined && resolve(raw) === text) return raw;
    const names = isDatasourceReference(path) ? namesByValue.get(text) : undefined;
    return names?.length === 1 ? `\${${names[0]}}` : text;
  }) as Record<string, unknown>;
  for (const key of exportKeys) restored[key] = file[key];

  const resolved = resolveInputs(restored, inputs);
  if (resolved.unmapped.length > 0 || canonicalJson(withoutExportKeys(resolved.model)) !== canonicalJson(live)) {
    return { model: live, kept: false, lost: 'its placeholders could not be kept so that they resolve to what Grafana has' };
  }
  return { model: restored, kept: true };
}

/** `…datasource.uid` (object reference) or `…datasource` (a uid or name as a plain string). */
function isDatasourceReference(path: (string | number)[]): boolean {
  const last = path[path.length - 1];
  return last === 'datasource' || (last === 'uid' && path[path.length - 2] === 'datasource');
}

function declaredNames(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((input) => (input && typeof input === 'object' && typeof (input as { name?: unknown }).name === 'string' ? [(input as { name: string }).name] : []));
}

function withoutExportKeys(model: Record<string, unknown>): Record<string, unknown> {
  const body = { ...model };
  for (const key of EXPORT_ONLY_KEYS) delete body[key];
  return body;
}
