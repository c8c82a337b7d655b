import { runGit } from './run-git.js';

/**
 * Whether git holds `file` (relative to `cwd`) exactly as it is: tracked, neither modified nor staged, not ignored.
 * One `git status` for the file; false when git cannot tell (no git, not a repository). Never throws.
 */
export async function isCommittedAsIs(cwd: string, file: string): Promise<boolean> {
  const status = await runGit(cwd, ['--literal-pathspecs', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignored=traditional', '--', file], 30_000);
  if (!status.ok || status.stdout !== '') return false;
  const tracked = await runGit(cwd, ['--literal-pathspecs', 'ls-files', '--error-unmatch', '--', file], 30_000);
  return tracked.ok;
}

/**
 * Whether none of `files` (relative to `cwd`) differs from HEAD, staged or not (a file git does not track counts as not
 * differing). One `git diff --quiet`; false when git cannot tell (no git, not a repository, no commit). Never throws.
 */
export async function noneChangedSinceHead(cwd: string, files: readonly string[]): Promise<boolean> {
  const diff = await runGit(cwd, ['--literal-pathspecs', 'diff', '--quiet', '--no-ext-diff', 'HEAD', '--', ...files], 30_000);
  return diff.ok;
}
