import stableStringify from 'json-stable-stringify';

export { compactStableJson } from './compact-stable-json.js';

/**
 * The canonical file format: keys sorted, 2-space indent, empty `{}`/`[]` kept on one
 * line, trailing newline. `check --fix` and `pull` write exactly this.
 */
export function canonicalJson(value: unknown): string {
  return `${stableStringify(value, { space: 2, collapseEmpty: true }) ?? 'null'}\n`;
}
