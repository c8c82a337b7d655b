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
 * A lookup of the folder of a uid as the tree's `_folder.json` names it, with the folders above it as the tree's directories
 * give them (folderOfDirectory); null when no valid `_folder.json` names that uid, or the tree cannot be listed. The tree is
 * listed and its `_folder.json` files read once, at the first lookup, however many uids are asked for.
 */
export function treeFolderLookup(root: string, cwd: string): (uid: string) => Promise<TreeFolder | null> {
  let index: Promise<TreeFolderIndex | null> | undefined;
  return async (uid) => {
    index ??= readTreeFolderIndex(root, cwd);
    const read = await index;
    const found = read?.byUid.get(uid);
    if (read === null || found === undefined) return null;
    const parts = found.dir.split('/');
    const parents = parts.slice(0, -1).map((_, at) => {
      const dir = parts.slice(0, at + 1).join('/');
      return folderOfDirectory(dir, read.named.get(dir));
    });
    return { folder: folderOfDirectory(found.dir, read.named.get(found.dir)), parents, file: found.file };
  };
}

interface TreeFolderIndex {
  /** Each directory's folder as its `_folder.json` names it (null: one that does not parse). */
  named: Map<string, { uid: string; title: string } | null>;
  /** Each uid a `_folder.json` names: the first such file's directory and path. */
  byUid: Map<string, { dir: string; file: string }>;
}

async function readTreeFolderIndex(root: string, cwd: string): Promise<TreeFolderIndex | null> {
  const tree = await discoverTree({ root, include: [], exclude: [], emptySelectionIsError: false }).catch(() => null);
  if (tree === null) return null;
  const index: TreeFolderIndex = { named: new Map(), byUid: new Map() };
  for (const absPath of tree.folderFiles) {
    const dir = toSlashes(relative(root, dirname(absPath)));
    const file = toSlashes(relative(cwd, absPath));
    const { folder } = await readFolderFile(absPath, file);
    index.named.set(dir, folder);
    if (folder && !index.byUid.has(folder.uid)) index.byUid.set(folder.uid, { dir, file });
  }
  return index;
}
