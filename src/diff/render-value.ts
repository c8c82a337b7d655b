import { compactStableJson } from '../normalize/compact-stable-json.js';
import { cutText } from '../report/cut-text.js';

/** A compact one-line JSON rendering (keys sorted), cut to `maxLength` characters with `…`. */
export function renderValue(value: unknown, maxLength = 120): string {
  const text = value === undefined ? 'undefined' : compactStableJson(value);
  return cutText(text, maxLength);
}
