import { dirname, relative } from 'node:path';
import { discoverTree } from './discover-tree.js';
import { deriveFolderUid, folderOfDirectory } from './folder-uid.js';
import { readFolderFile } from './read-folder-file.js';
import { toSlashes } from './tree-paths.js';

/**
 * A folder of the tree: one a `_folder.json` names, or a directory's without one (its derived uid); `file` as the user's
 * shell reaches it (that `_folder.json`, or the directory with a trailing `/`); `parents`: the folders of the directories
 * above, top level first.
 */
export interface TreeFolder {
  folder: { uid: string; title: string };
  parents: { uid: string; title: string }[];
  file: string;
}

/**
 * A lookup of the folder of a uid as the tree gives it: the `_folder.json` that names it, else the directory of dashboards
 * without one whose derived uid it is (deriveFolderUid), with the folders above it as the tree's directories give them
 * (folderOfDirectory); null when neither does, or the tree cannot be listed. The tree is listed and its `_folder.json`
 * files read once, at the first lookup, however many uids are asked for.
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
  /** Each uid a `_folder.json` names: the first such file's directory and path; then each directory's derived uid where it has none. */
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
  // The directories above each dashboard file (the root is no folder): one without a `_folder.json` is the folder of its derived uid.
  for (const absPath of tree.dashboardFiles) {
    for (let dir = dirname(absPath); relative(root, dir) !== '' && !relative(root, dir).startsWith('..'); dir = dirname(dir)) {
      const shown = toSlashes(relative(root, dir));
      if (index.named.has(shown)) continue;
      const uid = deriveFolderUid(shown);
      if (!index.byUid.has(uid)) index.byUid.set(uid, { dir: shown, file: `${toSlashes(relative(cwd, dir))}/` });
    }
  }
  return index;
}
