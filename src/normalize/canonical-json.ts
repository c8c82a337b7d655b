import stableStringify from 'json-stable-stringify';

/**
 * The canonical file format: keys sorted, 2-space indent, empty `{}`/`[]` kept on one
 * line, trailing newline. `check --fix` and `pull` write exactly this.
 */
export function canonicalJson(value: unknown): string {
  return `${stableStringify(value, { space: 2, collapseEmpty: true }) ?? 'null'}\n`;
}

/** Keys sorted, no whitespace: the input of content hashes. */
export function compactStableJson(value: unknown): string {
  return stableStringify(value) ?? 'null';
}
