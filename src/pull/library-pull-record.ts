import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { hashText } from '../files/hash-text.js';
import { uidProblem } from '../files/uid-rules.js';
import { writeFileAtomic } from '../files/write-file-atomic.js';
import type { GrafanaPort } from '../grafana/port.js';
import { canonicalJson } from '../normalize/canonical-json.js';

/**
 * Where pull records the `_library/` file contents it knows a Grafana held: `<cwd>/.dashsync/library-pulls/<uid>.json`, beside
 * pull's copies and prune's backups (kept out of git as they are).
 */
export const LIBRARY_PULLS_DIR = '.dashsync/library-pulls';

/** How many contents one panel's record keeps (newest first): enough for the 5 commits pull reads of its file. */
const KEPT = 20;

/**
 * One content a Grafana held: `content`, the file's text as pull wrote it or found it equal to Grafana's (pulledContentDigest);
 * `grafana` and `orgId`, which Grafana (urlSha256 of its URL as sent, the org given, null for the credentials' own); `version`,
 * the panel's version then; `at`, when.
 */
interface LibraryPullEntry {
  grafana: string;
  orgId: number | null;
  content: string;
  version: number;
  at: string;
}

/**
 * Grafana keeps no history of a library panel, so a committed `_library/` file whose panel someone changed there can be
 * accounted for only by what dashsync saw: this record says which file contents a pull run here wrote from this Grafana, or
 * found it holding (walk-71 M3). A file whose newest content is one of them holds nothing Grafana did not have.
 */
export interface LibraryPullRecord {
  /** The contents recorded for `uid` from this Grafana and org (empty when none, or the record cannot be read). */
  contentsOf(uid: string): Promise<ReadonlySet<string>>;
  /**
   * Records that this Grafana holds what `text` (a `_library/` file's text) says, at `version`. Never throws: a record that
   * could not be written only makes a later pull refuse the file (with the way to take Grafana's version anyway).
   */
  note(uid: string, text: string, version: number): Promise<void>;
}

/** Pure: what the record keeps of a `_library/` file's text: the digest of its canonical form (a respelling is the same content); null for no JSON. */
export function pulledContentDigest(text: string): string | null {
  try {
    return hashText(canonicalJson(JSON.parse(text)));
  } catch {
    return null;
  }
}

export function createLibraryPullRecord(cwd: string, grafana: Pick<GrafanaPort, 'urlSha256' | 'orgId'>, now: () => Date = () => new Date()): LibraryPullRecord {
  const dir = resolve(cwd, LIBRARY_PULLS_DIR);
  const source = { grafana: grafana.urlSha256, orgId: grafana.orgId ?? null };
  const fromHere = (entry: LibraryPullEntry) => entry.grafana === source.grafana && entry.orgId === source.orgId;
  // A uid names a file only where it is a Grafana uid: whatever answers at Grafana's address may send `../x`.
  const pathOf = (uid: string) => (uid === '' || uidProblem(uid) === 'uid-invalid' ? null : join(dir, `${uid}.json`));
  return {
    async contentsOf(uid) {
      const path = pathOf(uid);
      return new Set(path === null ? [] : (await readEntries(path)).filter(fromHere).map((entry) => entry.content));
    },
    async note(uid, text, version) {
      const path = pathOf(uid);
      const content = pulledContentDigest(text);
      if (path === null || content === null) return;
      try {
        const entries = await readEntries(path);
        if (entries.some((entry) => fromHere(entry) && entry.content === content)) return;
        const pulls = [{ ...source, content, version, at: now().toISOString() }, ...entries].slice(0, KEPT);
        await mkdir(dir, { recursive: true });
        await writeFileAtomic(path, canonicalJson({ pulls }));
      } catch {
        // Nothing is lost without it: the next pull of a changed panel refuses where it would have taken Grafana's version.
      }
    },
  };
}

/** The record's entries, newest first; none where it is missing or not a record (a hand edit, a crash before the rename). */
async function readEntries(path: string): Promise<LibraryPullEntry[]> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    const pulls = typeof parsed === 'object' && parsed !== null ? (parsed as { pulls?: unknown }).pulls : undefined;
    return Array.isArray(pulls) ? pulls.filter(isEntry) : [];
  } catch {
    return [];
  }
}

function isEntry(value: unknown): value is LibraryPullEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry.grafana === 'string' && (entry.orgId === null || typeof entry.orgId === 'number') && typeof entry.content === 'string' && typeof entry.version === 'number' && typeof entry.at === 'string';
}
