import { dirname, relative } from 'node:path';
import { discoverTree } from './discover-tree.js';
import { folderOfDirectory } from './folder-uid.js';
import { readFolderFile } from './read-folder-file.js';
import { toSlashes } from './tree-paths.js';

/** A folder a `_folder.json` of the tree names: `file` as the user's shell reaches it; `parents`: the folders of the directories above, top level first. */
export interface TreeFolder {
  folder: { uid: string; title: string };
  parents: { uid: string; title: string }[];
  file: string;
}

/**
 * The folder of uid `uid` as the tree's `_folder.json` names it, with the folders above it as the tree's directories give
 * them (folderOfDirectory); null when no valid `_folder.json` names that uid, or the tree cannot be listed.
 */
export async function findTreeFolder(root: string, cwd: string, uid: string): Promise<TreeFolder | null> {
  const tree = await discoverTree({ root, include: [], exclude: [], emptySelectionIsError: false }).catch(() => null);
  if (tree === null) return null;
  const named = new Map<string, { uid: string; title: string } | null>();
  let found: { dir: string; file: string } | null = null;
  for (const absPath of tree.folderFiles) {
    const dir = toSlashes(relative(root, dirname(absPath)));
    const file = toSlashes(relative(cwd, absPath));
    const { folder } = await readFolderFile(absPath, file);
    named.set(dir, folder);
    if (folder?.uid === uid && found === null) found = { dir, file };
  }
  if (found === null) return null;
  const parts = found.dir.split('/');
  const parents = parts.slice(0, -1).map((_, index) => {
    const dir = parts.slice(0, index + 1).join('/');
    return folderOfDirectory(dir, named.get(dir));
  });
  return { folder: folderOfDirectory(found.dir, named.get(found.dir)), parents, file: found.file };
}
