import { runGit } from './run-git.js';

/**
 * Whether git holds `file` (relative to `cwd`) exactly as it is: tracked, neither modified nor staged, not ignored.
 * One `git status` for the file; false when git cannot tell (no git, not a repository). Never throws.
 */
export async function isCommittedAsIs(cwd: string, file: string): Promise<boolean> {
  const status = await runGit(cwd, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignored=traditional', '--', file], 30_000);
  if (!status.ok || status.stdout !== '') return false;
  const tracked = await runGit(cwd, ['ls-files', '--error-unmatch', '--', file], 30_000);
  return tracked.ok;
}
