import { runGit } from './run-git.js';

const GIT_TIMEOUT_MS = 30_000;

/**
 * Which of `shas` (commits this repository has, outside HEAD; abbreviated hex) share no history with HEAD: from another
 * repository's object store (fetched into this one), where rebasing on them cannot work. One `rev-list --boundary` each:
 * a commit whose walk stops at no commit HEAD reaches is unrelated. Empty when git cannot answer; never throws.
 */
export async function findUnrelatedCommits(cwd: string, shas: readonly string[]): Promise<Set<string>> {
  const asked = [...new Set(shas)].filter((sha) => /^[0-9a-f]+$/i.test(sha));
  const answers = await Promise.all(
    asked.map(async (sha) => {
      const walked = await runGit(cwd, ['rev-list', '--boundary', `${sha}^{commit}`, '^HEAD'], GIT_TIMEOUT_MS);
      return walked.ok && !walked.stdout.split('\n').some((line) => line.startsWith('-')) ? [sha] : [];
    }),
  );
  return new Set(answers.flat());
}
