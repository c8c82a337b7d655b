import { createHash } from 'node:crypto';
import type { ModelText } from '../grafana/port.js';

/** Characters Go's encoding/json escapes inside strings (its HTML-safe default), which JavaScript writes as they are. */
const HAS_GO_ESCAPED = /[<>&\u2028\u2029]/;
const GO_ESCAPES: readonly [string, string][] = [['&', '\\u0026'], ['<', '\\u003c'], ['>', '\\u003e'], ['\u2028', '\\u2028'], ['\u2029', '\\u2029']];

/**
 * Pure: how Grafana's GET /api/dashboards/uid would write this classic model (see ModelText),
 * for a plan that then knows an unchanged dashboard from the answer's bytes alone. null when the
 * model cannot be written so: its own `id` or `version` (Grafana's would differ), or top-level
 * keys that are not in Go's order (sorted; then no answer could match, and the work is saved).
 * Nested keys are not checked: out of Go's order, the digest just never matches.
 */
export function describeModelText(model: Record<string, unknown>): ModelText | null {
  const keys = Object.keys(model);
  if (keys.length === 0) return null;
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i]!;
    if (key === 'id' || key === 'version') return null;
    // JavaScript compares UTF-16 units, Go UTF-8 bytes: they agree below the surrogates.
    if (i > 0 && !(keys[i - 1]! < key && isBelowSurrogates(key) && isBelowSurrogates(keys[i - 1]!))) return null;
  }
  // With the keys in order, the whole text is one native call; only the members around id and version are measured.
  const text = goEscaped(JSON.stringify(model));
  const member = (index: number) => goEscaped(`${JSON.stringify(keys[index])}:${JSON.stringify(model[keys[index]!])}`);
  return layOut(text, keys.length, member, firstAfter(keys, 'id'), firstAfter(keys, 'version'));
}

/** JSON text as Go's encoding/json writes its strings (exact on JSON text: these characters only occur inside strings). */
function goEscaped(json: string): string {
  if (!HAS_GO_ESCAPED.test(json)) return json;
  // replaceAll with a string is native all the way: three times faster than one replace with a callback.
  let escaped = json;
  for (const [char, escape] of GO_ESCAPES) escaped = escaped.replaceAll(char, escape);
  return escaped;
}

function isBelowSurrogates(key: string): boolean {
  return !/[\ud800-\uffff]/.test(key);
}

/** The index of the first key that sorts after `key` (keys.length when none does). */
function firstAfter(keys: readonly string[], key: string): number {
  const index = keys.findIndex((k) => k > key);
  return index === -1 ? keys.length : index;
}

/**
 * The description of `text` = `{` + its `count` members joined by commas + `}`, with the byte offsets
 * of the members at `idBefore` and `versionBefore` (or of the brace): the first counted from the
 * start, the second from the end, each over the few small members on its side (member(i) is the
 * text of member i).
 */
function layOut(text: string, count: number, member: (index: number) => string, idBefore: number, versionBefore: number): ModelText {
  const encoded = Buffer.from(text);
  const bytes = encoded.length;
  let idAt = bytes - 1;
  if (idBefore < count) {
    idAt = 1;
    for (let i = 0; i < idBefore; i += 1) idAt += Buffer.byteLength(member(i)) + 1;
  }
  let versionAt = bytes - 1;
  if (versionBefore < count) {
    versionAt = bytes;
    for (let i = count - 1; i >= versionBefore; i -= 1) versionAt -= Buffer.byteLength(member(i)) + 1;
  }
  return { sha256: createHash('sha256').update(encoded).digest('base64'), bytes, idAt, versionAt };
}
