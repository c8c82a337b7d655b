import { relative, resolve } from 'node:path';
import { FOLDER_FILE, isTreeFilePath, LIBRARY_DIR } from '../files/discover-tree.js';
import { isPlainObject } from '../files/is-plain-object.js';
import { libraryPanelElement } from '../files/library-panel-element.js';
import { toSlashes } from '../files/tree-paths.js';
import { readCatFileBatch } from './read-cat-file-batch.js';
import { runGit } from './run-git.js';
import { parseCommittedJson } from './parse-committed-json.js';

/** A file other files depend on that HEAD holds at `path` and the index no longer does. Paths relative to the tree's root. */
export interface StagedRemoval {
  path: string;
  /**
   * Where the commit moves it (git's rename detection on the staged diff, or for a panel an added `_library/` file with its
   * uid), when that is the same kind of file: a `_library/` panel into a `_library/` directory, a `_folder.json` as
   * another directory's. Absent for a delete.
   */
  movedTo?: string;
  /** Where a move takes it that is no longer such a file (out of `_library/`, renamed from `_folder.json`). */
  movedOutTo?: string;
  /** A `_library/` panel's uid as HEAD holds it; absent for a `_folder.json`, or where HEAD's file names none. */
  libraryUid?: string;
}

/**
 * The tree files other files depend on (a `_library/` panel, which dashboards use; a `_folder.json`, whose uid its
 * directory's dashboards go into) that the index no longer holds and HEAD does: what a commit deletes, or moves (git's
 * rename detection tells which; for a panel, so does an added panel file with its uid). pre-commit passes only files
 * that exist, so these never reach the hook as names. A dashboard file is left out: no other file depends on it. One
 * `git diff --cached`, run in `cwd` (where the hook runs: git gives a hook GIT_INDEX_FILE relative to it), and one
 * `git cat-file` for the panels' uids (HEAD's, and the index's of added ones); none without git or outside a
 * repository. Never throws.
 */
export async function findStagedRemovals(cwd: string, root: string): Promise<StagedRemoval[]> {
  const staged = await runGit(cwd, ['--literal-pathspecs', 'diff', '--cached', '--name-status', '--relative', '-M', '--diff-filter=ADR', '-z', '--', relative(cwd, root) || '.'], 60_000);
  if (!staged.ok) return [];
  const inRoot = (path: string) => toSlashes(relative(root, resolve(cwd, path)));
  const removals: StagedRemoval[] = [];
  const asTyped: string[] = [];
  const addedPanels: string[] = [];
  const fields = staged.stdout.split('\0');
  for (let index = 0; index < fields.length - 1; ) {
    const status = fields[index]!;
    const from = fields[index + 1]!;
    const to = status.startsWith('R') ? fields[index + 2] : undefined;
    index += to === undefined ? 2 : 3;
    const path = inRoot(from);
    const kind = dependedOnKind(path);
    if (status === 'A') {
      if (kind === 'library') addedPanels.push(from);
      continue;
    }
    if (kind === null) continue;
    const movedTo = to === undefined ? undefined : inRoot(to);
    const move = movedTo === undefined ? {} : dependedOnKind(movedTo) === kind ? { movedTo } : { movedOutTo: movedTo };
    removals.push({ path, ...move });
    asTyped.push(from);
  }
  const libraries = removals.flatMap((removal, at) => (dependedOnKind(removal.path) === 'library' ? [at] : []));
  const deleted = libraries.filter((at) => removals[at]!.movedTo === undefined && removals[at]!.movedOutTo === undefined);
  const blobs = (await readCatFileBatch(cwd, [...libraries.map((at) => `HEAD:./${asTyped[at]}`), ...(deleted.length === 0 ? [] : addedPanels.map((path) => `:./${path}`))])) ?? [];
  libraries.forEach((at, n) => {
    const uid = uidOf(blobs[n]?.text);
    if (uid !== undefined) removals[at]!.libraryUid = uid;
  });
  // A panel edited as it moves can be too unlike its old self for git's rename detection: the same uid tells the move.
  const addedByUid = new Map(addedPanels.map((path, n) => [uidOf(blobs[libraries.length + n]?.text), path] as const));
  for (const at of deleted) {
    const uid = removals[at]!.libraryUid;
    const movedTo = uid === undefined ? undefined : addedByUid.get(uid);
    if (movedTo !== undefined) removals[at]!.movedTo = inRoot(movedTo);
  }
  return removals;
}

function dependedOnKind(path: string): 'library' | 'folder' | null {
  if (!isTreeFilePath(path)) return null;
  const parts = path.split('/');
  return parts.at(-1) === FOLDER_FILE ? 'folder' : parts.at(-2) === LIBRARY_DIR ? 'library' : null;
}

function uidOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const value = parseCommittedJson(text);
  const uid = isPlainObject(value) ? libraryPanelElement(value).element.uid : undefined;
  return typeof uid === 'string' ? uid : undefined;
}
