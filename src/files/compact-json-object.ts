import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './json-char-codes.js';
import { FOUR_SPACES, holdsQuoteOrBackslash } from './json-words.js';

/** A JSON object's text without the whitespace between its tokens, and where its top-level members sit. */
export interface CompactJsonObject {
  /** The object's text, every byte outside strings that is whitespace removed. */
  bytes: Buffer;
  /** Each top-level key as written between its quotes (escapes not decoded) → its value's span in `bytes`. */
  members: Map<string, { start: number; end: number }>;
  /** Some string (a key or a value) is written with a `\u` escape: a key's bytes may then not be what it decodes to. */
  unicodeEscapes: boolean;
  /** The keys the text writes, in every object at any depth (its colons outside strings): a key written twice counts twice. */
  keys: number;
}

const SPACE = 0x20;

/**
 * Pure: the bytes of a JSON text known to be valid (parsed before, and pinned by their digest)
 * written without whitespace outside strings, in one pass over the bytes; null when the top level
 * is not an object. What it keeps is the same document: only the whitespace between tokens goes,
 * and in UTF-8 no byte of a multi-byte character is a quote, a backslash or whitespace. On text
 * that is not valid JSON the result means nothing (but it ends). Costs about half of JSON.stringify of the
 * parsed value (measured on 21 KB dashboards: 34 against 70 µs), and spares the parse.
 */
export function compactJsonObject(text: Uint8Array): CompactJsonObject | null {
  return compactInto(text, Buffer.allocUnsafe(text.length));
}

/** compactJsonObjectTransiently's output buffer: files up to REUSED_BYTES share it, a larger one gets its own. */
const REUSED_BYTES = 1024 * 1024;
let reused = Buffer.allocUnsafe(64 * 1024);

/**
 * The same, its bytes written into a buffer that the next call overwrites: for a caller that is done
 * with them before it compacts again (a digest), and spares an allocation per file.
 */
export function compactJsonObjectTransiently(text: Uint8Array): CompactJsonObject | null {
  if (text.length <= reused.length) return compactInto(text, reused);
  const out = Buffer.allocUnsafe(Math.max(text.length, 2 * reused.length));
  if (out.length <= REUSED_BYTES) reused = out;
  return compactInto(text, out);
}

/** compactJsonObject into `out`, at least as long as `text`. */
function compactInto(text: Uint8Array, out: Buffer): CompactJsonObject | null {
  const found = { members: new Map<string, { start: number; end: number }>(), keys: 0 };
  const length = compactObjectBytes(text, out, found);
  if (length === NOT_AN_OBJECT) return null;
  const bytes = out.subarray(0, length);
  return { bytes, members: found.members, unicodeEscapes: hasUnicodeEscape(bytes), keys: found.keys };
}

const NOT_AN_OBJECT = -1;

/**
 * The byte loop of compactInto: writes the compacted object into `out`, its top-level members and
 * the number of its keys into `found`, and returns the length written (NOT_AN_OBJECT when the top level is not an object).
 * It is a function of its own, which returns a plain number, because V8 compiles a long loop while
 * it runs (on-stack replacement) during the first call, before the code after the loop has ever
 * run: that code then has no type feedback, and every later call deoptimized at it (`out.subarray`:
 * 1,906 deoptimizations in a plan of 5,000 files, Node 20). No byte past the end is read: a load
 * out of bounds would make every load of the loop a generic one.
 *
 * Nearly half of a pretty-printed file is indentation and most of the rest is strings: both are
 * taken four bytes at a time where they can be (a word of four spaces; a word of a string without
 * a quote or a backslash, copied whole), the rest byte by byte (docs/performance.md, perf-57a).
 * A colon after a string is a key's (valid JSON has no other): the member's value starts after it.
 */
function compactObjectBytes(text: Uint8Array, out: Buffer, found: { members: Map<string, { start: number; end: number }>; keys: number }): number {
  const { members } = found;
  const n = text.length;
  const words = new DataView(text.buffer, text.byteOffset, n);
  const outWords = new DataView(out.buffer, out.byteOffset, out.length);
  const lastWord = n - 4;
  let length = 0;
  let depth = 0;
  // At depth 1: the next string is a key (after `{` or `,`); the key of the member being read, and where its value began.
  let keyNext = false;
  let key: string | null = null;
  let valueStart = 0;
  // A colon outside a string follows a key (in valid JSON, nothing else).
  let keys = 0;
  let i = 0;
  while (i < n && text[i]! <= SPACE) i++;
  if (i >= n || text[i] !== OPEN_OBJECT) return NOT_AN_OBJECT;
  while (i < n) {
    let byte = text[i]!;
    // Whitespace (outside a string, no other byte up to a space is valid JSON): runs of indentation skipped at once.
    if (byte <= SPACE) {
      i++;
      while (i <= lastWord && words.getUint32(i) === FOUR_SPACES) i += 4;
      while (i < n && (byte = text[i]!) <= SPACE) i++;
      if (i >= n) break;
    }
    if (byte === QUOTE) {
      const start = i;
      out[length++] = QUOTE;
      i++;
      while (i <= lastWord) {
        const word = words.getUint32(i, true);
        if (holdsQuoteOrBackslash(word)) break;
        outWords.setUint32(length, word, true);
        i += 4;
        length += 4;
      }
      let inner = 0;
      while (i < n && (inner = text[i]!) !== QUOTE) {
        out[length++] = inner;
        i++;
        if (inner === BACKSLASH && i < n) out[length++] = text[i++]!;
      }
      out[length++] = QUOTE;
      if (keyNext && depth === 1) {
        key = Buffer.from(text.buffer, text.byteOffset + start + 1, i - start - 1).toString('utf8');
        keyNext = false;
      }
      i++;
      // A key's colon, and the one space a pretty printer writes after it, taken here: one turn of the loop less per key.
      if (i < n && text[i] === COLON) {
        out[length++] = COLON;
        keys++;
        i++;
        if (depth === 1) valueStart = length;
        if (i < n && text[i] === SPACE) i++;
      }
      continue;
    }
    i++;
    if (byte === COLON) keys++;
    if (depth === 1) {
      if (key !== null && (byte === COMMA || byte === CLOSE_OBJECT)) {
        members.set(key, { start: valueStart, end: length });
        key = null;
      }
      if (byte === COMMA) keyNext = true;
      else if (byte === COLON) {
        out[length++] = byte;
        valueStart = length;
        continue;
      }
    }
    out[length++] = byte;
    if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth === 1) keyNext = true;
    } else if ((byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) && --depth === 0) break;
  }
  found.keys = keys;
  return length;
}

/**
 * Whether a string in this JSON text is written with a `\u` escape. A backslash occurs only inside
 * strings, where `\\` is an escaped backslash: a `\u` starts an escape when the run of backslashes
 * ending at it is odd.
 */
function hasUnicodeEscape(bytes: Buffer): boolean {
  for (let at = bytes.indexOf('\\u'); at !== -1; at = bytes.indexOf('\\u', at + 2)) {
    let run = 1;
    while (at - run >= 0 && bytes[at - run] === BACKSLASH) run++;
    if (run % 2 === 1) return true;
  }
  return false;
}
