/** Char codes of JSON's structural characters, for scans of a JSON text. */
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const OPEN_OBJECT = 0x7b;
export const CLOSE_OBJECT = 0x7d;
export const OPEN_ARRAY = 0x5b;
export const CLOSE_ARRAY = 0x5d;

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
