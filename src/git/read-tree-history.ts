import { posix } from 'node:path';
import { FOLDER_FILE, LIBRARY_DIR } from '../files/discover-tree.js';
import { selectTreePaths } from '../files/select-tree-paths.js';
import { readCatFileBatch } from './read-cat-file-batch.js';
import { readTreeLog } from './read-tree-log.js';

/** A `_folder.json` of the tree as git last held it. */
export interface FormerFolderFile {
  /** Relative to the tree: `<dir>/_folder.json`. */
  path: string;
  text: string;
}

/** The newest commit that deleted a path. */
export interface Removal {
  /** Full sha. */
  commit: string;
  /** Committer date, `YYYY-MM-DD`. */
  date: string;
}

/** What git shows the tree held: at HEAD, or deleted in HEAD's history. */
export interface TreeHistory {
  /** Every directory (relative to the tree, never '') that held a file discovery reads. */
  dirs: Set<string>;
  /** The directories among `dirs` that held a dashboard or library panel file directly (not only their `_folder.json` and subdirectories); absent: all of them. */
  holders?: Set<string>;
  /** Every `_folder.json` below the root that discovery reads, with its last committed text. */
  folderFiles: FormerFolderFile[];
  /** For each of those directories and `_folder.json` paths HEAD no longer holds: the commit that last removed a file there. */
  removals?: Map<string, Removal>;
  /** The clone is shallow: a removal in or before its oldest commit is not seen. */
  shallow?: boolean;
}

/**
 * The directories and `_folder.json` files git holds for the tree at HEAD or deleted in HEAD's
 * history: what the tree's folders were, so a plan can tell a folder whose directory left the tree
 * from one the tree never named (another tree's, someone's own). Four git processes (ls-tree, rev-parse, one log, cat-file),
 * and one more log for each place the whole tree was moved from (readPlaceLogs: a monorepo reorganised), whose history counts
 * as the tree's up to the move. A directory moved within the tree (followDirectoryMoves) keeps what it held before the move,
 * and its old path still counts. Only paths discovery would read count (selectTreePaths: its globs and ignore list), so a
 * dot-directory, `node_modules` or a directory holding no `.json` file is no evidence. Null when there is
 * no evidence at all (no git, no commit); never throws. A shallow history that stops before a removal shows what it holds.
 */
export async function readTreeHistory(tree: string): Promise<TreeHistory | null> {
  const log = await readTreeLog(tree);
  if (log === null) return null;
  const { atHead, removals } = log;
  const dirs = new Set<string>();
  const holders = new Set<string>();
  const folderSpecs = new Map<string, string>();
  const see = (path: string, spec: string) => {
    for (let dir = posix.dirname(path); dir !== '.' && !dirs.has(dir); dir = posix.dirname(dir)) dirs.add(dir);
    const holder = holderOf(path);
    if (holder !== null) holders.add(holder);
    if (posix.basename(path) === FOLDER_FILE && posix.dirname(path) !== '.' && !folderSpecs.has(path)) folderSpecs.set(path, spec);
  };
  // Newest commit first: a path's first removal met is its last one, and the text its parent commit held is the last committed.
  const read = selectTreePaths([...atHead, ...removals.flatMap((removal) => [removal.path, removal.now])], [], []);
  for (const path of atHead) if (read.has(path)) see(path, `HEAD:./${path}`);
  const heldAtHead = new Set([...dirs, ...folderSpecs.keys()]);
  const removedIn = new Map<string, Removal>();
  for (const { commit, date, path, fromTop, now } of removals) {
    for (const held of new Set([path, now])) {
      if (!read.has(held)) continue;
      see(held, `${commit}^:${fromTop}`);
      for (const gone of [...(posix.basename(held) === FOLDER_FILE ? [held] : []), ...ancestorsOf(held)]) if (!heldAtHead.has(gone) && !removedIn.has(gone)) removedIn.set(gone, { commit, date });
    }
  }
  const blobs = await readCatFileBatch(tree, [...folderSpecs.values()]);
  const folderFiles = [...folderSpecs.keys()].flatMap((path, index) => (blobs?.[index] ? [{ path, text: blobs[index].text }] : []));
  return { dirs, holders, folderFiles, removals: removedIn, shallow: log.shallow };
}

/** The directory whose folder a file discovery reads puts its content in ('.' and a `_folder.json`: none). */
function holderOf(path: string): string | null {
  if (posix.basename(path) === FOLDER_FILE) return null;
  const dir = posix.dirname(path);
  const holder = posix.basename(dir) === LIBRARY_DIR ? posix.dirname(dir) : dir;
  return holder === '.' ? null : holder;
}

function ancestorsOf(path: string): string[] {
  const dirs: string[] = [];
  for (let dir = posix.dirname(path); dir !== '.'; dir = posix.dirname(dir)) dirs.push(dir);
  return dirs;
}
