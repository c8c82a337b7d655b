import { execFile } from 'node:child_process';

export interface GitInfo {
  sha: string | null;
  subject: string | null;
  actor: string | null;
}

/**
 * The commit behind this run, for version messages. GitHub's environment first
 * (GITHUB_SHA, GITHUB_ACTOR), then git itself. Nulls outside a repository; never throws.
 */
export async function readGitInfo(cwd: string, env: Record<string, string | undefined>): Promise<GitInfo> {
  const githubSha = nonEmpty(env.GITHUB_SHA);
  // One git process (each spawn from a large process costs milliseconds): sha, author, subject.
  const output = await git(cwd, ['log', '-1', '--format=%H%n%an%n%s', githubSha ?? 'HEAD']);
  const [sha, author, ...subject] = output === null ? [] : output.split('\n');
  return {
    sha: githubSha ?? nonEmpty(sha),
    subject: nonEmpty(subject.join('\n')),
    actor: nonEmpty(env.GITHUB_ACTOR) ?? nonEmpty(author),
  };
}

function git(cwd: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    try {
      execFile('git', args, { cwd, timeout: 5000, windowsHide: true }, (error, stdout) => {
        resolve(error ? null : nonEmpty(stdout.trim()));
      });
    } catch {
      resolve(null);
    }
  });
}

function nonEmpty(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== '' ? value.trim() : null;
}
