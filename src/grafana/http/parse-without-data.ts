import { isWhitespace, jsonValueEnd, skipWhitespace, stringEnd } from './json-value-end.js';

/**
 * Pure: the answer as JSON.parse gives it, except that each member named `data` (written so, at any
 * depth) holds null where its value has MIN_SKIPPED bytes or more: that value is checked to be JSON
 * but never built. For answers whose `data` is the bulk and is not read (the versions list of
 * Grafana 12+, each version carrying the whole dashboard). null when nothing was cut out, or
 * anything in the answer is not understood: the caller then parses the whole answer, so an answer
 * that is not JSON fails exactly as it would.
 */
export function parseWithoutData(body: Uint8Array): { value: unknown } | null {
  if (body.length < MIN_SKIPPED * 16) return null;
  const start = hasByteOrderMark(body) ? 3 : 0;
  const kept: string[] = [];
  let keptFrom = start;
  let pos = start;
  while (pos < body.length) {
    if (body[pos] !== QUOTE) {
      pos += 1;
      continue;
    }
    const end = stringEnd(body, pos);
    if (end === -1) return null;
    const colon = end - pos === DATA_KEY.length && isDataKey(body, pos) ? skipWhitespace(body, end) : -1;
    if (body[colon] !== COLON) {
      pos = end;
      continue;
    }
    const valueStart = skipWhitespace(body, colon + 1);
    const valueEnd = jsonValueEnd(body, valueStart);
    if (valueEnd === -1 || !(valueEnd === body.length || isWhitespace(body[valueEnd]) || ENDS_VALUE.has(body[valueEnd]!))) return null;
    pos = valueEnd;
    if (valueEnd - valueStart < MIN_SKIPPED) continue;
    kept.push(decode(body, keptFrom, valueStart), 'null');
    keptFrom = valueEnd;
  }
  if (kept.length === 0) return null;
  kept.push(decode(body, keptFrom, body.length));
  try {
    return { value: JSON.parse(kept.join('')) as unknown };
  } catch {
    return null;
  }
}

const hasByteOrderMark = (body: Uint8Array) => body.length > 2 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf;

/** UTF-8, as the whole answer would be decoded: every cut falls before or after an ASCII byte, where decoding restarts. */
function decode(body: Uint8Array, from: number, to: number): string {
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8', from, to);
}

function isDataKey(body: Uint8Array, at: number): boolean {
  for (let i = 1; i < DATA_KEY.length - 1; i += 1) if (body[at + i] !== DATA_KEY[i]) return false;
  return true;
}

/** A shorter value (11.x's `"data":null`), or an answer under 16 times this, costs less to parse than to cut out. */
const MIN_SKIPPED = 64;
const DATA_KEY = new TextEncoder().encode('"data"');
const [QUOTE, COLON] = [0x22, 0x3a];
/** What may follow a member's value: `,` `}` `]` (anything else, e.g. a digit after `0`, is left to JSON.parse). */
const ENDS_VALUE = new Set([0x2c, 0x7d, 0x5d]);
