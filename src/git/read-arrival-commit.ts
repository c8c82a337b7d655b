import { runGit } from './run-git.js';

/** The commit that brought a file's content onto the branch, and its committer date (seconds since the epoch). */
export interface ArrivalCommit {
  commit: string;
  committedAt: number;
}

/**
 * When and with which commit `file` (relative to `cwd`) got its current content on the branch: the newest commit of HEAD's
 * first-parent line that changed it against its first parent. For a change merged from another branch that is the merge,
 * not the branch's own commit (made earlier, elsewhere); a rebased or cherry-picked commit carries the time it was
 * rewritten. null when git holds no such commit or cannot be read. One git process; never throws.
 */
export async function readArrivalCommit(cwd: string, file: string): Promise<ArrivalCommit | null> {
  const answer = await runGit(cwd, ['--literal-pathspecs', 'log', '--first-parent', '-1', '--format=%H %ct', '--no-color', 'HEAD', '--', file], 60_000);
  if (!answer.ok) return null;
  const [commit = '', time = ''] = answer.stdout.trim().split(' ');
  const committedAt = Number(time);
  return /^[0-9a-f]{40,64}$/.test(commit) && time !== '' && Number.isFinite(committedAt) ? { commit, committedAt } : null;
}
