import { readCatFileBatch } from './read-cat-file-batch.js';
import { posix, relative, resolve } from 'node:path';
import { FOLDER_FILE, LIBRARY_DIR } from '../files/discover-tree.js';
import { toSlashes } from '../files/tree-paths.js';
import { readHistoryDeletions, type HistoryDeletion, type HistoryDeletionsReader } from './read-history-deletions.js';
import { readChangedSinceParent } from './read-changed-since-parent.js';
import { type GitFailure } from './run-git.js';
import { committedUid } from './parse-committed-json.js';

/** The most distinct deleted dashboard files (blobs) the check reads; past it every create counts as held. */
export const MAX_DELETED_READ = 20_000;
/** Texts read per cat-file: a chunk's texts are dropped once their uids are taken, and the reads stop once every create's uid is found deleted. */
const CHUNK = 2_000;
/** The most uids looked for in a text before it is parsed (mayHoldOneOf): each costs a scan of the text. */
const MAX_LOOKED_FOR = 16;

/** A create's file (relative to `cwd`) and the uid it holds. */
interface CreatedFile {
  file: string;
  uid: string;
}

/**
 * Why git could not show which creates the tree held before, so that every one counts as held: a shallow clone (the commit
 * before HEAD and older deletions are not there: actions/checkout's default), git that failed (its clause, describeGitFailure's),
 * or a history that deleted more distinct dashboard files than dashsync reads (`deleted` of them, past `read`).
 */
export type HeldBeforeNotShown = { why: 'shallow' } | { why: 'git'; error: string } | { why: 'too-many'; deleted: number; read: number };

/** Which creates' files the tree held before this commit as the same dashboard (readPathsHeldBefore). */
export interface PathsHeldBefore {
  /** The commit before HEAD held the uid at any path, or a commit of HEAD's history deleted a file holding it (all where `notShown`). */
  held: Set<string>;
  /** Of `held`, those whose uid a commit of HEAD's history deleted: put back since (a revert, restore's checkout; all where `notShown`). */
  deleted: Set<string>;
  notShown: HeldBeforeNotShown | null;
}

/**
 * Which of these files the tree held before this commit *as the same dashboard*, by uid, at any path: the commit before HEAD
 * held a file with this uid (the create's path, or one the working tree has changed or removed since: a file moved aside in
 * the commit a new one took its place, fixh-70's copy), or a commit of HEAD's history (HEAD included) deleted, or renamed away
 * (--no-renames), a file that held it: a file renamed in the commit a person deleted the dashboard in, or put back under
 * another name, is the same dashboard (review-70a M1). A path an unrelated dashboard once left is no sign this one was ever
 * in Grafana (rev-69c M1). All in the tree's own repository, with paths from the tree (a submodule as the root, a config
 * outside the tree's repository: rev-70c L4). readHistoryDeletions' walk over the dashboards root (one pathspec, never one
 * per create: rev-69c L2; the plan's shared walk where `historyDeletions` is: perf-70g), a diff of the commit before HEAD
 * with the working tree, and cat-file reads of each distinct blob once (a file deleted and put back many times is read once:
 * rev-70c L6), newest first, in chunks, stopped once every create's uid is found.
 * Fails closed (every create held, `notShown` saying why) where git cannot show it: a shallow clone (review-70a H1), git
 * refusing the repository or missing (review-70a M3), failing or too slow, or more distinct deleted files than dashsync reads
 * (and every one counts as deleted: a create into a folder the plan makes is named too). A tree outside git, or a repository
 * without a commit yet, holds nothing. Never throws.
 */
