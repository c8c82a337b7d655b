import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { renameLimitReached } from './rename-limit.js';
import { runGit } from './run-git.js';
import { groupBy } from '../group-by.js';

/** Where a file's committed history starts, given what the working tree and index hold that HEAD does not. */
interface HistoryStart {
  /**
   * Its path in HEAD: its own, or the one it was renamed (moved) from, staged or not; null when HEAD's
   * file at its path was renamed away or deleted and the file there now is another one.
   */
  name: string | null;
  /**
   * The deleted HEAD file with exactly its bytes, when there is one only: its history is the file's
   * when `name` has none (an untracked file: a move git was not told of, e.g. `mv a.json b.json`).
   */
  orUntrackedFrom?: string;
}

export interface UncommittedRenames {
  /** Each path asked about (from the top) → where its committed history starts. */
  starts: Map<string, HistoryStart>;
  /** git skipped rename detection (more files than the rename limit): a rename may be read as a deletion and an addition. */
  renamesSkipped: boolean;
}

/**
 * Reads, with one `git diff -M --raw HEAD` (index and working tree against HEAD, the whole
 * repository: a move into the tree from elsewhere is seen), where each path's committed history
 * starts. An untracked file is paired with a deleted one by identical content only (git's
 * similarity needs both tracked): an edited, untracked move is not followed. When git fails,
 * every path starts at its own name (the history a committed layout gives). `renameLimit` is git's
 * `-l` (renameLimitFor).
 */
export async function readUncommittedRenames(top: string, paths: string[], renameLimit: number): Promise<UncommittedRenames> {
  const own: UncommittedRenames = { starts: new Map(paths.map((path) => [path, { name: path }])), renamesSkipped: false };
  const diff = await runGit(top, ['-c', 'core.quotepath=off', 'diff', '-M', `-l${renameLimit}`, '--raw', '-z', '--no-abbrev', '--no-color', '--no-ext-diff', 'HEAD'], 60_000);
  if (!diff.ok) return own;
  const { renamedFrom, gone, listed } = parseRawDiff(diff.stdout);
  const renamesSkipped = renameLimitReached(diff.stderr);
  const deletedByOid = groupBy([...gone].filter(([, { deleted }]) => deleted), ([, { oid }]) => oid, ([path]) => path);
  const starts = new Map<string, HistoryStart>();
  for (const path of paths) {
    const from = renamedFrom.get(path);
    if (from !== undefined) {
      starts.set(path, { name: from });
      continue;
    }
    const left = gone.get(path);
    // Changed in place, or nothing deleted to pair with: its own history.
    if (left === undefined && (listed.has(path) || deletedByOid.size === 0)) {
      starts.set(path, { name: path });
      continue;
    }
    const oid = await blobOidOf(resolve(top, path), (left?.oid ?? [...deletedByOid.keys()][0]!).length);
    // HEAD's file here was moved away (a staged rename): the file here now is another one, unless it has HEAD's bytes.
    // Taken out of the index (`git rm --cached`) and left in place, it is still that path's file.
    const movedAway = left !== undefined && !left.deleted && oid !== left.oid;
    starts.set(path, { name: movedAway ? null : path, ...pairedWith(deletedByOid, oid, path) });
  }
  return { starts, renamesSkipped };
}

function pairedWith(deletedByOid: Map<string, string[]>, oid: string | null, path: string): Pick<HistoryStart, 'orUntrackedFrom'> {
  const deleted = oid === null ? [] : (deletedByOid.get(oid) ?? []).filter((other) => other !== path);
  return deleted.length === 1 ? { orUntrackedFrom: deleted[0]! } : {};
}

/**
 * Pure: the `-z --raw` diff: `:<mode> <mode> <oid> <oid> <status>\0<path>\0` (`R<score>\0<from>\0<to>\0`).
 * `gone` holds HEAD's paths the index or working tree no longer has there (deleted, or renamed away), with their HEAD blob.
 */
export function parseRawDiff(stdout: string): { renamedFrom: Map<string, string>; gone: Map<string, { oid: string; deleted: boolean }>; listed: Set<string> } {
  const renamedFrom = new Map<string, string>();
  const gone = new Map<string, { oid: string; deleted: boolean }>();
  const listed = new Set<string>();
  const tokens = stdout.split('\0');
  for (let at = 0; at < tokens.length; ) {
    const header = /^:\d+ \d+ ([0-9a-f]+) [0-9a-f]+ ([A-Z])\d*$/.exec(tokens[at]!.replace(/^\n/, ''));
    if (!header) {
      at += 1;
      continue;
    }
    const [, oid, status] = header as unknown as [string, string, string];
    if (status === 'R' || status === 'C') {
      const [from, to] = [tokens[at + 1]!, tokens[at + 2]!];
      if (status === 'R') {
        renamedFrom.set(to, from);
        gone.set(from, { oid, deleted: false });
      }
      listed.add(from).add(to);
      at += 3;
      continue;
    }
    const path = tokens[at + 1]!;
    listed.add(path);
    if (status === 'D') gone.set(path, { oid, deleted: true });
    at += 2;
  }
  return { renamedFrom, gone, listed };
}

/** The blob id git would give the file's bytes (SHA-1, or SHA-256 in a repository of 64-digit ids); null when unreadable. */
export async function blobOidOf(file: string, digits: number): Promise<string | null> {
  try {
    const bytes = await readFile(file);
    const hash = createHash(digits === 64 ? 'sha256' : 'sha1');
    hash.update(`blob ${bytes.length}\0`);
    hash.update(bytes);
    return hash.digest('hex');
  } catch {
    return null;
  }
}
