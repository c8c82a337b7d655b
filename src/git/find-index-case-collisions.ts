import { readdir } from 'node:fs/promises';
import { posix, join } from 'node:path';
import { groupBy } from '../group-by.js';
import { runGit } from './run-git.js';

/** Two paths git's index holds below the tree's root (relative to it) that differ only in case, of which the checkout holds one. */
export interface IndexCaseCollision {
  paths: [string, string];
}

/**
 * The `.json` paths git's index holds below `root` that are equal but for case, where the working tree does not hold both
 * (its directory does not list both names as written): a case-insensitive checkout (macOS, Windows) wrote both into one
 * file, and git only said "paths have collided" at the clone. One `git ls-files`, and a directory listing per such pair;
 * none without git. Never throws.
 */
export async function findIndexCaseCollisions(root: string): Promise<IndexCaseCollision[]> {
  const held = async (path: string) => (await readdir(join(root, posix.dirname(path))).catch(() => [] as string[])).includes(posix.basename(path));
  const listed = await runGit(root, ['ls-files', '-z', '--', '.'], 60_000);
  if (!listed.ok) return [];
  const json = listed.stdout.split('\0').filter((path) => path.toLowerCase().endsWith('.json'));
  const found: IndexCaseCollision[] = [];
  for (const group of groupBy(json, (path) => path.toLowerCase()).values()) {
    const [first, ...later] = group.sort();
    for (const path of later) if (!((await held(first!)) && (await held(path)))) found.push({ paths: [first!, path] });
  }
  return found;
}
