import { relative, resolve } from 'node:path';
import { isTreeFilePath } from '../files/discover-tree.js';
import { toSlashes } from '../files/tree-paths.js';
import { runGit } from './run-git.js';

/**
 * The tree files (paths relative to `root`) the index no longer holds that HEAD does: what a commit deletes, or moves
 * away (a rename counts as its old path's delete). pre-commit passes only files that exist, so these never reach the
 * hook as names. One `git diff --cached`, run in `cwd` (where the hook runs: git gives a hook GIT_INDEX_FILE relative to
 * it); none without git or outside a repository. Never throws.
 */
export async function findStagedRemovals(cwd: string, root: string): Promise<string[]> {
  const staged = await runGit(cwd, ['diff', '--cached', '--name-only', '--relative', '--no-renames', '--diff-filter=D', '-z', '--', relative(cwd, root) || '.'], 60_000);
  if (!staged.ok) return [];
  return staged.stdout
    .split('\0')
    .filter((path) => path !== '')
    .map((path) => toSlashes(relative(root, resolve(cwd, path))))
    .filter(isTreeFilePath);
}
