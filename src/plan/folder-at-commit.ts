import { posix } from 'node:path';
import { FOLDER_FILE } from '../files/discover-tree.js';
import { folderOfDirectory } from '../files/folder-uid.js';
import { parseFolderFile } from '../files/read-folder-file.js';
import type { CommittedVersion } from '../git/read-committed-versions.js';

/** Pure: the `_folder.json` (relative to the tree) whose committed text says which folder `dir` stood for; null for the root or outside the tree. */
export function folderFileOf(dir: string): string | null {
  if (dir === '' || dir === '.' || dir === '..' || dir.startsWith('../')) return null;
  return posix.join(dir, FOLDER_FILE);
}

/**
 * Pure: the folder uid a directory of the tree stood for in the commit that holds `version`, as the
 * tree reads it: that commit's `_folder.json` there (`version.companion`), else the uid derived from
 * the path (also for an invalid one, as buildFolders falls back). The root is General (null); outside
 * the tree, undefined. Without the commit's answer (none was read), today's tree says it (`folderOfDir`).
 */
export function folderAtCommit(dir: string, version: Pick<CommittedVersion, 'companion'>, folderOfDir: (dir: string) => string | null | undefined): string | null | undefined {
  if (dir === '' || dir === '.') return null;
  if (folderFileOf(dir) === null) return undefined;
  if (version.companion === undefined) return folderOfDir(dir);
  return folderOfDirectory(dir, version.companion === null ? null : parseFolderFile(version.companion, FOLDER_FILE).folder).uid;
}
