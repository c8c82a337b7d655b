/**
 * JSON text as Go's encoding/json writes it, for the parts where JavaScript writes it otherwise:
 * map keys in Go's order, and the HTML-safe escaping json.Marshal applies inside strings.
 */

/**
 * Go's order of map keys (encoding/json sorts them with strings.Compare): the byte order of their
 * UTF-8, which is code point order. JavaScript's `<` compares UTF-16 code units, which puts a
 * character above U+FFFF (a surrogate pair) before U+E000–U+FFFF; the first differing unit is moved
 * so that surrogates sort last.
 */
export function compareGoKeys(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}

/**
 * The JSON text of a parsed value with every object's keys in Go's order, at every depth, written
 * member by member (JavaScript objects list integer-like keys such as "10" and "2" first, in numeric
 * order, whatever order they were given in, so no object is rebuilt). Leaves are written as
 * JSON.stringify writes them; members whose value is undefined are left out and array holes written
 * as null, as JSON.stringify does.
 */
export function goSortedJson(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? arrayJson(value) : objectJson(value as Record<string, unknown>);
    default:
      return JSON.stringify(value);
  }
}

function arrayJson(value: unknown[]): string {
  let out = '[';
  for (let i = 0; i < value.length; i += 1) out += `${i === 0 ? '' : ','}${goSortedJson(value[i]) ?? 'null'}`;
  return `${out}]`;
}

function objectJson(object: Record<string, unknown>): string {
  let out = '{';
  for (const key of goKeyOrder(Object.keys(object))) {
    const member = goSortedJson(object[key]);
    if (member === undefined) continue;
    out += `${out === '{' ? '' : ','}${quote(key)}:${member}`;
  }
  return `${out}}`;
}

/** Keys in Go's order. The native sort (UTF-16 units) agrees with it unless a key holds U+D800 or above. */
export function goKeyOrder(keys: string[]): string[] {
  keys.sort();
  for (const key of keys) if (ABOVE_SURROGATES.test(key)) return keys.sort(compareGoKeys);
  return keys;
}

const ABOVE_SURROGATES = /[\ud800-\uffff]/;

/** Characters JSON.stringify escapes: quote, backslash, controls and surrogates (a lone one becomes \udxxx). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

const HTML_UNSAFE = /[<>&\u2028\u2029]/;

/**
 * JSON text with `<`, `>`, `&`, U+2028 and U+2029 escaped as json.Marshal writes them (`\u003c`…).
 * Exact on any JSON text: outside strings JSON has none of these characters, and inside a string
 * JSON.stringify writes them unescaped, never as part of an escape sequence. Most answers hold none:
 * one scan decides; a replace per character is faster than one replace with a callback.
 */
export function escapeGoHtml(text: string): string {
  if (!HTML_UNSAFE.test(text)) return text;
  return text
    .replace(/&/g, '\\u0026')
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