export async function readPathsHeldBefore(
  cwd: string,
  root: string,
  creates: readonly CreatedFile[],
  historyDeletions: HistoryDeletionsReader = readHistoryDeletions,
): Promise<PathsHeldBefore> {
  const nothing = (): PathsHeldBefore => ({ held: new Set(), deleted: new Set(), notShown: null });
  if (creates.length === 0) return nothing();
  const tree = resolve(cwd, root);
  const wanted = new Map(creates.map((create) => [create.file.replace(/^\.\//, ''), create.uid]));
  const everyCreate = (notShown: HeldBeforeNotShown): PathsHeldBefore => ({ held: new Set(wanted.keys()), deleted: new Set(wanted.keys()), notShown });
  const [walk, changed] = await Promise.all([historyDeletions(tree), readChangedSinceParent(tree)]);
  if (!walk.ok) return failsClosed(walk) ? everyCreate({ why: 'git', error: walk.error }) : nothing();
  // Cut at its shallow boundary, the walk (and HEAD~) says nothing of the older commits: no evidence either way.
  if (walk.shallow) return everyCreate({ why: 'shallow' });
  if (!changed.ok) return everyCreate({ why: 'git', error: changed.error });
  const deletedBlobs = distinctDashboardBlobs(walk.deletions);
  if (deletedBlobs.length > MAX_DELETED_READ) return everyCreate({ why: 'too-many', deleted: deletedBlobs.length, read: MAX_DELETED_READ });
  const files = [...wanted.keys()];
  const fromTree = (file: string) => toSlashes(relative(tree, resolve(cwd, file)));
  const before = [...files.map((file) => `HEAD~:./${fromTree(file)}`), ...distinctDashboardBlobs(changed.files)];
  const uids = new Set(wanted.values());
  const heldThen = new Set<string>();
  const deletedUids = new Set<string>();
  const read = await readEachUid(tree, [...before, ...deletedBlobs], mayHoldOneOf(uids), (index, uid) => {
    if (uids.has(uid)) (index < before.length ? heldThen : deletedUids).add(uid);
    return index >= before.length && deletedUids.size === uids.size;
  });
  if (!read) return everyCreate({ why: 'git', error: 'git failed: git cat-file could not read the files the history deleted' });
  const deleted = new Set(files.filter((file) => deletedUids.has(wanted.get(file)!)));
  const held = new Set(files.filter((file) => heldThen.has(wanted.get(file)!) || deleted.has(file)));
  return { held, deleted, notShown: null };
}

/** Pure: the blobs of these files that may hold a dashboard (JSON, not a folder's `_folder.json` nor a `_library/` file), each once, in order. */
function distinctDashboardBlobs(files: readonly Pick<HistoryDeletion, 'path' | 'blob'>[]): string[] {
  const blobs = new Set<string>();
  for (const { path, blob } of files) {
    if (path.endsWith('.json') && posix.basename(path) !== FOLDER_FILE && !path.split('/').includes(LIBRARY_DIR)) blobs.add(blob);
  }
  return [...blobs];
}

/**
 * Gives `found` the uid each text git names holds (cat-file `specs`, run in `tree`: its index in `specs`), in order, read in
 * chunks (a chunk's texts are dropped once read) and stopped once `found` says it has all it wants; a text `mayHold` rules
 * out is not parsed. False where git could not read them.
 */
async function readEachUid(tree: string, specs: readonly string[], mayHold: (text: string) => boolean, found: (index: number, uid: string) => boolean): Promise<boolean> {
  for (let at = 0; at < specs.length; at += CHUNK) {
    const blobs = await readCatFileBatch(tree, specs.slice(at, at + CHUNK));
    if (blobs === null) return false;
    for (const [offset, blob] of blobs.entries()) {
      const uid = blob === null || !mayHold(blob.text) ? null : committedUid(blob.text);
      if (uid !== null && found(at + offset, uid)) return true;
    }
  }
  return true;
}

/**
 * Pure: whether a text may hold one of these uids as a JSON string: it holds one as written, or a `\u` escape (a uid may be
 * written with one). Parsing is what most of a read costs (a long history's deleted files are many): a few uids are looked
 * for in the text first; past MAX_LOOKED_FOR, every text may.
 */
function mayHoldOneOf(uids: ReadonlySet<string>): (text: string) => boolean {
  if (uids.size > MAX_LOOKED_FOR) return () => true;
  const looked = [...uids];
  return (text) => text.includes('\\u') || looked.some((uid) => text.includes(uid));
}

/**
 * Pure: whether a git failure hides history there may be (fail closed): every failure (a time-out, git refusing the
 * repository as another user's, git not installed, any other) but a tree outside git and a repository with no commit yet.
 */
export function failsClosed(result: { failure: GitFailure; error: string }): boolean {
  if (result.failure === 'not-a-repository') return false;
  return !(result.failure === 'failed' && /does not have any commits|unknown revision or path not in the working tree|bad default revision/i.test(result.error));
}
