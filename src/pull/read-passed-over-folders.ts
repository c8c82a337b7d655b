import type { Tree } from '../files/types.js';
import { readTreeHistory } from '../git/read-tree-history.js';
import { knownFolderUids } from '../plan/known-folder-uids.js';

/**
 * The folders of the tree's directories that hold only subdirectories (and a `_folder.json`) and that this
 * repository's git history never showed holding a dashboard or library panel directly: a pull of a nested
 * folder writes its parents so, and a refresh must not take their other dashboards and subfolders as the tree's
 * (decideManagedFolders' rule 1). Without git history, every such folder. git is asked only when there is one.
 */
export async function readPassedOverFolders(root: string, tree: Pick<Tree, 'folders'>): Promise<string[]> {
  const passThrough = tree.folders.filter((folder) => folder.passThrough === true);
  if (passThrough.length === 0) return [];
  const history = await readTreeHistory(root);
  const known = history === null ? new Set<string>() : knownFolderUids(history);
  return passThrough.filter((folder) => !known.has(folder.uid)).map((folder) => folder.uid);
}
