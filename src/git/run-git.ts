import { execFile } from 'node:child_process';

export type GitResult = { ok: true; stdout: string; stderr: string } | { ok: false; error: string };

/**
 * Runs git to its end (`input` on its stdin, else none) without letting it write or wait: no optional locks (a status that
 * would refresh the index leaves it alone), no credential prompt, killed after `timeoutMs`.
 * Its stdout (and stderr's warnings), or why there is none (`git is not installed`, `not a git repository`, git's own
 * first line); never throws.
 */
export function runGit(cwd: string, args: string[], timeoutMs: number, input?: string): Promise<GitResult> {
  return new Promise((done) => {
    try {
      const child = execFile('git', args, { cwd, timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024, windowsHide: true, env: readOnlyGitEnv() }, (error, stdout, stderr) => {
        if (!error) return done({ ok: true, stdout, stderr });
        done({ ok: false, error: describeGitFailure(error, stderr) });
      });
      // A git that ends before reading its input (not a repository) closes the pipe: its exit is the answer.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(input ?? '');
    } catch (error) {
      done({ ok: false, error: describeGitFailure(error as Error, '') });
    }
  });
}

/**
 * The environment of every git dashsync starts: it only reads, never asks anyone anything, and
 * speaks English whatever the user's locale (describeGitFailure and renameLimitReached read its
 * messages). LANGUAGE goes too: gettext honours it under every locale but C (C.UTF-8 included).
 * Paths keep their bytes: core.quotepath=off and -z do not depend on the locale.
 */
export function readOnlyGitEnv(): NodeJS.ProcessEnv {
  const { LANGUAGE: _translation, ...env } = process.env;
  return { ...env, LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' };
}

function describeGitFailure(error: Error, stderr: string): string {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'git is not installed';
  if (/not a git repository/i.test(stderr)) return 'not a git repository';
  const line = stderr.split('\n').find((text) => text.trim() !== '');
  return `git failed: ${(line ?? error.message).replace(/^(fatal|error): /, '').trim()}`;
}
