export interface DuplicateKey {
  key: string;
  /** Offset of the first occurrence's opening quote. */
  first: number;
  /** Offset of the repeated key's opening quote. */
  offset: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** The next string, or the next bracket or comma: what lies between (numbers, literals, colons, blanks) is skipped natively. */
const TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"|[{}[\],]/g;

/**
 * Pure: true when no object of `text` holds a key twice, known without scanning it token by
 * token; false when that needs findDuplicateKey to tell. `keys` is the number of keys of every
 * object of JSON.parse(text) (surveyJsonValue). Every key of the text is a string closed by a
 * quote that optional blanks and a colon follow; elsewhere a quote before a colon can only open a
 * string or be an escaped quote inside one, which add to the count. JSON.parse keeps one key of
 * each repeated set. So the colons after a quote number the keys written plus those extras, the
 * parsed value's keys number them minus the repeats, and the two counts are equal only when there
 * are neither (about a fifth of the scan's cost).
 */
export function hasNoDuplicateKey(text: string, keys: number): boolean {
  return quotedColons(text) === keys;
}

/** Colons that a quote precedes (blanks between allowed). */
function quotedColons(text: string): number {
  let count = 0;
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) {
    let k = i - 1;
    let ch = text.charCodeAt(k);
    while (ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) ch = text.charCodeAt((k -= 1));
    if (ch === QUOTE) count += 1;
  }
  return count;
}

/**
 * Pure: the first key that appears twice in one object of a document JSON.parse accepted.
 * JSON.parse keeps the last value silently, and a rewrite would drop the other one, so a
 * repeated key is an error. Keys compare as written, and after unescaping when either holds
 * an escape (`"a"` and `"\u0061"` are one key). Values are skipped by a regular expression
 * and each object's keys kept as offsets, so it costs about one more parse (measured 1.2×
 * JSON.parse on generated dashboards): callers run it once per file content.
 */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  // Per open container: null for an array, else (start, end, has-escape) of each key, by its quotes.
  const stack: (number[] | null)[] = [];
  let expectKey = false;
  let i = 0;
  for (;;) {
    if (expectKey) {
      expectKey = false;
      let ch = text.charCodeAt(i);
      while (ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) ch = text.charCodeAt((i += 1));
      if (ch !== QUOTE) continue; // `{}`: the brace is the next token
      const end = stringEnd(text, i);
      const keys = stack[stack.length - 1]!;
      const escaped = hasBackslash(text, i, end);
      const first = findKey(text, keys, i, end, escaped);
      if (first !== undefined) return { key: unescape(text.slice(i + 1, end)), first, offset: i };
      keys.push(i, end, escaped ? 1 : 0);
      i = end + 1;
      continue;
    }
    TOKEN.lastIndex = i;
    if (!TOKEN.test(text)) return undefined;
    i = TOKEN.lastIndex;
    const ch = text.charCodeAt(i - 1);
    if (ch === QUOTE) continue; // a string value
    if (ch === 0x7b /* { */) {
      stack.push([]);
      expectKey = true;
    } else if (ch === 0x5b /* [ */) {
      stack.push(null);
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      stack.pop();
    } else {
      // a comma: in an object, a key comes next
      expectKey = stack.length > 0 && stack[stack.length - 1] !== null;
    }
  }
}

/** Offset of an earlier key of the same object equal to the one quoted at text[start..end], if any. */
function findKey(text: string, keys: number[], start: number, end: number, escaped: boolean): number | undefined {
  const length = end - start;
  for (let k = 0; k < keys.length; k += 3) {
    const otherStart = keys[k]!;
    const otherEnd = keys[k + 1]!;
    if (otherEnd - otherStart === length && sameChars(text, otherStart, start, length)) return otherStart;
    if (escaped || keys[k + 2] === 1) {
      if (unescape(text.slice(otherStart + 1, otherEnd)) === unescape(text.slice(start + 1, end))) return otherStart;
    }
  }
  return undefined;
}

function sameChars(text: string, a: number, b: number, length: number): boolean {
  for (let k = 1; k < length; k += 1) if (text.charCodeAt(a + k) !== text.charCodeAt(b + k)) return false;
  return true;
}

function hasBackslash(text: string, start: number, end: number): boolean {
  for (let k = start + 1; k < end; k += 1) if (text.charCodeAt(k) === BACKSLASH) return true;
  return false;
}

function unescape(raw: string): string {
  return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
}

/** Offset of the quote that closes the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end !== -1) {
    let backslashes = 0;
    for (let k = end - 1; text.charCodeAt(k) === BACKSLASH; k -= 1) backslashes += 1;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return text.length;
}
