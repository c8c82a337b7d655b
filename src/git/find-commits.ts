import { runGit } from './run-git.js';

const GIT_TIMEOUT_MS = 30_000;

/**
 * Which of `shas` (abbreviated, hex) name a commit this repository has: one `git rev-parse` each.
 * Null when git cannot be asked at all (no git, not a repository); never throws.
 */
export async function findCommits(cwd: string, shas: readonly string[]): Promise<Set<string> | null> {
  const found = new Set<string>();
  for (const sha of new Set(shas)) {
    const answer = await runGit(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${sha}^{commit}`], GIT_TIMEOUT_MS);
    if (answer.ok) found.add(sha);
    else if (answer.error === 'git is not installed' || answer.error === 'not a git repository') return null;
  }
  return found;
}
