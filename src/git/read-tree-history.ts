import { posix } from 'node:path';
import { FOLDER_FILE, LIBRARY_DIR } from '../files/discover-tree.js';
import { selectTreePaths } from '../files/select-tree-paths.js';
import { findTreeMoves, type TreeMove } from './find-tree-moves.js';
import { readCatFileBatch } from './read-cat-file-batch.js';
import { runGit, type GitResult } from './run-git.js';

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
  /** The clone is shallow: a removal before its oldest commit is not seen. */
  shallow?: boolean;
}

const GIT_TIMEOUT_MS = 60_000;

/**
 * The directories and `_folder.json` files git holds for the tree at HEAD or deleted in HEAD's
 * history: what the tree's folders were, so a plan can tell a folder whose directory left the tree
 * from one the tree never named (another tree's, someone's own). Four git processes (ls-tree, log, rev-parse,
 * cat-file), and two more for each place the whole tree was moved from (findTreeMoves: a monorepo reorganised), whose
 * history counts as the tree's up to the move. Only paths discovery would read count (selectTreePaths: its globs and ignore list), so a
 * dot-directory, `node_modules` or a directory holding no `.json` file is no evidence. Null when there is
 * no evidence at all (no git, no commit); never throws. A shallow history that stops before a removal shows what it holds.
 */
export async function readTreeHistory(tree: string): Promise<TreeHistory | null> {
  // Both answer relative to `tree` (ls-tree by default, log with --relative); --no-renames: a moved directory's old path is a delete.
  const [head, deleted, { shallow, moves, before }] = await Promise.all([
    runGit(tree, ['ls-tree', '-r', '--name-only', '-z', 'HEAD', '--', '.'], GIT_TIMEOUT_MS),
    runGit(tree, ['log', '--no-renames', '--relative', '--diff-filter=D', '--name-only', '-z', '--format=%x01%H %cs', 'HEAD', '--', '.'], GIT_TIMEOUT_MS),
    readBeforeMoves(tree),
  ]);
  if (!head.ok) return null;
  const dirs = new Set<string>();
  const holders = new Set<string>();
  const folderSpecs = new Map<string, string>();
  const see = (path: string, spec: string) => {
    for (let dir = posix.dirname(path); dir !== '.' && !dirs.has(dir); dir = posix.dirname(dir)) dirs.add(dir);
    const holder = holderOf(path);
    if (holder !== null) holders.add(holder);
    if (posix.basename(path) === FOLDER_FILE && posix.dirname(path) !== '.' && !folderSpecs.has(path)) folderSpecs.set(path, spec);
  };
  const atHead = head.stdout.split('\0').filter(Boolean);
  // Newest commit first: a path's first deletion met is its last one, and the text its parent commit held is the last committed.
  const removals = [
    ...(deleted.ok ? parseRemovals(deleted.stdout, '') : []),
    ...before.flatMap((log, index) => (log.ok ? parseRemovals(log.stdout, moves[index]!.from) : [])),
  ];
  const read = selectTreePaths([...atHead, ...removals.flatMap((removal) => removal.paths)], [], []);
  for (const path of atHead) if (read.has(path)) see(path, `HEAD:./${path}`);
  const heldAtHead = new Set([...dirs, ...folderSpecs.keys()]);
  const removedIn = new Map<string, Removal>();
  for (const { commit, date, paths, from } of removals) {
    for (const path of paths) {
      if (!read.has(path)) continue;
      see(path, `${commit}^:${from === '' ? './' : from}${path}`);
      for (const held of [...(posix.basename(path) === FOLDER_FILE ? [path] : []), ...ancestorsOf(path)]) if (!heldAtHead.has(held) && !removedIn.has(held)) removedIn.set(held, { commit, date });
    }
  }
  const blobs = await readCatFileBatch(tree, [...folderSpecs.values()]);
  const folderFiles = [...folderSpecs.keys()].flatMap((path, index) => (blobs?.[index] ? [{ path, text: blobs[index].text }] : []));
  return { dirs, holders, folderFiles, removals: removedIn, shallow };
}

/**
 * Whether the clone is shallow, and the deletions before each move of the whole tree (findTreeMoves): until a move, the tree's
 * history is at its old place. Never throws.
 */
async function readBeforeMoves(tree: string): Promise<{ shallow: boolean; moves: TreeMove[]; before: GitResult[] }> {
  const repo = await runGit(tree, ['rev-parse', '--is-shallow-repository', '--show-prefix'], GIT_TIMEOUT_MS);
  const [shallowAnswer = '', prefix = ''] = repo.ok ? repo.stdout.split('\n') : [];
  const moves = prefix === '' ? [] : await findTreeMoves(tree, prefix);
  const before = await Promise.all(
    moves.map((move) => runGit(tree, ['log', '--no-renames', '--diff-filter=D', '--name-only', '-z', '--format=%x01%H %cs', `${move.commit}^`, '--', `:(top,literal)${move.from}`], GIT_TIMEOUT_MS)),
  );
  return { shallow: shallowAnswer === 'true', moves, before };
}

/**
 * Pure: a `log --name-only -z` of deletions, newest first, as paths below the tree: those below `place` (the tree's old path from
 * the top; '' = paths already relative to the tree).
 */
function parseRemovals(stdout: string, place: string): { commit: string; date: string; paths: string[]; from: string }[] {
  return stdout.split('\x01').slice(1).map((record) => {
    const [header = '', ...paths] = record.split(/\n|\0/).filter(Boolean);
    const [commit = '', date = ''] = header.split(' ');
    return { commit, date, paths: paths.filter((path) => path.startsWith(place)).map((path) => path.slice(place.length)), from: place };
  });
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
