import { execFile } from 'node:child_process';
import { relative, resolve } from 'node:path';
import { toSlashes } from '../files/tree-paths.js';
import type { GitFileState } from './decide-pull-file.js';

/** git's view of the tree: which files it holds exactly as they are. */
export interface GitView {
  /** Why there is no git evidence (`not a git repository`, `git is not installed`, git's own message); null inside a repository. */
  unavailable: string | null;
  /** The state of a file, by its path relative to the root (forward slashes). */
  stateOf(rootRelative: string): GitFileState;
}

/**
 * Asks git (two processes, once per pull) which files under `realRoot` differ from HEAD:
 * modified or deleted (staged or not), added, untracked, ignored. Every other file below
 * the root is committed as it is. Outside a repository, or when git is missing or refuses
 * (for example "dubious ownership"), there is no evidence: every file is `no-git`. Never throws.
 */
export async function readGitView(realRoot: string): Promise<GitView> {
  const top = await git(realRoot, ['rev-parse', '--show-toplevel']);
  if (!top.ok) return noGit(top.error);
  const status = await git(realRoot, ['status', '--porcelain=v1', '-z', '--no-renames', '--untracked-files=all', '--ignored=traditional', '--', '.']);
  if (!status.ok) return noGit(status.error);
  const repoTop = top.stdout.replace(/\n$/, '');
  const differing = new Set<string>();
  // Entries are `XY path` separated by NUL; paths are relative to the top of the repository.
  for (const entry of status.stdout.split('\0')) {
    if (entry.length < 4) continue;
    differing.add(toSlashes(relative(realRoot, resolve(repoTop, entry.slice(3)))));
  }
  return { unavailable: null, stateOf: (path) => (differing.has(path) ? 'uncommitted' : 'committed') };
}

function noGit(reason: string): GitView {
  return { unavailable: reason, stateOf: () => 'no-git' };
}

type GitResult = { ok: true; stdout: string } | { ok: false; error: string };

function git(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((done) => {
    try {
      execFile('git', args, { cwd, timeout: 30_000, maxBuffer: 256 * 1024 * 1024, windowsHide: true, env: gitEnv() }, (error, stdout, stderr) => {
        if (!error) return done({ ok: true, stdout });
        done({ ok: false, error: describeGitFailure(error, stderr) });
      });
    } catch (error) {
      done({ ok: false, error: describeGitFailure(error as Error, '') });
    }
  });
}

function describeGitFailure(error: Error, stderr: string): string {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'git is not installed';
  if (/not a git repository/i.test(stderr)) return 'not a git repository';
  const line = stderr.split('\n').find((text) => text.trim() !== '');
  return `git failed: ${(line ?? error.message).replace(/^(fatal|error): /, '').trim()}`;
}

/** A status that only reads: no index refresh written behind the user's back (and no lock taken). */
function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_OPTIONAL_LOCKS: '0' };
}
