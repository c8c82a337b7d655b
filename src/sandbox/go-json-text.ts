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
 * The JSON text of a parsed value with every object's keys in Go's order, at every depth. Leaves are written as
 * JSON.stringify writes them; members whose value is undefined are left out and array holes written as null, as
 * JSON.stringify does.
 *
 * Most models arrive with their keys in that order already (Grafana's own exports and dashsync's files are
 * sorted): a subtree whose objects all list their keys in Go's order is written by JSON.stringify itself, the
 * same text at a fraction of the cost. Elsewhere the text is written member by member (JavaScript objects list
 * integer-like keys such as "10" and "2" first, in numeric order, whatever order they were given in, so no
 * object is rebuilt). One pass decides, bottom-up: nothing is visited twice.
 */
export function goSortedJson(value: unknown): string | undefined {
  const scanned = scan(value);
  return scanned === IN_ORDER ? JSON.stringify(value) : scanned;
}

/** What scan answers for a subtree JSON.stringify writes as Go would: its text is left to JSON.stringify. */
const IN_ORDER = Symbol('in Go order');

function scan(value: unknown): string | typeof IN_ORDER {
  if (typeof value !== 'object' || value === null) return IN_ORDER;
  return Array.isArray(value) ? scanArray(value) : scanObject(value as Record<string, unknown>);
}

function scanArray(value: unknown[]): string | typeof IN_ORDER {
  for (let i = 0; i < value.length; i += 1) {
    const scanned = scan(value[i]);
    if (scanned === IN_ORDER) continue;
    // From here on the array is written item by item; the items before were in order.
    let out = '[';
    for (let j = 0; j < i; j += 1) out += `${j === 0 ? '' : ','}${JSON.stringify(value[j]) ?? 'null'}`;
    out += `${i === 0 ? '' : ','}${scanned}`;
    for (let j = i + 1; j < value.length; j += 1) out += `,${goSortedJson(value[j]) ?? 'null'}`;
    return `${out}]`;
  }
  return IN_ORDER;
}

function scanObject(object: Record<string, unknown>): string | typeof IN_ORDER {
  const keys = Object.keys(object);
  // JSON.stringify would call a toJSON method; goSortedJson writes the object's own members.
  if (typeof object.toJSON === 'function' || !inGoOrder(keys)) return objectJson(object, goKeyOrder(keys));
  for (let i = 0; i < keys.length; i += 1) {
    const scanned = scan(object[keys[i]!]);
    if (scanned === IN_ORDER) continue;
    let out = '{';
    for (let j = 0; j < keys.length; j += 1) {
      const member = j < i ? JSON.stringify(object[keys[j]!]) : j === i ? scanned : goSortedJson(object[keys[j]!]);
      if (member === undefined) continue;
      out += `${out === '{' ? '' : ','}${quote(keys[j]!)}:${member}`;
    }
    return `${out}}`;
  }
  return IN_ORDER;
}

function inGoOrder(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i += 1) if (compareGoKeys(keys[i - 1]!, keys[i]!) >= 0) return false;
  return true;
}

function objectJson(object: Record<string, unknown>, keys: string[]): string {
  let out = '{';
  for (const key of keys) {
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
