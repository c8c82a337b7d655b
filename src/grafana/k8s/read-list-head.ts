import { jsonValueEnd, skipWhitespace, stringEnd } from '../http/json-value-end.js';
import { asObject, stringField } from '../http/response-fields.js';

/** What a LIST answer says before its items: its kind and the token of the next page ('' = the last). */
export interface ListHead {
  kind: string;
  next: string;
}

/**
 * Pure: the kind and `metadata.continue` of a LIST answer, read from the members before `items`
 * (the apiserver writes `kind`, `apiVersion`, `metadata`, then `items`), without parsing the
 * items; null when they do not both come first, or anything there is not understood. Only a
 * hint, to ask for the next page early: the caller compares it with the parsed page.
 */
export function readListHead(body: Uint8Array): ListHead | null {
  let pos = skipWhitespace(body, hasByteOrderMark(body) ? 3 : 0);
  if (body[pos] !== BRACE_OPEN) return null;
  pos = skipWhitespace(body, pos + 1);
  let kind: string | undefined;
  let metadata: unknown;
  while (body[pos] === QUOTE) {
    const keyEnd = stringEnd(body, pos);
    if (keyEnd === -1) return null;
    const key = parse(body, pos, keyEnd);
    const colon = skipWhitespace(body, keyEnd);
    if (body[colon] !== COLON || key === 'items') return null;
    const valueStart = skipWhitespace(body, colon + 1);
    const valueEnd = jsonValueEnd(body, valueStart);
    if (valueEnd === -1) return null;
    if (key === 'kind' || key === 'metadata') {
      const value = parse(body, valueStart, valueEnd);
      if (key === 'kind') kind = typeof value === 'string' ? value : '';
      else metadata = value;
      if (kind !== undefined && metadata !== undefined) return { kind, next: stringField(asObject(metadata), 'continue') };
    }
    pos = skipWhitespace(body, valueEnd);
    if (body[pos] !== COMMA) return null;
    pos = skipWhitespace(body, pos + 1);
  }
  return null;
}

const hasByteOrderMark = (body: Uint8Array) => body.length > 2 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf;

/** One short value (a key, the kind, the list's metadata): jsonValueEnd accepted it, so JSON.parse does too. */
function parse(body: Uint8Array, from: number, to: number): unknown {
  return JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8', from, to)) as unknown;
}

const [QUOTE, COLON, COMMA, BRACE_OPEN] = [0x22, 0x3a, 0x2c, 0x7b];
