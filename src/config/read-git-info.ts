import { runGit } from '../git/run-git.js';

export interface GitInfo {
  sha: string | null;
  subject: string | null;
  actor: string | null;
  /**
   * Set when `sha` is HEAD's, read from git (no GITHUB_SHA named another): the directory git was asked in. HEAD of that
   * directory's repository (the commit a push is made from; the not-in-branch check's), known without asking git again.
   */
  headIn?: string;
}

/**
 * The commit behind this run, for version messages and plan headers. GitHub's environment first
 * (GITHUB_SHA, GITHUB_ACTOR), then git itself: on a runner `sha` is GITHUB_SHA even where the checkout is another
 * commit, or there is no repository at all (the commit a push is made from is HEAD's: findSourceCommit, which asks git for it
 * only where `headIn` is not set). Nulls outside a repository when GitHub's environment names nothing; never throws.
 */
export async function readGitInfo(cwd: string, env: Record<string, string | undefined>): Promise<GitInfo> {
  const githubSha = nonEmpty(env.GITHUB_SHA);
  // One git process (each spawn from a large process costs milliseconds): sha, author, subject.
  const result = await runGit(cwd, ['log', '-1', '--format=%H%n%an%n%s', githubSha ?? 'HEAD'], 5000);
  const output = result.ok ? nonEmpty(result.stdout) : null;
  const [sha, author, ...subject] = output === null ? [] : output.split('\n');
  const headSha = githubSha === null ? nonEmpty(sha) : null;
  return {
    sha: githubSha ?? headSha,
    subject: nonEmpty(subject.join('\n')),
    actor: nonEmpty(env.GITHUB_ACTOR) ?? nonEmpty(author),
    ...(headSha !== null && { headIn: cwd }),
  };
}

function nonEmpty(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== '' ? value.trim() : null;
}
