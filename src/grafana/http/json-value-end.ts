/**
 * Pure: just after the JSON value that starts at `start` (no whitespace before it), found without
 * building it; -1 when it is not one JSON.parse would accept, or nests deeper than MAX_DEPTH. It
 * never accepts what JSON.parse refuses (it may refuse more: deep nesting), so a caller that skips
 * a value this accepts reports a malformed answer exactly as parsing the whole would.
 */
export function jsonValueEnd(body: Uint8Array, start: number): number {
  const open: number[] = [];
  let pos = start;
  value: for (;;) {
    const byte = body[pos];
    if (byte === QUOTE) pos = stringEnd(body, pos);
    else if (byte === BRACE_OPEN || byte === BRACKET_OPEN) {
      pos = skipWhitespace(body, pos + 1);
      if (body[pos] === (byte === BRACE_OPEN ? BRACE_CLOSE : BRACKET_CLOSE)) pos += 1;
      else {
        if (open.length === MAX_DEPTH) return -1;
        open.push(byte);
        if (byte === BRACE_OPEN && (pos = memberValueStart(body, pos)) === -1) return -1;
        continue;
      }
    } else if (byte === MINUS || (byte !== undefined && byte >= DIGIT_0 && byte <= DIGIT_9)) pos = numberEnd(body, pos);
    else pos = literalEnd(body, pos);
    if (pos === -1) return -1;
    // After a value: close what it ends, or go on to the next element or member.
    while (open.length > 0) {
      pos = skipWhitespace(body, pos);
      const container = open[open.length - 1];
      if (body[pos] === COMMA) {
        pos = skipWhitespace(body, pos + 1);
        if (container === BRACE_OPEN && (pos = memberValueStart(body, pos)) === -1) return -1;
        continue value;
      }
      if (body[pos] !== (container === BRACE_OPEN ? BRACE_CLOSE : BRACKET_CLOSE)) return -1;
      open.pop();
      pos += 1;
    }
    return pos;
  }
}

/** Just after the string whose opening quote is at `start`; -1 when JSON.parse would refuse it (a control character, an unknown escape) or it does not end. */
export function stringEnd(body: Uint8Array, start: number): number {
  const length = body.length;
  for (let pos = start + 1; pos < length; pos += 1) {
    const byte = body[pos]!;
    if (byte === QUOTE) return pos + 1;
    if (byte < 0x20) return -1;
    if (byte === BACKSLASH) {
      const escaped = body[pos + 1];
      if (escaped === LETTER_U) {
        for (let digit = pos + 2; digit < pos + 6; digit += 1) if (!isHexDigit(body[digit])) return -1;
        pos += 5;
      } else if (escaped !== undefined && SIMPLE_ESCAPES.has(escaped)) pos += 1;
      else return -1;
    }
  }
  return -1;
}

/** JSON's whitespace (space, tab, LF, CR) skipped from `pos`. */
export function skipWhitespace(body: Uint8Array, pos: number): number {
  while (isWhitespace(body[pos])) pos += 1;
  return pos;
}

export const isWhitespace = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/** `"key"` then `:`, from `pos`: where the member's value starts; -1 when something else is there. */
function memberValueStart(body: Uint8Array, pos: number): number {
  if (body[pos] !== QUOTE) return -1;
  pos = stringEnd(body, pos);
  if (pos === -1) return -1;
  pos = skipWhitespace(body, pos);
  return body[pos] === COLON ? skipWhitespace(body, pos + 1) : -1;
}

/** `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`; a digit right after it (`01`) is left for the caller to refuse. */
function numberEnd(body: Uint8Array, pos: number): number {
  if (body[pos] === MINUS) pos += 1;
  if (body[pos] === DIGIT_0) pos += 1;
  else if (isDigit(body[pos])) pos = digitsEnd(body, pos);
  else return -1;
  if (body[pos] === DOT) {
    if (!isDigit(body[pos + 1])) return -1;
    pos = digitsEnd(body, pos + 1);
  }
  if (body[pos] === LETTER_E || body[pos] === CAPITAL_E) {
    pos += 1;
    if (body[pos] === PLUS || body[pos] === MINUS) pos += 1;
    if (!isDigit(body[pos])) return -1;
    pos = digitsEnd(body, pos);
  }
  return pos;
}

function digitsEnd(body: Uint8Array, pos: number): number {
  while (isDigit(body[pos])) pos += 1;
  return pos;
}

function literalEnd(body: Uint8Array, pos: number): number {
  for (const literal of LITERALS) {
    if (body[pos] !== literal[0]) continue;
    for (let i = 1; i < literal.length; i += 1) if (body[pos + i] !== literal[i]) return -1;
    return pos + literal.length;
  }
  return -1;
}

const isDigit = (byte: number | undefined) => byte !== undefined && byte >= DIGIT_0 && byte <= DIGIT_9;

function isHexDigit(byte: number | undefined): boolean {
  if (byte === undefined) return false;
  const lower = byte | 0x20;
  return (byte >= DIGIT_0 && byte <= DIGIT_9) || (lower >= 0x61 && lower <= 0x66);
}

/** Deeper than this is left to JSON.parse (a dashboard nests a dozen levels). */
const MAX_DEPTH = 512;

const code = (character: string) => character.charCodeAt(0);
const [QUOTE, BACKSLASH, BRACE_OPEN, BRACE_CLOSE, BRACKET_OPEN, BRACKET_CLOSE, COMMA, COLON, MINUS, PLUS, DOT] = [...'"\\{}[],:-+.'].map(code) as [
  number, number, number, number, number, number, number, number, number, number, number,
];
const [DIGIT_0, DIGIT_9, LETTER_E, CAPITAL_E, LETTER_U] = [...'09eEu'].map(code) as [number, number, number, number, number];
const SIMPLE_ESCAPES = new Set([...'"\\/bfnrt'].map(code));
const LITERALS = ['true', 'false', 'null'].map((word) => [...word].map(code));
