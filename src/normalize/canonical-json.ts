import stableStringify from 'json-stable-stringify';

import { keysSorted } from './compact-stable-json.js';
import { escapeInvisibleInJson } from '../report/escape-untrusted.js';

export { compactStableJson } from './compact-stable-json.js';

/**
 * The canonical file format: keys sorted, 2-space indent, empty `{}`/`[]` kept on one
 * line, trailing newline, and the characters escapeText treats as invisible (bidi controls, zero widths) escaped as
 * `\uXXXX`, as the plan file has them: an editor or a review diff shows no raw bidi mark. `check --fix` and `pull` write exactly this.
 *
 * When every object's keys are already in sorted order (Grafana's answers, and files written
 * in this format), the built-in `JSON.stringify(value, null, 2)` writes the same bytes (same
 * escaping, `": "`, empty `{}`/`[]` on one line) several times faster, so it does.
 */
export function canonicalJson(value: unknown): string {
  if (keysSorted(value)) return indentedJson(value);
  return `${escapeInvisibleInJson(stableStringify(value, { space: 2, collapseEmpty: true }) ?? 'null')}\n`;
}

/** The canonical format's layout without sorting: what canonicalJson writes for a value whose keys are sorted. */
export function indentedJson(value: unknown): string {
  return `${escapeInvisibleInJson(JSON.stringify(value, null, 2) ?? 'null')}\n`;
}
