import { batchCheck } from './batch-check.js';

/**
 * Which of `shas` (abbreviated, hex) name a commit this repository has, from one
 * `git cat-file --batch-check` fed `<sha>^{commit}` for each: git answers a line per request, the
 * object's name when it is (or peels to) a commit, `missing` or `ambiguous` otherwise, as
 * `rev-parse --verify` decides. Null when git cannot be asked at all (no git, not a repository); never throws.
 */
export async function findCommits(cwd: string, shas: readonly string[]): Promise<Set<string> | null> {
  // Only hex reaches git: each request is one line of its stdin.
  const asked = [...new Set(shas)].filter((sha) => /^[0-9a-f]+$/i.test(sha));
  if (asked.length === 0) return new Set();
  const answer = await batchCheck(cwd, asked.map((sha) => `${sha}^{commit}`));
  if (!answer.ok) return answer.failure === 'not-installed' || answer.failure === 'not-a-repository' ? null : new Set();
  return new Set(asked.filter((_, index) => answer.objects[index]?.type === 'commit'));
}
