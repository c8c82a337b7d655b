import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from '../../files/json-char-codes.js';

/**
 * Pure: just after the JSON value that starts at `start` (no whitespace before it), found without
 * building it; -1 when it is not one JSON.parse would accept, or nests deeper than MAX_DEPTH. It
 * never accepts what JSON.parse refuses (it may refuse more: deep nesting), so a caller that skips
 * a value this accepts reports a malformed answer exactly as parsing the whole would.
 *
 * Written as one loop, its steps inline, every load in bounds and the open containers on a reused
 * byte stack: this walk of a versions answer's `data` (the whole dashboard on Grafana 12+) is most of
 * the drift check's CPU, and with a helper call per token it cost a quarter more (docs/performance.md, perf-63b).
 */
export function jsonValueEnd(body: Uint8Array, start: number): number {
  const length = body.length;
  let depth = 0;
  let pos = start;
  value: for (;;) {
    if (pos >= length) return -1;
    const byte = body[pos]!;
    if (byte === QUOTE) {
      if ((pos = stringEndWithin(body, pos, length)) === -1) return -1;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      pos += 1;
      while (pos < length && isSpace(body[pos]!)) pos += 1;
      if (pos >= length) return -1;
      if (body[pos] === (byte === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY)) pos += 1;
      else {
        if (depth === MAX_DEPTH) return -1;
        openContainers[depth++] = byte;
        if (byte === OPEN_ARRAY) continue;
        // The object's first member: its key, then the colon.
        if (body[pos] !== QUOTE || (pos = stringEndWithin(body, pos, length)) === -1) return -1;
        while (pos < length && isSpace(body[pos]!)) pos += 1;
        if (pos >= length || body[pos] !== COLON) return -1;
        pos += 1;
        while (pos < length && isSpace(body[pos]!)) pos += 1;
        continue;
      }
    } else if (byte === MINUS || isDigit(byte)) {
      // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?; a digit right after it (`01`) is refused below, or by the caller.
      if (byte === MINUS && ++pos >= length) return -1;
      if (body[pos] === DIGIT_0) pos += 1;
      else if (isDigit(body[pos]!)) while (++pos < length && isDigit(body[pos]!));
      else return -1;
      if (pos < length && body[pos] === DOT) {
        if (++pos >= length || !isDigit(body[pos]!)) return -1;
        while (++pos < length && isDigit(body[pos]!));
      }
      if (pos < length && (body[pos] === LETTER_E || body[pos] === CAPITAL_E)) {
        if (++pos < length && (body[pos] === PLUS || body[pos] === MINUS)) pos += 1;
        if (pos >= length || !isDigit(body[pos]!)) return -1;
        while (++pos < length && isDigit(body[pos]!));
      }
    } else if (byte === LETTER_T || byte === LETTER_N) {
      // true, null
      if (pos + 3 >= length || body[pos + 1] !== (byte === LETTER_T ? LETTER_R : LETTER_U) || body[pos + 2] !== (byte === LETTER_T ? LETTER_U : LETTER_L) || body[pos + 3] !== (byte === LETTER_T ? LETTER_E : LETTER_L)) return -1;
      pos += 4;
    } else if (byte === LETTER_F) {
      if (pos + 4 >= length || body[pos + 1] !== LETTER_A || body[pos + 2] !== LETTER_L || body[pos + 3] !== LETTER_S || body[pos + 4] !== LETTER_E) return -1;
      pos += 5;
    } else return -1;
    // After a value: close what it ends, or go on to the next element or member.
    while (depth > 0) {
      while (pos < length && isSpace(body[pos]!)) pos += 1;
      if (pos >= length) return -1;
      const after = body[pos]!;
      const container = openContainers[depth - 1];
      if (after === COMMA) {
        pos += 1;
        while (pos < length && isSpace(body[pos]!)) pos += 1;
        if (container === OPEN_ARRAY) continue value;
        if (pos >= length || body[pos] !== QUOTE || (pos = stringEndWithin(body, pos, length)) === -1) return -1;
        while (pos < length && isSpace(body[pos]!)) pos += 1;
        if (pos >= length || body[pos] !== COLON) return -1;
        pos += 1;
        while (pos < length && isSpace(body[pos]!)) pos += 1;
        continue value;
      }
      if (after !== (container === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY)) return -1;
      depth -= 1;
      pos += 1;
    }
    return pos;
  }
}

/** Just after the string whose opening quote is at `start`; -1 when JSON.parse would refuse it (a control character, an unknown escape) or it does not end. */
export function stringEnd(body: Uint8Array, start: number): number {
  return stringEndWithin(body, start, body.length);
}

function stringEndWithin(body: Uint8Array, start: number, length: number): number {
  let pos = start + 1;
  for (;;) {
    while (pos < length && PLAIN_IN_STRING[body[pos]!] === 1) pos += 1;
    if (pos >= length) return -1;
    const byte = body[pos]!;
    if (byte === QUOTE) return pos + 1;
    if (byte !== BACKSLASH || pos + 1 >= length) return -1;
    const escaped = body[pos + 1]!;
    if (escaped === LETTER_U) {
      if (pos + 5 >= length || HEX_DIGIT[body[pos + 2]!] === 0 || HEX_DIGIT[body[pos + 3]!] === 0 || HEX_DIGIT[body[pos + 4]!] === 0 || HEX_DIGIT[body[pos + 5]!] === 0) return -1;
      pos += 6;
    } else if (SIMPLE_ESCAPE[escaped] === 1) pos += 2;
    else return -1;
  }
}

/** JSON's whitespace (space, tab, LF, CR) skipped from `pos`. */
export function skipWhitespace(body: Uint8Array, pos: number): number {
  const length = body.length;
  while (pos < length && isSpace(body[pos]!)) pos += 1;
  return pos;
}

export const isWhitespace = (byte: number | undefined) => byte !== undefined && isSpace(byte);

/** Most bytes tested are not whitespace: one comparison tells those. */
const isSpace = (byte: number) => byte <= 0x20 && (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09);

const isDigit = (byte: number) => byte >= DIGIT_0 && byte <= DIGIT_9;

/** Deeper than this is left to JSON.parse (a dashboard nests a dozen levels). */
const MAX_DEPTH = 512;

// The other bytes the walk tells apart.
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const CAPITAL_E = 0x45;
const LETTER_A = 0x61;
const LETTER_E = 0x65;
const LETTER_F = 0x66;
const LETTER_L = 0x6c;
const LETTER_N = 0x6e;
const LETTER_R = 0x72;
const LETTER_S = 0x73;
const LETTER_T = 0x74;
const LETTER_U = 0x75;

/** The open brackets and braces of the walk under way (a walk never runs inside another). */
const openContainers = new Uint8Array(MAX_DEPTH);

/** 1 for a byte a string holds as it is: not a quote, a backslash or a control character. */
const PLAIN_IN_STRING = new Uint8Array(256).map((_, byte) => (byte >= 0x20 && byte !== QUOTE && byte !== BACKSLASH ? 1 : 0));
const SIMPLE_ESCAPE = new Uint8Array(256).map((_, byte) => ('"\\/bfnrt'.includes(String.fromCharCode(byte)) ? 1 : 0));
const HEX_DIGIT = new Uint8Array(256).map((_, byte) => (/^[0-9a-fA-F]$/.test(String.fromCharCode(byte)) ? 1 : 0));
