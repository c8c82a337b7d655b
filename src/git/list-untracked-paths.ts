import { runGit } from './run-git.js';

/**
 * Of `paths` (relative to `root`, `/`-separated), those git's index does not hold: untracked or ignored files, which no
 * commit holds, the one being made neither. One `git ls-files --others`; null when git cannot answer.
 */
export async function listUntrackedPaths(root: string, paths: readonly string[]): Promise<Set<string> | null> {
  if (paths.length === 0) return new Set();
  const answer = await runGit(root, ['--literal-pathspecs', '-c', 'core.quotepath=off', 'ls-files', '--others', '-z', '--', ...paths], 60_000);
  if (!answer.ok) return null;
  return new Set(answer.stdout.split('\0').filter((path) => path !== ''));
}
