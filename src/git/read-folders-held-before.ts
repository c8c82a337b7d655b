import { posix } from 'node:path';
import { FOLDER_FILE } from '../files/discover-tree.js';
import { folderOfDirectory } from '../files/folder-uid.js';
import { parseFolderFile } from '../files/read-folder-file.js';
import { readCatFileBatch } from './read-cat-file-batch.js';

/**
 * The uids of those folders whose `_folder.json` the commit before HEAD already held in the same directory (`dir`, relative
 * to `root`), naming the same uid and the title the folder has live: a folder this tree had as it is now, which only HEAD
 * renames. One `git cat-file` for all of them; none without git, without a parent commit (or one a shallow clone cut off).
 */
export async function readFoldersHeldBefore(root: string, folders: readonly { uid: string; dir: string; liveTitle: string }[]): Promise<Set<string>> {
  if (folders.length === 0) return new Set();
  const blobs = (await readCatFileBatch(root, folders.map((folder) => `HEAD~:./${posix.join(folder.dir, FOLDER_FILE)}`))) ?? [];
  return new Set(
    folders.flatMap((folder, index) => {
      const blob = blobs[index];
      if (!blob) return [];
      const held = parseFolderFile(blob.text, posix.join(folder.dir, FOLDER_FILE)).folder;
      const named = held && folderOfDirectory(folder.dir, held);
      return named && named.uid === folder.uid && named.title === folder.liveTitle ? [folder.uid] : [];
    }),
  );
}
