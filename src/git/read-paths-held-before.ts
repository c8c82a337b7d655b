import { readCatFileBatch } from './read-cat-file-batch.js';
import { posix, resolve } from 'node:path';
import { FOLDER_FILE } from '../files/discover-tree.js';
import { parseNameOnlyLog } from './parse-name-only-log.js';
import { readHistoryDeletions, type HistoryDeletionsReader } from './read-history-deletions.js';
import { type GitFailure } from './run-git.js';
import { committedUid } from './parse-committed-json.js';
import { isShallowClone } from './is-shallow-clone.js';

/** The most deleted files the history walk reads; past it git's answer is not read, and every create counts as held. */
const MAX_DELETED_READ = 5_000;

/** A create's file (relative to `cwd`) and the uid it holds. */
interface CreatedFile {
  file: string;
  uid: string;
}

/**
 * Why git could not show which creates the tree held before, so that every one counts as held: a shallow clone (the commit
 * before HEAD and older deletions are not there: actions/checkout's default), or git that failed (its clause, describeGitFailure's).
 */
export type HeldBeforeNotShown = { why: 'shallow' } | { why: 'git'; error: string };

/** Which creates' files the tree held before this commit as the same dashboard (readPathsHeldBefore). */
export interface PathsHeldBefore {
  /** The commit before HEAD held the path with this uid, or a commit of HEAD's history deleted a file holding it (all where `notShown`). */
  held: Set<string>;
  /** Of `held`, those whose uid a commit of HEAD's history deleted: put back since (a revert, restore's checkout; all where `notShown`). */
  deleted: Set<string>;
  notShown: HeldBeforeNotShown | null;
}

/**
 * Which of these files the tree held before this commit *as the same dashboard*, by uid: the commit before HEAD held the
 * path with this uid, or a commit of HEAD's history (HEAD included) deleted, or renamed away (--no-renames), a file that held
 * this uid, at any path: a file renamed in the commit a person deleted the dashboard in, or put back under another name, is
 * the same dashboard (review-70a M1). A path an unrelated dashboard once left is no sign this one was ever in Grafana
 * (rev-69c M1). readHistoryDeletions' walk over the dashboards root (one pathspec, never one per create: rev-69c L2; the
 * plan's shared walk where `historyDeletions` is: perf-70g) and one `git cat-file --batch` for every file it deleted.
 * Fails closed (every create held, `notShown` saying why) where git cannot show it: a shallow clone (review-70a H1), git
 * refusing the repository or missing (review-70a M3), failing or too slow, or more deletions than dashsync reads (and every
 * one counts as deleted: a create into a folder the plan makes is named too). A tree
 * outside git, or a repository without a commit yet, holds nothing. Never throws.
 */
export async function readPathsHeldBefore(
  cwd: string,
  root: string,
  creates: readonly CreatedFile[],
  historyDeletions: HistoryDeletionsReader = readHistoryDeletions,
): Promise<PathsHeldBefore> {
  const nothing = (): PathsHeldBefore => ({ held: new Set(), deleted: new Set(), notShown: null });
  if (creates.length === 0) return nothing();
  const wanted = new Map(creates.map((create) => [create.file.replace(/^\.\//, ''), create.uid]));
  const everyCreate = (notShown: HeldBeforeNotShown): PathsHeldBefore => ({ held: new Set(wanted.keys()), deleted: new Set(wanted.keys()), notShown });
  const log = await historyDeletions(resolve(cwd, root));
  if (!log.ok) return failsClosed(log) ? everyCreate({ why: 'git', error: log.error }) : nothing();
  // Cut at its shallow boundary, the walk (and HEAD~) says nothing of the older commits: no evidence either way.
  if (await isShallowClone(cwd)) return everyCreate({ why: 'shallow' });
  const deleted = readDeletedFiles(log.stdout, root);
  if (deleted.length > MAX_DELETED_READ) {
    return everyCreate({ why: 'git', error: `git's history deleted more than ${MAX_DELETED_READ.toLocaleString('en')} dashboard files under the tree, more than dashsync reads` });
  }
  const files = [...wanted.keys()];
  const blobs = await readCatFileBatch(cwd, [...files.map((file) => `HEAD~:./${file}`), ...deleted]);
  // git answered the log, then could not read blobs: fail closed.
  if (blobs === null) return everyCreate({ why: 'git', error: 'git failed: git cat-file could not read the files the history deleted' });
  const uidOf = (index: number) => {
    const text = blobs[index]?.text;
    return text === undefined ? null : committedUid(text);
  };
  const deletedUids = new Set(deleted.map((_, index) => uidOf(files.length + index)));
  const deletedFiles = new Set(files.filter((file) => deletedUids.has(wanted.get(file)!)));
  const held = new Set(files.filter((file, index) => uidOf(index) === wanted.get(file) || deletedFiles.has(file)));
  return { held, deleted: deletedFiles, notShown: null };
}

/**
 * Pure: what held each dashboard file readHistoryDeletions' walk (run in the tree, `root` from `cwd`) shows deleted, as
 * cat-file specs from `cwd`: `<commit>^:<path>`, JSON files but a folder's `_folder.json`; a merge's own listing is from the
 * repository's top already.
 */
function readDeletedFiles(stdout: string, root: string): string[] {
  return parseNameOnlyLog(stdout).flatMap(({ commit, paths, combined }) =>
    paths.filter((path) => path.endsWith('.json') && posix.basename(path) !== FOLDER_FILE).map((path) => (combined ? `${commit}^:${path}` : `${commit}^:./${posix.join(root, path)}`)),
  );
}

/**
 * Pure: whether a git failure hides history there may be (fail closed): every failure (a time-out, git refusing the
 * repository as another user's, git not installed, any other) but a tree outside git and a repository with no commit yet.
 */
export function failsClosed(result: { failure: GitFailure; error: string }): boolean {
  if (result.failure === 'not-a-repository') return false;
  return !(result.failure === 'failed' && /does not have any commits|unknown revision or path not in the working tree|bad default revision/i.test(result.error));
}
