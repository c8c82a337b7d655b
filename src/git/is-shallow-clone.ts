import { runGit } from './run-git.js';

/** Whether the repository at `cwd` is a shallow clone (older commits are not there to read); false when git cannot tell. */
export async function isShallowClone(cwd: string): Promise<boolean> {
  const answer = await runGit(cwd, ['rev-parse', '--is-shallow-repository'], 60_000);
  return answer.ok && answer.stdout.trim() === 'true';
}
