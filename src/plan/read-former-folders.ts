import { posix } from 'node:path';
import { folderOfDirectory } from '../files/folder-uid.js';
import { parseFolderFile } from '../files/read-folder-file.js';
import type { Tree } from '../files/types.js';
import { findRemovedTreeFiles } from '../git/find-removed-dashboard-files.js';
import type { HistoryDeletionsReader } from '../git/read-history-deletions.js';
import { readTreeHistory, type TreeHistory } from '../git/read-tree-history.js';

/** The folder a dashboard's file was in before it moved where it is now: its uid and title, and its directory (relative to the tree). */
export interface FormerFolder {
  uid: string;
  title: string;
  dir: string;
}

/**
 * For these dashboards (whose reads Grafana refused, their files going to a folder not proven hidden), the folder
 * their file was in before git saw it move (the removed file that last held the uid), where that is another folder than
 * the one it goes to now and not the General level: the folder that most likely holds it in Grafana, as the move was
 * never applied (these credentials could not read it). The folder's uid and title are the tree's, or those its last
 * committed `_folder.json` gave, or derived from the directory. A dashboard whose file never moved is absent. Read only
 * for such refused reads: a usual plan asks git nothing for it. `historyDeletions`: the plan's one walk.
 */
export async function readFormerFolders(root: string, tree: Pick<Tree, 'dashboards' | 'folders'>, uids: readonly string[], historyDeletions: HistoryDeletionsReader): Promise<Map<string, FormerFolder>> {
  const former = new Map<string, FormerFolder>();
  if (uids.length === 0) return former;
  const removed = (await findRemovedTreeFiles(root, { dashboards: uids, libraryPanels: [] }, { historyDeletions })).dashboards;
  if (removed.size === 0) return former;
  const history = await readTreeHistory(root);
  const folderOf = new Map(tree.dashboards.map((entry) => [entry.uid, entry.folderUid]));
  for (const [uid, file] of removed) {
    const dir = posix.dirname(file.path);
    if (dir === '.') continue;
    const folder = folderOfFormerDirectory(dir, tree, history);
    if (folder.uid !== folderOf.get(uid)) former.set(uid, { ...folder, dir });
  }
  return former;
}

/** The folder a directory stood for: the tree's where it still holds it, else as its last committed `_folder.json` named it, else derived. */
function folderOfFormerDirectory(dir: string, tree: Pick<Tree, 'folders'>, history: TreeHistory | null): { uid: string; title: string } {
  const held = tree.folders.find((folder) => folder.dir === dir);
  if (held !== undefined) return { uid: held.uid, title: held.title };
  const path = `${dir}/_folder.json`;
  const text = history?.folderFiles.find((file) => file.path === path)?.text;
  return folderOfDirectory(dir, text === undefined ? null : parseFolderFile(text, path).folder);
}
