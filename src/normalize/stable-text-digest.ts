import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from '../files/json-char-codes.js';
import { HIGH_BITS, holdsQuoteOrBackslash } from '../files/json-words.js';

const SLASH = 0x2f;
const LETTER_U = 0x75;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
/** UTF-8 lead bytes from here on start U+E000 and above, where UTF-16 order (a JS sort) is not code point order. */
const FIRST_UNORDERED_LEAD = 0xee;
/** Integers up to this many digits are exact doubles that String(Number(…)) writes as they are. */
const EXACT_DIGITS = 15;

/**
 * Pure: contentDigest of the classic model `{schema: 'v1', spec: <parse of text>}`, from the model's
 * compacted text (compactJsonObject's bytes: valid JSON without whitespace between tokens), without
 * parsing it, when the text is already what compactStableJson writes for its parse: keys strictly
 * ascending at every level, numbers as String(Number) writes them, no `\/` or `\u` escape.
 * null when it is not (or cannot be told cheaply): the caller parses and digests as before.
 * The value is then the same: compactStableJson writes exactly this text for this parse.
 */
export function stableTextDigest(text: Buffer): string | null {
  if (!isUtf8(text) || !isStableText(text)) return null;
  return `sha256:${createHash('sha256').update(SPEC_PREFIX).update(text).update(SPEC_SUFFIX).digest('hex')}`;
}

const SPEC_PREFIX = '{"schema":"v1","spec":';
const SPEC_SUFFIX = '}';

/**
 * The byte loop of stableTextDigest. Per open container: whether it is an object, and where its
 * last key sat (start and end of its bytes between the quotes), to compare the next key with.
 */
function isStableText(text: Buffer): boolean {
  const n = text.length;
  const words = new DataView(text.buffer, text.byteOffset, n);
  const lastWord = n - 4;
  const inObject: boolean[] = [];
  const lastKeyStart: number[] = [];
  const lastKeyEnd: number[] = [];
  let depth = 0;
  let keyNext = false;
  for (let i = 0; i < n; i++) {
    const byte = text[i]!;
    if (byte === QUOTE) {
      const start = i + 1;
      let unordered = false;
      i++;
      // Words without a quote or a backslash skipped whole (as the compaction copies them); a key's only when all ASCII.
      i = keyNext ? pastAsciiWords(words, i, lastWord) : pastWords(words, i, lastWord);
      let inner = text[i]!;
      while (inner !== QUOTE) {
        if (inner === BACKSLASH) {
          inner = text[++i]!;
          // JSON.stringify writes `/` and what a `\u` escape spells as they are; every other escape is the one it writes.
          if (inner === SLASH || inner === LETTER_U) return false;
          unordered = true;
        } else if (inner >= FIRST_UNORDERED_LEAD) unordered = true;
        inner = text[++i]!;
      }
      if (keyNext) {
        // A key with an escape or a character from U+E000 on: its bytes do not sort as the sort does.
        if (unordered) return false;
        const previousStart = lastKeyStart[depth - 1]!;
        if (previousStart !== -1 && compareBytes(text, previousStart, lastKeyEnd[depth - 1]!, start, i) >= 0) return false;
        lastKeyStart[depth - 1] = start;
        lastKeyEnd[depth - 1] = i;
        keyNext = false;
      }
      continue;
    }
    if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      const object = byte === OPEN_OBJECT;
      inObject[depth] = object;
      lastKeyStart[depth] = -1;
      depth++;
      keyNext = object;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
      keyNext = false;
    } else if (byte === COMMA) {
      keyNext = inObject[depth - 1]!;
    } else if (byte === MINUS || (byte >= ZERO && byte <= NINE)) {
      const end = numberEnd(text, i);
      if (!isStableNumber(text, i, end)) return false;
      i = end - 1;
    } else if (byte !== COLON) {
      // true, false, null: written as they are.
      while (i + 1 < n && text[i + 1]! >= 0x61 && text[i + 1]! <= 0x7a) i++;
    }
  }
  return depth === 0;
}

/** The first place from `i` whose word of four bytes holds a quote or a backslash (or that has no whole word left). */
function pastWords(words: DataView, i: number, lastWord: number): number {
  while (i <= lastWord && !holdsQuoteOrBackslash(words.getUint32(i, true))) i += 4;
  return i;
}

/** pastWords, stopping also at a word with a byte from 0x80 on (a key's non-ASCII characters are compared one by one). */
function pastAsciiWords(words: DataView, i: number, lastWord: number): number {
  for (let word = 0; i <= lastWord && ((word = words.getUint32(i, true)) & HIGH_BITS) === 0 && !holdsQuoteOrBackslash(word); ) i += 4;
  return i;
}

/** Where the number token starting at `start` ends: digits, sign, point and exponent. */
function numberEnd(text: Buffer, start: number): number {
  let end = start + 1;
  for (; end < text.length; end++) {
    const byte = text[end]!;
    if (byte === COMMA || byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) break;
  }
  return end;
}

/** Whether String(Number(token)) is the token: a short integer (not `-0`) at once, anything else by asking. */
function isStableNumber(text: Buffer, start: number, end: number): boolean {
  const digitsStart = text[start] === MINUS ? start + 1 : start;
  let integer = end - digitsStart <= EXACT_DIGITS;
  for (let at = digitsStart; integer && at < end; at++) integer = text[at]! >= ZERO && text[at]! <= NINE;
  if (integer) return !(digitsStart > start && end - digitsStart === 1 && text[digitsStart] === ZERO);
  const token = text.toString('latin1', start, end);
  return String(Number(token)) === token;
}

/** Byte order of text[aStart, aEnd) against text[bStart, bEnd): UTF-8 without escapes sorts as its code points. */
function compareBytes(text: Buffer, aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  const common = Math.min(aLength, bLength);
  for (let k = 0; k < common; k++) {
    const difference = text[aStart + k]! - text[bStart + k]!;
    if (difference !== 0) return difference;
  }
  return aLength - bLength;
}
