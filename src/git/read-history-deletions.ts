import { resolve } from 'node:path';
import { runGit, type GitResult } from './run-git.js';

const GIT_TIMEOUT_MS = 60_000;

/**
 * The commits of HEAD's history (HEAD included) with the files each deleted under `tree` (its top `.`), newest first, as
 * parseNameOnlyLog reads them. --no-renames: a moved file's old path is a delete. -c: a merge lists the files it deleted on
 * its own (while resolving it), from the repository's top (--relative does not reach a combined diff); `<merge>^`, its first
 * parent, held them.
 */
export function readHistoryDeletions(tree: string): Promise<GitResult> {
  return runGit(tree, ['log', '--no-renames', '--relative', '--diff-filter=D', '--name-only', '-c', '-z', '--format=%x01%H%x02%s', 'HEAD', '--', '.'], GIT_TIMEOUT_MS);
}

/** Reads readHistoryDeletions' walk. */
export type HistoryDeletionsReader = (tree: string) => Promise<GitResult>;

/**
 * One walk per tree for a whole plan: on a long history it is the dearest git read there is (a tree diff per commit), and
 * the plan's readers of deleted files (the creates moved out of the tree, the creates put back) ask the same question.
 */
export function shareHistoryDeletions(): HistoryDeletionsReader {
  const walks = new Map<string, Promise<GitResult>>();
  return (tree) => {
    const key = resolve(tree);
    const walk = walks.get(key) ?? readHistoryDeletions(key);
    walks.set(key, walk);
    return walk;
  };
}
