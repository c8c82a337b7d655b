import { createHash } from 'node:crypto';
import type { ModelText } from '../grafana/port.js';
import { compactJsonObjectTransiently, type CompactJsonObject } from './compact-json-object.js';
import type { ParsedDashboard } from './parse-dashboard-text.js';

/** What Go's encoding/json writes escaped inside strings (its HTML-safe default), and how: JavaScript writes these as they are. */
const GO_ESCAPES: readonly (readonly [Buffer, Buffer])[] = [
  ['&', '\\u0026'],
  ['<', '\\u003c'],
  ['>', '\\u003e'],
  ['\u2028', '\\u2028'],
  ['\u2029', '\\u2029'],
].map(([char, escape]) => [Buffer.from(char!), Buffer.from(escape!)] as const);

/**
 * The ModelText of a dashboard file, from its bytes, when its parse found its content to be its
 * document as written (a bare classic model in which nothing was resolved or dropped:
 * ParsedDashboard.asWritten), so that an answer holding that text holds the file's content; null
 * for any other file. Inputs, export keys and a wrapper are told by the parse, not by scanning the
 * text: `"legendFormat": "__auto"` or a `DS_` in a description leave the content as written.
 */
export function describeFileModel(parsed: Pick<ParsedDashboard, 'asWritten' | 'content'>, fileBytes: Uint8Array): ModelText | null {
  return isModelAsWritten(parsed) ? describeModelText(fileBytes) : null;
}

/** Whether describeFileModel describes this file's model (its bytes stand for its content). */
export function isModelAsWritten(parsed: Pick<ParsedDashboard, 'asWritten' | 'content'>): boolean {
  return parsed.asWritten === 'bare' && parsed.content?.schema === 'v1';
}

/**
 * Pure: how Grafana's GET /api/dashboards/uid would answer with the model written by these bytes
 * (see ModelText), for a plan that then knows an unchanged dashboard from the answer's bytes
 * alone; null when they are not an object or no answer could be that text (goLayout). The bytes
 * must be a valid JSON text whose content is its document as written (describeFileModel decides).
 *
 * Grafana's text is the file's compacted bytes with Go's escapes: these characters only occur
 * inside strings, so it is the same document. It is hashed in pieces, never written out.
 */
export function describeModelText(fileBytes: Uint8Array): ModelText | null {
  return describeCompactModel(compactJsonObjectTransiently(fileBytes));
}

/** describeModelText from the file's compaction (compactJsonObject), made already. */
export function describeCompactModel(compact: CompactJsonObject | null): ModelText | null {
  if (compact === null) return null;
  const layout = goLayout(compact);
  if (layout === null) return null;
  const source = compact.bytes;
  const found: { at: number; char: Buffer; escape: Buffer }[] = [];
  for (const [char, escape] of GO_ESCAPES) {
    for (let at = source.indexOf(char); at !== -1; at = source.indexOf(char, at + char.length)) found.push({ at, char, escape });
  }
  found.sort((a, b) => a.at - b.at);
  const hash = createHash('sha256');
  let from = 0;
  for (const { at, char, escape } of found) {
    hash.update(source.subarray(from, at)).update(escape);
    from = at + char.length;
  }
  hash.update(source.subarray(from));
  const shifted = (offset: number) => offset + found.reduce((sum, { at, char, escape }) => (at < offset ? sum + escape.length - char.length : sum), 0);
  return { sha256: hash.digest('base64'), bytes: shifted(source.length), idAt: shifted(layout.idAt), versionAt: shifted(layout.versionAt) };
}

/**
 * Where Grafana's `id` and `version` members would go in the compacted text (the offset of the
 * member each precedes, or of the closing brace). null when no answer could be this text: the
 * file's own `id` or `version` (Grafana's would differ), top-level keys out of Go's order (sorted
 * by bytes), or a `\u` escape in the file (a key's bytes may then not be what it decodes to).
 * Nested keys are not checked: out of Go's order, the comparison just never matches.
 */
function goLayout(compact: CompactJsonObject): { idAt: number; versionAt: number } | null {
  if (compact.unicodeEscapes) return null;
  const keys = [...compact.members.keys()];
  if (keys.length === 0) return null;
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i]!;
    if (key === 'id' || key === 'version') return null;
    // JavaScript compares UTF-16 units, Go UTF-8 bytes: they agree below the surrogates (a lone key is compared with none).
    if (keys.length > 1 && !isBelowSurrogates(key)) return null;
    if (i > 0 && !(keys[i - 1]! < key)) return null;
  }
  // A member starts at its key's opening quote: its value's start, less the colon, the quotes and the key.
  const memberAt = (index: number) => (index >= keys.length ? compact.bytes.length - 1 : compact.members.get(keys[index]!)!.start - Buffer.byteLength(keys[index]!) - 3);
  return { idAt: memberAt(firstAfter(keys, 'id')), versionAt: memberAt(firstAfter(keys, 'version')) };
}

/** No UTF-16 unit of `key` is U+D800 or above (a loop: a regular expression's test cost more, per key of every file). */
function isBelowSurrogates(key: string): boolean {
  for (let at = 0; at < key.length; at += 1) if (key.charCodeAt(at) >= 0xd800) return false;
  return true;
}

/** The index of the first key that sorts after `key` (keys.length when none does). */
function firstAfter(keys: readonly string[], key: string): number {
  const index = keys.findIndex((k) => k > key);
  return index === -1 ? keys.length : index;
}
