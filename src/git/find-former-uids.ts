import { parseNameOnlyLog } from './parse-name-only-log.js';
import { readCatFileBatch } from './read-cat-file-batch.js';
import { runGit } from './run-git.js';
import { uidOfDashboardText } from './find-removed-dashboard-files.js';

const GIT_TIMEOUT_MS = 60_000;
/** More paths than this are not asked about: a first apply of a large tree creates them all, and deletes none. */
const MAX_PATHS = 500;
/** Versions read at most: the newest ones, where a uid change usually is. */
const MAX_READS = 2_000;

/**
 * For each of `paths` (relative to `tree`), the newest uid among `wanted` a committed version of that very path held
 * (a file whose uid was changed in place). One `git log` over those paths and one cat-file. A path without such a
 * version is absent; an empty map without git or a commit. Never throws.
 */
export async function findFormerUids(tree: string, paths: readonly string[], wanted: ReadonlySet<string>): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const { path, uid } of await readUidsHeld(tree, paths, wanted)) if (uid !== undefined && !found.has(path)) found.set(path, uid);
  return found;
}

/**
 * A file of the tree whose committed version held a uid it holds no more: `changedIn`, the path's next commit (which changed
 * it), and `changedTo`, the uid that commit gave it (absent: none read); absent: HEAD's version still holds it.
 */
export interface UidLeftByFile {
  path: string;
  changedIn?: string;
  changedTo?: string;
}

/**
 * For each uid of `wanted`, the newest of `paths` (relative to `tree`) whose committed version held it, with the commit that
 * changed it there (its uid changed in place). Read as findFormerUids reads. A uid no such version held is absent. Never throws.
 */
export async function findUidsLeftByFiles(tree: string, paths: readonly string[], wanted: ReadonlySet<string>): Promise<Map<string, UidLeftByFile>> {
  const found = new Map<string, UidLeftByFile>();
  const removed = new Set<string>();
  const newer = new Map<string, { commit: string; gone: boolean; uid: string | undefined }>();
  // Newest first: the newest version holding a uid is found first, and the path's commit read just before it changed it.
  for (const { path, uid, commit, gone } of await readUidsHeld(tree, paths, wanted, true)) {
    if (uid !== undefined && wanted.has(uid) && !found.has(uid) && !removed.has(uid)) {
      const next = newer.get(path);
      // A commit that removed the file changed no uid in place: another file took its path since (pull's own line says so).
      if (next?.gone) removed.add(uid);
      else found.set(uid, { path, ...(next !== undefined && { changedIn: next.commit, ...(next.uid !== undefined && { changedTo: next.uid }) }) });
    }
    newer.set(path, { commit, gone: gone === true, uid });
  }
  return found;
}

/**
 * The committed versions of `paths`, newest first, with the uid each held where it is one of `wanted` (`every`: all of them,
 * with the uid they held). One `git log` over those paths and one cat-file; none without git or a commit.
 */
async function readUidsHeld(tree: string, paths: readonly string[], wanted: ReadonlySet<string>, every = false): Promise<{ path: string; commit: string; uid?: string; gone?: true }[]> {
  if (paths.length === 0 || paths.length > MAX_PATHS || wanted.size === 0) return [];
  const log = await runGit(tree, ['log', '--no-renames', '--relative', '--format=%x01%H', '--name-only', '-z', 'HEAD', '--', ...paths.map((path) => `:(literal)${path}`)], GIT_TIMEOUT_MS);
  if (!log.ok) return [];
  const asked = new Set(paths);
  const versions: { path: string; commit: string; spec: string }[] = [];
  for (const { commit, paths: changed } of parseNameOnlyLog(log.stdout)) {
    for (const path of changed) if (asked.has(path)) versions.push({ path, commit, spec: `${commit}:./${path}` });
  }
  const read = versions.slice(0, MAX_READS);
  const blobs = await readCatFileBatch(tree, read.map((version) => version.spec));
  if (blobs === null) return [];
  return read.flatMap(({ path, commit }, index) => {
    const uid = uidOfDashboardText(blobs[index]?.text);
    // `gone`: the commit removed the path (no blob there).
    return uid !== undefined && wanted.has(uid) ? [{ path, commit, uid }] : every ? [{ path, commit, ...(uid !== undefined && { uid }), ...(blobs[index] === null && { gone: true as const }) }] : [];
  });
}
