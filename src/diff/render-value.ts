import { compactStableJson } from '../normalize/compact-stable-json.js';

/** A compact one-line JSON rendering (keys sorted), cut to `maxLength` characters with `…`. */
export function renderValue(value: unknown, maxLength = 120): string {
  const text = value === undefined ? 'undefined' : compactStableJson(value);
  if (text.length <= maxLength) return text;
  let cut = Math.max(0, maxLength - 1);
  // Do not split a surrogate pair (an emoji in a title).
  if (cut > 0 && /[\uD800-\uDBFF]/.test(text[cut - 1]!)) cut -= 1;
  return `${text.slice(0, cut)}…`;
}
