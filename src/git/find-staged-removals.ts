import { relative, resolve } from 'node:path';
import { FOLDER_FILE, isTreeFilePath, LIBRARY_DIR } from '../files/discover-tree.js';
import { toSlashes } from '../files/tree-paths.js';
import { runGit } from './run-git.js';

/**
 * The tree files other files depend on (a `_library/` panel, which dashboards use; a `_folder.json`, whose uid its
 * directory's dashboards go into), paths relative to `root`, that the index no longer holds and HEAD does: what a commit
 * deletes, or moves away (a rename counts as its old path's delete). pre-commit passes only files that exist, so these
 * never reach the hook as names. A dashboard file is left out: no other file depends on it. One `git diff --cached`, run in `cwd` (where the hook runs: git gives a hook GIT_INDEX_FILE relative to
 * it); none without git or outside a repository. Never throws.
 */
export async function findStagedRemovals(cwd: string, root: string): Promise<string[]> {
  const staged = await runGit(cwd, ['diff', '--cached', '--name-only', '--relative', '--no-renames', '--diff-filter=D', '-z', '--', relative(cwd, root) || '.'], 60_000);
  if (!staged.ok) return [];
  return staged.stdout
    .split('\0')
    .filter((path) => path !== '')
    .map((path) => toSlashes(relative(root, resolve(cwd, path))))
    .filter((path) => isTreeFilePath(path) && isDependedOn(path));
}

function isDependedOn(path: string): boolean {
  const parts = path.split('/');
  return parts.at(-1) === FOLDER_FILE || parts.at(-2) === LIBRARY_DIR;
}
