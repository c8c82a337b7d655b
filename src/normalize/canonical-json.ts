import stableStringify from 'json-stable-stringify';

export { compactStableJson } from './compact-stable-json.js';

/**
 * The canonical file format: keys sorted, 2-space indent, empty `{}`/`[]` kept on one
 * line, trailing newline. `check --fix` and `pull` write exactly this.
 *
 * When every object's keys are already in sorted order (Grafana's answers, and files written
 * in this format), the built-in `JSON.stringify(value, null, 2)` writes the same bytes (same
 * escaping, `": "`, empty `{}`/`[]` on one line) several times faster, so it does.
 */
export function canonicalJson(value: unknown): string {
  if (keysSorted(value)) return indentedJson(value);
  return `${stableStringify(value, { space: 2, collapseEmpty: true }) ?? 'null'}\n`;
}

/** The canonical format's layout without sorting: what canonicalJson writes for a value whose keys are sorted. */
export function indentedJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2) ?? 'null'}\n`;
}

/** Same order as json-stable-stringify's default: Array.prototype.sort on the keys (UTF-16 code units). */
function keysSorted(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(keysSorted);
  if (value === null || typeof value !== 'object') return true;
  const keys = Object.keys(value);
  for (let i = 1; i < keys.length; i += 1) if (!(keys[i - 1]! < keys[i]!)) return false;
  return keys.every((key) => keysSorted((value as Record<string, unknown>)[key]));
}
