import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';

/**
 * Why git gave no answer: not installed (not on PATH), not a repository, refused the repository as another user's
 * ("dubious ownership"), stopped after its time, or any other failure (git's own first line).
 */
export type GitFailure = 'not-installed' | 'not-a-repository' | 'dubious-ownership' | 'timed-out' | 'failed';

export type GitResult = { ok: true; stdout: string; stderr: string } | { ok: false; failure: GitFailure; error: string };

/**
 * Runs git to its end (`input` on its stdin, else none) without letting it write or wait: no optional locks (a status that
 * would refresh the index leaves it alone), no credential prompt, killed after `timeoutMs`.
 * Its stdout (and stderr's warnings), or why there is none (describeGitFailure: one clause a message can quote, saying
 * what to do where the user can do something); never throws.
 */
export function runGit(cwd: string, args: string[], timeoutMs: number, input?: string): Promise<GitResult> {
  return new Promise((done) => {
    try {
      const child = execFile('git', args, { cwd, timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024, windowsHide: true, env: readOnlyGitEnv() }, (error, stdout, stderr) => {
        if (!error) return done({ ok: true, stdout, stderr });
        done({ ok: false, ...describeGitFailure(error, stderr, timeoutMs, cwd) });
      });
      // A git that ends before reading its input (not a repository) closes the pipe: its exit is the answer.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(input ?? '');
    } catch (error) {
      done({ ok: false, ...describeGitFailure(error as Error, '', timeoutMs, cwd) });
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
  // dashsync writes its pathspecs' magic itself (`--literal-pathspecs`, `:(glob)`, `:(literal)`); the user's pathspec settings
  // would make git read other files, or refuse the command (GIT_GLOB_PATHSPECS with --literal-pathspecs).
  const {
    LANGUAGE: _translation,
    GIT_LITERAL_PATHSPECS: _literal,
    GIT_GLOB_PATHSPECS: _glob,
    GIT_NOGLOB_PATHSPECS: _noglob,
    GIT_ICASE_PATHSPECS: _icase,
    ...env
  } = process.env;
  return { ...env, LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' };
}

/**
 * Pure: git's failure named in one clause. A repository owned by another user is refused since git 2.35.2 (CVE-2022-24765):
 * its message names the `git config` line that trusts it, which is what to do (a container's checkout, a shared directory).
 * A timed-out git was killed by execFile (`killed`, no exit code). A directory to run in that does not exist fails the start
 * as a git missing from PATH does (ENOENT, `spawn git`): told apart by looking at the directory.
 */
function describeGitFailure(error: Error, stderr: string, timeoutMs: number, cwd: string): { failure: GitFailure; error: string } {
  const { code, killed } = error as NodeJS.ErrnoException & { killed?: boolean };
  if (code === 'ENOENT' && !isDirectory(cwd)) return { failure: 'not-a-repository', error: `the directory ${cwd} does not exist` };
  if (code === 'ENOENT') return { failure: 'not-installed', error: 'git is not installed (no git on PATH)' };
  if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return { failure: 'failed', error: "git failed: its answer was larger than dashsync reads (256 MiB)" };
  if (killed === true) return { failure: 'timed-out', error: `git did not answer within ${timeoutMs % 1000 === 0 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`} and was stopped (see whether git status answers there: a lock, a slow disk)` };
  if (/not a git repository/i.test(stderr)) return { failure: 'not-a-repository', error: 'not a git repository' };
  if (/detected dubious ownership/i.test(stderr)) {
    const trust = /git config --global --add safe\.directory .+/.exec(stderr)?.[0].trim() ?? 'git config --global --add safe.directory <the repository>';
    return { failure: 'dubious-ownership', error: `git refused the repository: dubious ownership, it belongs to another user (${trust})` };
  }
  const line = stderr.split('\n').find((text) => text.trim() !== '');
  return { failure: 'failed', error: `git failed: ${(line ?? error.message).replace(/^(fatal|error): /, '').trim()}` };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
