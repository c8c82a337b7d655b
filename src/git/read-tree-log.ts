import { readPlaceLogs } from './find-tree-moves.js';
import { followDirectoryMoves, type RemovedPath } from './follow-directory-moves.js';
import { listHeadPaths } from './list-head-paths.js';
import { runGit } from './run-git.js';

/** What git shows of the tree's paths: those HEAD holds and those HEAD's history removed. */
export interface TreeLog {
  /** The paths HEAD holds below the tree, relative to it. */
  atHead: string[];
  /** Every path below the tree HEAD's history removed, newest commit first (followDirectoryMoves). */
  removals: RemovedPath[];
  /** The clone is shallow: a removal in or before its oldest commit is not seen. */
  shallow: boolean;
}

const GIT_TIMEOUT_MS = 60_000;

/**
 * The tree's paths at HEAD and those removed in HEAD's history, following moves of the whole tree (readPlaceLogs) and of
 * its directories (followDirectoryMoves). Null when there is no evidence at all (no git, no commit); never throws.
 */
export async function readTreeLog(tree: string): Promise<TreeLog | null> {
  const [atHead, repo] = await Promise.all([listHeadPaths(tree), runGit(tree, ['rev-parse', '--is-shallow-repository', '--show-prefix'], GIT_TIMEOUT_MS)]);
  if (atHead === null) return null;
  const [shallowAnswer = '', prefix = ''] = repo.ok ? repo.stdout.split('\n') : [];
  const logs = (await readPlaceLogs(tree, prefix)) ?? [];
  return { atHead, removals: followDirectoryMoves(logs, atHead), shallow: shallowAnswer === 'true' };
}
