export interface DuplicateKey {
  key: string;
  /** Offset of the first occurrence's opening quote. */
  first: number;
  /** Offset of the repeated key's opening quote. */
  offset: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Pure: the first key that appears twice in one object of a document JSON.parse accepted.
 * JSON.parse keeps the last value silently, and a rewrite would drop the other one, so a
 * repeated key is an error. Keys compare as written, and also after unescaping when they
 * hold an escape (`"a"` and `"\u0061"` are one key). One pass over the text that skips
 * strings with indexOf and keeps each object's keys as offsets (objects have few keys):
 * about the cost of the parse itself, so callers run it once per file content.
 */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  // Per open container: null for an array, else (start, end, has-escape) of each key's contents.
  const stack: (number[] | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    if (ch === QUOTE) {
      const end = stringEnd(text, i);
      if (expectKey) {
        const keys = stack[stack.length - 1]!;
        const escaped = hasBackslash(text, i + 1, end);
        const first = findKey(text, keys, i + 1, end, escaped);
        if (first !== undefined) return { key: unescape(text.slice(i + 1, end)), first: first - 1, offset: i };
        keys.push(i + 1, end, escaped ? 1 : 0);
        expectKey = false;
      }
      i = end;
    } else if (ch === 0x7b /* { */) {
      stack.push([]);
      expectKey = true;
    } else if (ch === 0x5b /* [ */) {
      stack.push(null);
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      stack.pop();
    } else if (ch === 0x2c /* , */) {
      expectKey = stack.length > 0 && stack[stack.length - 1] !== null;
    }
  }
  return undefined;
}

/** Start offset of an earlier key of the same object equal to text[start, end), if any. No allocation unless a key holds an escape. */
function findKey(text: string, keys: number[], start: number, end: number, escaped: boolean): number | undefined {
  for (let k = 0; k < keys.length; k += 3) {
    const otherStart = keys[k]!;
    const otherEnd = keys[k + 1]!;
    if (escaped || keys[k + 2] === 1) {
      if (unescape(text.slice(otherStart, otherEnd)) === unescape(text.slice(start, end))) return otherStart;
    } else if (otherEnd - otherStart === end - start && sameChars(text, otherStart, start, end - start)) {
      return otherStart;
    }
  }
  return undefined;
}

function sameChars(text: string, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k += 1) if (text.charCodeAt(a + k) !== text.charCodeAt(b + k)) return false;
  return true;
}

function hasBackslash(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k += 1) if (text.charCodeAt(k) === BACKSLASH) return true;
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
