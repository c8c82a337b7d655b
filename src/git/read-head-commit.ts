import { runGit } from './run-git.js';

/** The full name of the commit HEAD is at in the repository holding `cwd`; null without one (no git, not a repository, no commit yet). Never throws. */
export async function readHeadCommit(cwd: string): Promise<string | null> {
  const answer = await runGit(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], 30_000);
  const name = answer.ok ? answer.stdout.trim() : '';
  return /^[0-9a-f]{40,64}$/.test(name) ? name : null;
}
