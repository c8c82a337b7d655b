import { runGit } from './run-git.js';

/**
 * Whether git can be asked about the repository holding `cwd`: false only where findCommits would answer null (git not
 * installed, not a repository). Never throws.
 */
export async function isRepository(cwd: string): Promise<boolean> {
  const answer = await runGit(cwd, ['rev-parse', '--git-dir'], 30_000);
  return answer.ok || (answer.failure !== 'not-installed' && answer.failure !== 'not-a-repository');
}
