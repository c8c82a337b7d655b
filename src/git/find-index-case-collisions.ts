import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { groupBy } from '../group-by.js';
import { runGit } from './run-git.js';

/** Two paths git's index holds below the tree's root (relative to it) that differ only in case, of which the checkout holds one. */
export interface IndexCaseCollision {
  paths: [string, string];
}

/**
 * The paths git's index holds below `root` that are equal but for case and that name a file of the tree (`treeFiles`: its
 * dashboard and library panel files, root-relative, lower-cased), where the working tree does not hold both (each name on
 * the path is not listed as written by its directory): a case-insensitive checkout (macOS, Windows) wrote both into one
 * file, or two directories into one, and git only said "paths have collided" at the clone. One `git ls-files` (a path a
 * conflicted merge lists once per stage counted once), and directory listings per such pair; none without git. Never throws.
 */
export async function findIndexCaseCollisions(root: string, treeFiles: ReadonlySet<string>): Promise<IndexCaseCollision[]> {
  const held = async (path: string) => {
    let dir = root;
    for (const name of path.split('/')) {
      if (!(await readdir(dir).catch(() => [] as string[])).includes(name)) return false;
      dir = join(dir, name);
    }
    return true;
  };
  const listed = await runGit(root, ['ls-files', '-z', '--', '.'], 60_000);
  if (!listed.ok) return [];
  const json = [...new Set(listed.stdout.split('\0'))].filter((path) => treeFiles.has(path.toLowerCase()));
  const found: IndexCaseCollision[] = [];
  for (const group of groupBy(json, (path) => path.toLowerCase()).values()) {
    const [first, ...later] = group.sort();
    for (const path of later) if (!((await held(first!)) && (await held(path)))) found.push({ paths: [first!, path] });
  }
  return found;
}
