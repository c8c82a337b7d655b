import { pathExists } from '../files/path-exists.js';
import { posix, resolve } from 'node:path';
import { FOLDER_FILE } from '../files/discover-tree.js';
import { parseFolderFile } from '../files/read-folder-file.js';
import { readCatFileBatch } from './read-cat-file-batch.js';

/** A dashboard file a commit removed, and the folder its dashboard is in now (restored there). */
export interface RemovedWithFolder {
  /** Relative to the tree. */
  path: string;
  commit: string;
  folderUid: string;
}

/**
 * For each removed dashboard file, its directory's `_folder.json` (relative to the tree) where the working tree lacks it and
 * the commit before the removal held it naming `folderUid`: bringing back the dashboard's file without it would put the file
 * in a derived folder, and the next plan would move the dashboard there and delete the folder it is in. Keyed by `path`; one
 * cat-file for all. Empty without git; never throws.
 */
export async function findRemovedFolderFiles(tree: string, removed: readonly RemovedWithFolder[]): Promise<Map<string, string>> {
  const candidates: (RemovedWithFolder & { folderFile: string })[] = [];
  for (const entry of removed) {
    const dir = posix.dirname(entry.path);
    if (dir === '.') continue;
    const folderFile = `${dir}/${FOLDER_FILE}`;
    if (await pathExists(resolve(tree, folderFile))) continue;
    candidates.push({ ...entry, folderFile });
  }
  const found = new Map<string, string>();
  const blobs = await readCatFileBatch(tree, candidates.map((candidate) => `${candidate.commit}^:./${candidate.folderFile}`));
  if (blobs === null) return found;
  for (const [index, candidate] of candidates.entries()) {
    const text = blobs[index]?.text;
    if (text === undefined) continue;
    const { folder } = parseFolderFile(text, candidate.folderFile);
    if (folder?.uid === candidate.folderUid) found.set(candidate.path, candidate.folderFile);
  }
  return found;
}
