import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Whether git asked in directory `a` and in directory `b` answers from the same repository, as far as the file system tells
 * without a git process: the nearest directory at or above each (symlinks resolved, as git resolves its working directory)
 * holding a `.git` entry is the same one; with GIT_DIR set git uses that repository wherever it is asked. false where it
 * cannot tell so (no `.git` found, a path that does not resolve, GIT_CEILING_DIRECTORIES or GIT_DISCOVERY_ACROSS_FILESYSTEM
 * changing how git looks): then the caller asks git.
 */
export function sameRepository(a: string, b: string, env: Record<string, string | undefined> = process.env): boolean {
  if (nonEmpty(env.GIT_DIR)) return true;
  if (nonEmpty(env.GIT_CEILING_DIRECTORIES) || nonEmpty(env.GIT_DISCOVERY_ACROSS_FILESYSTEM)) return false;
  const top = nearestGitDirectory(a);
  return top !== null && top === nearestGitDirectory(b);
}

function nearestGitDirectory(path: string): string | null {
  let dir: string;
  try {
    dir = realpathSync(path);
  } catch {
    return null;
  }
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value !== '';
}
