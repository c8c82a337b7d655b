import { FOLDER_FILE } from '../files/discover-tree.js';
import { readCatFileBatch } from './read-cat-file-batch.js';
import { runGit } from './run-git.js';

/** A top-level `_folder.json` of the tree as git last held it. */
export interface FormerTopFolderFile {
  /** Relative to the tree: `<dir>/_folder.json`. */
  path: string;
  text: string;
}

const GIT_TIMEOUT_MS = 60_000;

/**
 * Every top-level `_folder.json` (`<dir>/_folder.json` right under the tree) git holds at HEAD or
 * deleted in HEAD's history, with its last committed text: what the tree's top folders were, so a
 * plan can tell a folder whose directory left the tree from one the tree never named. Three git
 * processes (ls-tree, log, cat-file). Empty when there is no evidence (no git, no commit, a shallow
 * history stops early); never throws.
 */
export async function readFormerTopFolderFiles(tree: string): Promise<FormerTopFolderFile[]> {
  const isTopFolderFile = (path: string) => /^[^/]+\/[^/]+$/.test(path) && path.endsWith(`/${FOLDER_FILE}`);
  // Both answer relative to `tree` (ls-tree by default, log with --relative).
  const [head, deleted] = await Promise.all([
    runGit(tree, ['ls-tree', '-r', '--name-only', '-z', 'HEAD', '--', '.'], GIT_TIMEOUT_MS),
    runGit(tree, ['log', '--relative', '--diff-filter=D', '--name-only', '-z', '--format=%x01%H', 'HEAD', '--', '.'], GIT_TIMEOUT_MS),
  ]);
  const specs = new Map<string, string>();
  if (head.ok) for (const path of head.stdout.split('\0').filter(isTopFolderFile)) specs.set(path, `HEAD:./${path}`);
  if (deleted.ok) {
    // Newest commit first: a path's first deletion met is its last one, and the text its parent commit held is the last committed.
    for (const record of deleted.stdout.split('\x01').slice(1)) {
      const [commit, ...paths] = record.split(/\n|\0/).filter(Boolean);
      for (const path of paths.filter(isTopFolderFile)) if (!specs.has(path)) specs.set(path, `${commit}^:./${path}`);
    }
  }
  if (specs.size === 0) return [];
  const blobs = await readCatFileBatch(tree, [...specs.values()]);
  if (blobs === null) return [];
  return [...specs.keys()].flatMap((path, index) => (blobs[index] ? [{ path, text: blobs[index].text }] : []));
}
