import { realpathSync } from 'node:fs';
import { delimiter, dirname } from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * Keeps git from looking above `dir` for a repository until the test ends (GIT_CEILING_DIRECTORIES gets `dir`'s parent, for
 * every git this process starts and every CLI it spawns): a temporary directory is then outside any git work tree even where
 * TMPDIR lies inside one, so "not a git repository" there is what the test sees. `git init` in `dir` still makes one.
 */
export function keepOutsideGit(dir: string): string {
  const saved = process.env.GIT_CEILING_DIRECTORIES;
  process.env.GIT_CEILING_DIRECTORIES = [dirname(realpathSync(dir)), saved].filter((entry) => entry !== undefined && entry !== '').join(delimiter);
  onTestFinished(() => {
    if (saved === undefined) delete process.env.GIT_CEILING_DIRECTORIES;
    else process.env.GIT_CEILING_DIRECTORIES = saved;
  });
  return dir;
}
