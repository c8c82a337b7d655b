import { createHash } from 'node:crypto';
import { isWhitespace, jsonValueEnd } from '../http/json-value-end.js';
import type { ModelText } from '../port.js';

/** What an answer that holds exactly the expected model gives besides it: the members Grafana adds, and meta (parsed). */
export interface AnswerBesideModel {
  id: number | null | undefined;
  version: number | null | undefined;
  meta: unknown;
}

const OPEN_META = bytesOf('{"meta":');
const OPEN_DASHBOARD = bytesOf('{"dashboard":');
const THEN_DASHBOARD = bytesOf(',"dashboard":');
const THEN_META = bytesOf(',"meta":');
const ID_KEY = bytesOf('"id":');
const VERSION_KEY = bytesOf('"version":');
const decoder = new TextDecoder();

/**
 * Pure: when the answer of GET /api/dashboards/uid (`{"meta":…,"dashboard":…}` as Grafana writes
 * it, or the dashboard first) holds exactly the model `expected` describes, with only Grafana's
 * `id` and `version` added at their sorted places, those and the parsed meta; null otherwise (the
 * caller parses the whole answer). The model is never parsed: its bytes are hashed around the two
 * members. Equal digests mean equal text, so the live model is the file's model plus id and version.
 * Grafana (and the sandbox) write meta first; the dashboard first is what a proxy that writes the
 * JSON again with sorted keys sends, and such an answer is still read without parsing the model.
 */
export function readAnswerAsModel(body: Uint8Array, expected: ModelText): AnswerBesideModel | null {
  let end = body.length;
  while (end > 0 && isWhitespace(body[end - 1]!)) end -= 1;
  if (end < 2 || body[end - 1] !== BRACE_CLOSE) return null;
  if (startsWith(body, 0, OPEN_META)) {
    const metaEnd = objectEnd(body, OPEN_META.length, end);
    if (metaEnd === -1 || !startsWith(body, metaEnd, THEN_DASHBOARD)) return null;
    const found = locate(body, metaEnd + THEN_DASHBOARD.length, expected);
    return found && found.end === end - 1 && hashMatches(body, found.segments, expected) ? beside(found, body, OPEN_META.length, metaEnd) : null;
  }
  if (!startsWith(body, 0, OPEN_DASHBOARD)) return null;
  const found = locate(body, OPEN_DASHBOARD.length, expected);
  if (!found || !startsWith(body, found.end, THEN_META) || !hashMatches(body, found.segments, expected)) return null;
  const metaStart = found.end + THEN_META.length;
  return objectEnd(body, metaStart, end) === end - 1 ? beside(found, body, metaStart, end - 1) : null;
}

interface Located {
  /** The answer's byte ranges that must be the model's text. */
  segments: [number, number][];
  id: number | null | undefined;
  version: number | null | undefined;
  /** Just after the dashboard object. */
  end: number;
}

/** Where the model's text would sit in the answer from `start`, skipping Grafana's id and version members; null when they are not where they would be. */
function locate(body: Uint8Array, start: number, expected: ModelText): Located | null {
  const brace = expected.bytes - 1;
  const id = skipMember(body, start + expected.idAt, ID_KEY, expected.idAt === brace);
  if (id === null) return null;
  const versionFrom = id.next + (expected.versionAt - expected.idAt);
  const version = skipMember(body, versionFrom, VERSION_KEY, expected.versionAt === brace);
  if (version === null) return null;
  const end = version.next + (expected.bytes - expected.versionAt);
  if (end > body.length) return null;
  const segments: [number, number][] = [
    [start, start + expected.idAt],
    [id.next, versionFrom],
    [version.next, end],
  ];
  return { segments, id: id.value, version: version.value, end };
}

/**
 * The member `"key":N` at `at` (before the closing brace: `,"key":N`; elsewhere `"key":N,`): its
 * value and where what follows starts. Absent, the value is undefined and nothing is skipped;
 * null when something else than an integer or null follows the key.
 */
function skipMember(body: Uint8Array, at: number, key: Uint8Array, beforeBrace: boolean): { value: number | null | undefined; next: number } | null {
  const keyAt = beforeBrace ? at + 1 : at;
  if ((beforeBrace && body[at] !== COMMA) || !startsWith(body, keyAt, key)) return { value: undefined, next: at };
  let pos = keyAt + key.length;
  let value: number | null;
  if (startsWith(body, pos, NULL)) {
    value = null;
    pos += NULL.length;
  } else {
    const from = pos;
    if (body[pos] === MINUS) pos += 1;
    while (pos < body.length && body[pos]! >= DIGIT_0 && body[pos]! <= DIGIT_9) pos += 1;
    if (pos === from || (pos === from + 1 && body[from] === MINUS)) return null;
    value = Number(decoder.decode(body.subarray(from, pos)));
  }
  if (beforeBrace) return { value, next: pos };
  return body[pos] === COMMA ? { value, next: pos + 1 } : null;
}

function hashMatches(body: Uint8Array, segments: readonly [number, number][], expected: ModelText): boolean {
  const hash = createHash('sha256');
  for (const [from, to] of segments) hash.update(body.subarray(from, to));
  return hash.digest('base64') === expected.sha256;
}

function beside(found: Located, body: Uint8Array, metaStart: number, metaEnd: number): AnswerBesideModel | null {
  try {
    return { id: found.id, version: found.version, meta: JSON.parse(decoder.decode(body.subarray(metaStart, metaEnd))) as unknown };
  } catch {
    return null;
  }
}

/** Just after the JSON object that opens at `start` (jsonValueEnd); -1 when there is none or it does not close before `limit`. */
function objectEnd(body: Uint8Array, start: number, limit: number): number {
  if (body[start] !== BRACE_OPEN) return -1;
  const end = jsonValueEnd(body, start);
  return end !== -1 && end <= limit ? end : -1;
}

function startsWith(body: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (at < 0 || at + prefix.length > body.length) return false;
  for (let i = 0; i < prefix.length; i += 1) if (body[at + i] !== prefix[i]) return false;
  return true;
}

function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

const NULL = bytesOf('null');
const [BRACE_OPEN, BRACE_CLOSE, COMMA, MINUS, DIGIT_0, DIGIT_9] = [...bytesOf('{},-09')] as [number, number, number, number, number, number];
