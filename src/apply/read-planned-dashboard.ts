import { resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import { PlanFileError } from '../errors.js';
import { planAgain } from '../report/plan-again.js';
import { compactJsonObject } from '../files/compact-json-object.js';
import { decodeUtf8 } from '../files/decode-utf8.js';
import { findDeepNesting, MAX_JSON_DEPTH } from '../files/find-deep-nesting.js';
import { OPEN_ARRAY, OPEN_OBJECT } from '../files/json-char-codes.js';
import { hashBytes } from '../files/hash-text.js';
import { useFileBytes } from '../files/read-file-bytes.js';
import { type DesiredDashboard, desiredFromText, readDesired } from '../plan/read-desired.js';
import { type CanonicalModelText, canonicalModelText } from './canonical-model-text.js';

/**
 * A planned file as its save needs it, read once and checked against the plan's digest:
 * - `text`: the file is the canonical model as written (canonicalModelText): its compacted bytes
 *   are sent as they are; `desired()` parses them only when the save must compare (a conflict);
 * - `parsed`: anything else, parsed as the plan parsed it.
 */
export type PlannedDashboard = { hash: string } & (({ kind: 'text'; desired: () => DesiredDashboard } & CanonicalModelText) | { kind: 'parsed'; desired: DesiredDashboard });

type PlannedSettings = Pick<Settings, 'cwd' | 'inputs' | 'minRefreshInterval'> & Partial<Pick<Settings, 'configFile' | 'environment'>>;

/**
 * Reads the file of a create, update or move once; throws PlanFileError when its bytes are not
 * the ones the plan was made from (and InputError when they no longer read as a dashboard).
 * `asText`: the save may send the file's text (a write of a classic model that compares nothing first).
 * `scanDepth`: the plan's digest does not vouch for the bytes' depth (a saved plan, which anyone may
 * have written): bytes nested too deep throw the named InputError, as the tree pass's would.
 */
export async function readPlannedDashboard(
  planned: { file: string; uid: string; contentHash: string | null },
  settings: PlannedSettings,
  asText: boolean,
  scanDepth = false,
): Promise<PlannedDashboard> {
  const { file, contentHash } = planned;
  let read: CanonicalModelText | { decoded: string } | null = null;
  try {
    read = useFileBytes(resolve(settings.cwd, file), (bytes) => {
      if (hashBytes(bytes) !== contentHash) return null;
      // Too deep: parsed below, which names the bracket.
      const sendable = asText && !(scanDepth && nestsTooDeep(bytes));
      const canonical = sendable ? canonicalModelText(compactJsonObject(bytes), { uid: planned.uid, minRefreshInterval: settings.minRefreshInterval }) : null;
      if (canonical !== null) return canonical;
      const decoded = decodeUtf8(bytes);
      return decoded.ok ? { decoded: decoded.text } : null;
    });
  } catch {
    // Unreadable: readDesired says why.
  }
  if (read === null) {
    // Changed (or unreadable, or no longer UTF-8): told as before, by the parse's diagnostics or the digest.
    const desired = await readDesired(file, settings);
    if (desired.hash !== contentHash) throw new PlanFileError(`${file} changed since the plan was made`, planAgain({ review: true }));
    return { kind: 'parsed', hash: desired.hash, desired };
  }
  const hash = contentHash!;
  // Unless scanDepth, bytes with the plan's digest are the ones its tree pass scanned for depth (a tree pass refused or, before it scanned, crashed on deeper ones).
  if ('decoded' in read) return { kind: 'parsed', hash, desired: desiredFromText(read.decoded, hash, file, settings, !scanDepth) };
  const { text } = read;
  let desired: DesiredDashboard | undefined;
  return { kind: 'text', hash, ...read, desired: () => (desired ??= desiredFromText(text.toString('utf8'), hash, file, settings, true)) };
}

/** Whether the bytes nest deeper than MAX_JSON_DEPTH: brackets and quotes are single bytes in UTF-8, so the scan reads them as latin1. */
function nestsTooDeep(bytes: Uint8Array): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Each level opens with a bracket: bytes holding no more of them than the limit cannot nest deeper (counted natively, not walked).
  if (opensAtMost(buffer, MAX_JSON_DEPTH)) return false;
  return findDeepNesting(buffer.toString('latin1')) !== undefined;
}

/** Whether the bytes hold at most `limit` opening brackets, `{` and `[` (those in strings too). */
function opensAtMost(bytes: Buffer, limit: number): boolean {
  let count = 0;
  for (const bracket of [OPEN_OBJECT, OPEN_ARRAY]) {
    for (let at = bytes.indexOf(bracket); at !== -1; at = bytes.indexOf(bracket, at + 1)) if (++count > limit) return false;
  }
  return true;
}
