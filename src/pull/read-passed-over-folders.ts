import type { Tree } from '../files/types.js';
import { readTreeHistory } from '../git/read-tree-history.js';
import type { HistoryCut } from '../plan/describe-not-pruned.js';
import { knownFolderUids } from '../plan/known-folder-uids.js';

/** The folders a refresh passes over, and how git history fell short when it did (said on the no-file line). */
export interface PassedOverFolders {
  folders: { uid: string; title: string }[];
  /** Those whose `_folder.json` says `"parentOnly": true`: held only as a parent, whatever git shows (git is not asked about them). */
  parentOnly?: { uid: string; title: string }[];
  /** undefined: git's whole history was read. */
  cut?: HistoryCut;
}

/**
 * The folders of the tree's directories that hold only subdirectories (and a `_folder.json`) and that this
 * repository's git history never showed holding a dashboard or library panel directly: a pull of a nested
 * folder writes its parents so, and a refresh must not take their other dashboards and subfolders as the tree's
 * (decideManagedFolders' rule 1). Without git history, every such folder. git is asked only when there is one.
 */
export async function readPassedOverFolders(root: string, tree: Pick<Tree, 'folders'>): Promise<PassedOverFolders> {
  const parentOnly = tree.folders.filter((folder) => folder.passThrough === true && folder.parentOnly === true).map(({ uid, title }) => ({ uid, title }));
  const held = parentOnly.length > 0 ? { parentOnly } : {};
  const passThrough = tree.folders.filter((folder) => folder.passThrough === true && folder.parentOnly !== true);
  if (passThrough.length === 0) return { folders: [], ...held };
  const history = await readTreeHistory(root);
  const known = history === null ? new Set<string>() : knownFolderUids(history);
  const folders = passThrough.filter((folder) => !known.has(folder.uid)).map(({ uid, title }) => ({ uid, title }));
  const cut = history === null ? 'none' : history.shallow ? 'shallow' : undefined;
  return { folders, ...held, ...(cut ? { cut } : {}) };
}
