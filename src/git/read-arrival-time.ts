import { runGit } from './run-git.js';

/**
 * When `file` (relative to `cwd`) got its current content on the branch: the committer date (seconds since the epoch) of
 * the newest commit of HEAD's first-parent line that changed it against its first parent. For a change merged from another
 * branch that is the merge, not the branch's own commit (made earlier, elsewhere); a rebased or cherry-picked commit
 * carries the time it was rewritten. null when git holds no such commit or cannot be read. One git process; never throws.
 */
export async function readArrivalTime(cwd: string, file: string): Promise<number | null> {
  const answer = await runGit(cwd, ['--literal-pathspecs', 'log', '--first-parent', '-1', '--format=%ct', '--no-color', 'HEAD', '--', file], 60_000);
  const seconds = answer.ok ? Number(answer.stdout.trim()) : Number.NaN;
  return answer.ok && answer.stdout.trim() !== '' && Number.isFinite(seconds) ? seconds : null;
}
