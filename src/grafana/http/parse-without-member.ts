import { isWhitespace, jsonValueEnd, skipWhitespace, stringEnd } from './json-value-end.js';

/**
 * Pure: the answer as JSON.parse gives it, except that each member named `name` (written so; at
 * `depth`, counting the brackets and braces around it, or at any depth) holds null where its value
 * has MIN_SKIPPED bytes or more: that value is checked to be JSON but never built. For answers
 * whose bulk is a member the caller does not read (the dashboard in each entry of a history:
 * `data` of /api's versions list on Grafana 12+, `spec` of /apis's). null when nothing was cut
 * out, or anything in the answer is not understood: the caller then parses the whole answer, so
 * an answer that is not JSON fails exactly as it would.
 */
export function parseWithoutMember(body: Uint8Array, name: 'data' | 'spec', depth?: number): { value: unknown } | null {
  if (body.length < MIN_SKIPPED * 16) return null;
  const key = KEYS[name];
  const start = hasByteOrderMark(body) ? 3 : 0;
  const kept: string[] = [];
  let keptFrom = start;
  let pos = start;
  let open = 0;
  while (pos < body.length) {
    const byte = body[pos]!;
    if (byte !== QUOTE) {
      if (byte === BRACE_OPEN || byte === BRACKET_OPEN) open += 1;
      else if (byte === BRACE_CLOSE || byte === BRACKET_CLOSE) open -= 1;
      pos += 1;
      continue;
    }
    const end = stringEnd(body, pos);
    if (end === -1) return null;
    const colon = end - pos === key.length && (depth === undefined || open === depth) && isKey(body, pos, key) ? skipWhitespace(body, end) : -1;
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

function isKey(body: Uint8Array, at: number, key: Uint8Array): boolean {
  for (let i = 1; i < key.length - 1; i += 1) if (body[at + i] !== key[i]) return false;
  return true;
}

/** A shorter value (11.x's `"data":null`), or an answer under 16 times this, costs less to parse than to cut out. */
const MIN_SKIPPED = 64;
const KEYS = { data: new TextEncoder().encode('"data"'), spec: new TextEncoder().encode('"spec"') };
const [QUOTE, COLON, BRACE_OPEN, BRACE_CLOSE, BRACKET_OPEN, BRACKET_CLOSE] = [0x22, 0x3a, 0x7b, 0x7d, 0x5b, 0x5d];
/** What may follow a member's value: `,` `}` `]` (anything else, e.g. a digit after `0`, is left to JSON.parse). */
const ENDS_VALUE = new Set([0x2c, 0x7d, 0x5d]);
