import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { groupBy } from '../group-by.js';
import { runGit, type GitResult } from './run-git.js';
import { committedUid } from './parse-committed-json.js';

/**
 * What git's index holds below the tree's root (paths relative to it) that a case-insensitive checkout made one:
 * `files`, two paths equal but for case, with each blob's dashboard uid (null: none read) and the path whose content the
 * checkout's one file holds (null: neither's, an edit since); `dirs`, two directories equal but for case, of which the
 * checkout holds `held` as written, and the tree files git's index holds under the other (`moved`), which the checkout
 * holds under `held`.
 */
export type IndexCaseCollision =
  | { kind: 'files'; paths: [string, string]; uids: [string | null, string | null]; holds: string | null }
  | { kind: 'dirs'; held: string; other: string; moved: string[] };

/**
 * The paths git's index holds below `root` that are equal but for case and that name a file of the tree (`treeFiles`: its
 * dashboard and library panel files, root-relative, lower-cased), where the working tree does not hold both (each name on
 * the path is not listed as written by its directory): a case-insensitive checkout (macOS, Windows) wrote both into one
 * file, or two directories into one, and git only said "paths have collided" at the clone (of files only: two
 * directories it merges without a word). One `git ls-files` (`indexListed`: listIndexBelow's, which may be under way; a path
 * a conflicted merge lists once per stage counted once), directory listings per such pair, and per pair of files two blob
 * reads and one digest of the file; none without git. Never throws.
 */
export async function findIndexCaseCollisions(root: string, treeFiles: ReadonlySet<string>, indexListed: Promise<GitResult> = listIndexBelow(root)): Promise<IndexCaseCollision[]> {
  const listed = await indexListed;
  if (!listed.ok) return [];
  const blobs = new Map<string, string>();
  for (const entry of listed.stdout.split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab > 0 && treeFiles.has(entry.slice(tab + 1).toLowerCase())) blobs.set(entry.slice(tab + 1), entry.slice(0, tab).split(' ')[1]!);
  }
  const held = heldAsWritten(root);
  const found: IndexCaseCollision[] = [];
  for (const group of groupBy(blobs.keys(), (path) => path.toLowerCase()).values()) {
    const [first, ...later] = group.sort();
    for (const path of later) {
      if ((await held(first!)) && (await held(path))) continue;
      found.push({ kind: 'files', paths: [first!, path], ...(await readPair(root, [first!, path], blobs)) });
    }
  }
  found.push(...(await findDirCollisions([...blobs.keys()], held)));
  return found;
}

/**
 * What git's index holds below `root` (`git ls-files -s`, the listing findIndexCaseCollisions reads): a plan starts it before
 * it reads the tree, so that git lists while the tree is read. Never throws.
 */
export function listIndexBelow(root: string): Promise<GitResult> {
  return runGit(root, ['ls-files', '-s', '-z', '--', '.'], 60_000);
}

/**
 * Pure: whether a collision is about one of `files` (root-relative, lower-cased: case-insensitive checkouts name a file either
 * way): one of the two paths, or a file in one of the two directories (the same directory on such a checkout).
 */
export function concernsFiles(found: IndexCaseCollision, files: ReadonlySet<string>): boolean {
  if (found.kind === 'files') return found.paths.some((path) => files.has(path.toLowerCase()));
  const dir = `${found.held.toLowerCase()}/`;
  return [...files].some((file) => file.startsWith(dir));
}

/** Whether each name on `path` (below `root`) is listed as written by its directory; each listing read once. */
function heldAsWritten(root: string): (path: string) => Promise<boolean> {
  const listings = new Map<string, Promise<string[]>>();
  const list = (dir: string) => {
    let names = listings.get(dir);
    if (names === undefined) listings.set(dir, (names = readdir(join(root, dir)).catch(() => [] as string[])));
    return names;
  };
  return async (path) => {
    let dir = '';
    for (const name of path.split('/')) {
      if (!(await list(dir)).includes(name)) return false;
      dir = dir === '' ? name : `${dir}/${name}`;
    }
    return true;
  };
}

/** The two blobs' uids, and whose content the checkout's one file holds. */
async function readPair(root: string, paths: [string, string], blobs: ReadonlyMap<string, string>): Promise<{ uids: [string | null, string | null]; holds: string | null }> {
  const uidOf = async (path: string) => {
    const blob = await runGit(root, ['cat-file', 'blob', blobs.get(path)!], 60_000);
    return blob.ok ? committedUid(blob.stdout) : null;
  };
  // On a case-insensitive file system either name opens the one file; elsewhere (a file removed by hand) only the one there.
  let digest = await runGit(root, ['hash-object', '--', paths[0]], 60_000);
  if (!digest.ok) digest = await runGit(root, ['hash-object', '--', paths[1]], 60_000);
  const holds = digest.ok ? (paths.find((path) => blobs.get(path) === digest.stdout.trim()) ?? null) : null;
  return { uids: [await uidOf(paths[0]), await uidOf(paths[1])], holds };
}

/** Directories of `paths` equal but for case, the checkout holding one of them as written (and not the other). */
async function findDirCollisions(paths: readonly string[], held: (path: string) => Promise<boolean>): Promise<IndexCaseCollision[]> {
  const dirsOf = (path: string) => path.split('/').slice(0, -1).map((_, index, names) => names.slice(0, index + 1).join('/'));
  const dirs = new Set(paths.flatMap(dirsOf));
  const found: IndexCaseCollision[] = [];
  for (const group of groupBy(dirs, (dir) => dir.toLowerCase()).values()) {
    if (group.length < 2) continue;
    const spellings = await Promise.all(group.sort().map(async (dir) => ({ dir, held: await held(dir) })));
    const kept = spellings.find((spelling) => spelling.held);
    if (kept === undefined) continue;
    for (const { dir } of spellings.filter((spelling) => !spelling.held)) {
      // Only the directory whose own name differs: a parent's collision names the paths below it already.
      if (dir.slice(0, dir.lastIndexOf('/') + 1) !== kept.dir.slice(0, kept.dir.lastIndexOf('/') + 1)) continue;
      found.push({ kind: 'dirs', held: kept.dir, other: dir, moved: paths.filter((path) => path.startsWith(`${dir}/`)).sort() });
    }
  }
  return found;
}
