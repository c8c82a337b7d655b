import { createHash } from 'node:crypto';
import type { ModelText } from '../grafana/port.js';
import { compactJsonObject, type CompactJsonObject } from './compact-json-object.js';

/** What Go's encoding/json writes escaped inside strings (its HTML-safe default), and how: JavaScript writes these as they are. */
const GO_ESCAPES: readonly (readonly [Buffer, Buffer])[] = [
  ['&', '\\u0026'],
  ['<', '\\u003c'],
  ['>', '\\u003e'],
  ['\u2028', '\\u2028'],
  ['\u2029', '\\u2029'],
].map(([char, escape]) => [Buffer.from(char!), Buffer.from(escape!)] as const);

/** Text that makes a file's content differ from its bytes: an input to resolve (`${DS_…}`) or an export key (`__inputs`…). */
const RESOLVED_OR_DROPPED = ['DS_', '"__'];

/**
 * Pure: how Grafana's GET /api/dashboards/uid would answer with the model of this classic model
 * file (see ModelText), for a plan that then knows an unchanged dashboard from the answer's bytes
 * alone; null when its content is not its text as it stands (inputs parseDashboardText would
 * resolve, export keys it would drop) or when no answer could be that text (goText).
 */
export function describeModelText(fileText: string): ModelText | null {
  if (RESOLVED_OR_DROPPED.some((marker) => fileText.includes(marker))) return null;
  const text = goText(compactJsonObject(Buffer.from(fileText)));
  if (text === null) return null;
  return { sha256: createHash('sha256').update(text.bytes).digest('base64'), bytes: text.bytes.length, idAt: text.idAt, versionAt: text.versionAt };
}

/**
 * Pure: the model as Grafana's Go code writes it, from the file's compacted bytes (compacting the
 * text is half the cost of writing the parsed model again): the same bytes with Go's escapes, and where Grafana's `id` and
 * `version` members would go. These characters only occur inside strings, so the text is the same
 * document. null when no answer could be this text: the file's own `id` or `version` (Grafana's would
 * differ), top-level keys out of Go's order (sorted by bytes), or a `\u` escape in the file (a key's
 * bytes may then not be what it decodes to). Nested keys are not checked: out of Go's order, the
 * comparison just never matches.
 */
function goText(compact: CompactJsonObject | null): { bytes: Buffer; idAt: number; versionAt: number } | null {
  if (compact === null || compact.unicodeEscapes) return null;
  const keys = [...compact.members.keys()];
  if (keys.length === 0) return null;
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i]!;
    if (key === 'id' || key === 'version') return null;
    // JavaScript compares UTF-16 units, Go UTF-8 bytes: they agree below the surrogates.
    if (i > 0 && !(keys[i - 1]! < key && isBelowSurrogates(key) && isBelowSurrogates(keys[i - 1]!))) return null;
  }
  const source = compact.bytes;
  // A member starts at its key's opening quote: its value's start, less the colon, the quotes and the key.
  const memberAt = (index: number) => (index >= keys.length ? source.length - 1 : compact.members.get(keys[index]!)!.start - Buffer.byteLength(keys[index]!) - 3);
  const idAt = memberAt(firstAfter(keys, 'id'));
  const versionAt = memberAt(firstAfter(keys, 'version'));
  const found: { at: number; char: Buffer; escape: Buffer }[] = [];
  for (const [char, escape] of GO_ESCAPES) {
    for (let at = source.indexOf(char); at !== -1; at = source.indexOf(char, at + char.length)) found.push({ at, char, escape });
  }
  if (found.length === 0) return { bytes: source, idAt, versionAt };
  found.sort((a, b) => a.at - b.at);
  const parts: Buffer[] = [];
  let from = 0;
  for (const { at, char, escape } of found) {
    parts.push(source.subarray(from, at), escape);
    from = at + char.length;
  }
  parts.push(source.subarray(from));
  const shifted = (offset: number) => offset + found.reduce((sum, { at, char, escape }) => (at < offset ? sum + escape.length - char.length : sum), 0);
  return { bytes: Buffer.concat(parts), idAt: shifted(idAt), versionAt: shifted(versionAt) };
}

function isBelowSurrogates(key: string): boolean {
  return !/[\ud800-\uffff]/.test(key);
}

/** The index of the first key that sorts after `key` (keys.length when none does). */
function firstAfter(keys: readonly string[], key: string): number {
  const index = keys.findIndex((k) => k > key);
  return index === -1 ? keys.length : index;
}
