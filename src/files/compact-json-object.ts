/** A JSON object's text without the whitespace between its tokens, and where its top-level members sit. */
export interface CompactJsonObject {
  /** The object's text, every byte outside strings that is whitespace removed. */
  bytes: Buffer;
  /** Each top-level key as written between its quotes (escapes not decoded) → its value's span in `bytes`. */
  members: Map<string, { start: number; end: number }>;
  /** Some string (a key or a value) is written with a `\u` escape: a key's bytes may then not be what it decodes to. */
  unicodeEscapes: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const LETTER_U = 0x75;

/**
 * Pure: the bytes of a JSON text known to be valid (parsed before, and pinned by their digest)
 * written without whitespace outside strings, in one pass over the bytes; null when the top level
 * is not an object. What it keeps is the same document: only the whitespace between tokens goes,
 * and in UTF-8 no byte of a multi-byte character is a quote, a backslash or whitespace. On text
 * that is not valid JSON the result means nothing. Costs about half of JSON.stringify of the
 * parsed value (measured on 21 KB dashboards: 34 against 70 µs), and spares the parse.
 */
export function compactJsonObject(text: Uint8Array): CompactJsonObject | null {
  const out = Buffer.allocUnsafe(text.length);
  const members = new Map<string, { start: number; end: number }>();
  let length = 0;
  let depth = 0;
  let unicodeEscapes = false;
  // At depth 1: the next string is a key (after `{` or `,`); where the current member's value began.
  let keyNext = false;
  let key: string | null = null;
  let valueStart = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const byte = text[i]!;
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
    if (depth === 0 && byte !== OPEN_OBJECT) return null;
    if (byte === QUOTE) {
      const start = i;
      out[length++] = byte;
      for (i++; ; i++) {
        const inner = text[i]!;
        out[length++] = inner;
        if (inner === BACKSLASH) {
          const escaped = text[++i]!;
          if (escaped === LETTER_U) unicodeEscapes = true;
          out[length++] = escaped;
        } else if (inner === QUOTE) break;
      }
      if (depth === 1 && keyNext) {
        key = Buffer.from(text.buffer, text.byteOffset + start + 1, i - start - 1).toString('utf8');
        keyNext = false;
      }
      continue;
    }
    if (depth === 1 && key !== null && (byte === COMMA || byte === CLOSE_OBJECT)) {
      members.set(key, { start: valueStart, end: length });
      key = null;
    }
    out[length++] = byte;
    if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) depth++;
    else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) depth--;
    if (depth === 1) {
      if (byte === OPEN_OBJECT || byte === COMMA) keyNext = true;
      else if (byte === COLON) valueStart = length;
    }
    if (depth === 0) break;
  }
  return { bytes: out.subarray(0, length), members, unicodeEscapes };
}
