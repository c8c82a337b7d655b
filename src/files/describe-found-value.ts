import { cutText } from '../report/cut-text.js';

/** A quoted string is cut to this many characters, its last one `…`: the first 40 of a long one are shown. */
const QUOTED_STRING_CHARS = 41;

/** Pure: what a file holds where another type belongs, for a problem message (`the string "six"`, `number 5`, `an array`). */
export function describeFoundValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(cutText(value, QUOTED_STRING_CHARS))}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
