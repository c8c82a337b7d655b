import { BACKSLASH, QUOTE } from './json-char-codes.js';

// Four bytes of a JSON text read as one word (DataView.getUint32), for the loops that skip or copy them at once
// (compactJsonObject, stableTextDigest): what a word holds is told without a loop over its bytes.

/** A word of four spaces: indentation skipped whole (either byte order). */
export const FOUR_SPACES = 0x20202020;

/** The high bit of each byte: a word without any holds ASCII only. */
export const HIGH_BITS = 0x80808080;

/** Whether one of the four bytes of a string's word is a quote or a backslash (a zero byte of an XOR, told without a loop): a word without either is copied or skipped whole. */
export function holdsQuoteOrBackslash(word: number): boolean {
  return holdsByte(word, QUOTES) || holdsByte(word, BACKSLASHES);
}

/** A byte repeated in each of a word's four. */
const QUOTES = QUOTE * 0x01010101;
const BACKSLASHES = BACKSLASH * 0x01010101;

function holdsByte(word: number, repeated: number): boolean {
  const xor = word ^ repeated;
  return ((xor - 0x01010101) & ~xor & 0x80808080) !== 0;
}
