import { posix } from 'node:path';
import { deriveFolderUid } from '../files/folder-uid.js';
import { parseFolderFile } from '../files/read-folder-file.js';
import type { FormerFolderFile, TreeHistory } from '../git/read-tree-history.js';

/**
 * Pure: the folder uids this tree's git history shows it held (readTreeHistory): the uid derived
 * from each directory that held a file, and the uid each `_folder.json` named. A derived uid
 * depends only on the path, so every tree in an org derives the same one for `apps/`: only this
 * evidence tells this tree's `apps` folder from another tree's (docs/apply.md "Which folders are managed").
 */
export function knownFolderUids(history: TreeHistory): Set<string> {
  const uids = new Set([...history.dirs].map((dir) => deriveFolderUid(dir)));
  for (const file of history.folderFiles) uids.add(folderFileUid(file));
  return uids;
}

/** The uid a `_folder.json` git held gives its folder: its own, or the one derived from its directory. */
function folderFileUid({ path, text }: FormerFolderFile): string {
  return parseFolderFile(text, path).folder?.uid ?? deriveFolderUid(posix.dirname(path));
}
