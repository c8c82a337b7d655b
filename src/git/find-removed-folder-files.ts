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

/** How many directories above a dashboard's findRemovedFolderFiles looks at (Grafana nests folders at most 8 deep). */
const MAX_LEVELS = 8;

/**
 * For each removed dashboard file, its directory's `_folder.json` (relative to the tree) where the working tree lacks it and
 * the commit before the removal held it naming `folderUid`, then those of the directories above it while the same holds for
 * them (review-69a L1: a prune of nested folders removed every level; the folders above come back as that commit held them,
 * where the restore put them again). Bringing back the dashboard's file without them would put the file in a derived folder,
 * and the next plan would move the dashboard (or its folder) there and delete the folder it is in. Keyed by `path`, the
 * dashboard's own folder first; one cat-file per level. Empty without git; never throws.
 */
export async function findRemovedFolderFiles(tree: string, removed: readonly RemovedWithFolder[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  // Each candidate's next directory up, while its _folder.json is still to be looked at.
  let level: (RemovedWithFolder & { dir: string })[] = removed.map((entry) => ({ ...entry, dir: posix.dirname(entry.path) }));
  for (let depth = 0; depth < MAX_LEVELS && level.length > 0; depth++) {
    const candidates: (RemovedWithFolder & { dir: string; folderFile: string })[] = [];
    for (const entry of level) {
      if (entry.dir === '.') continue;
      const folderFile = `${entry.dir}/${FOLDER_FILE}`;
      if (await pathExists(resolve(tree, folderFile))) continue;
      candidates.push({ ...entry, folderFile });
    }
    const blobs = candidates.length === 0 ? [] : await readCatFileBatch(tree, candidates.map((candidate) => `${candidate.commit}^:./${candidate.folderFile}`));
    if (blobs === null) return found;
    const next: typeof level = [];
    for (const [index, candidate] of candidates.entries()) {
      const text = blobs[index]?.text;
      if (text === undefined) continue;
      const { folder } = parseFolderFile(text, candidate.folderFile);
      // The dashboard's own folder must be the one it was restored into; a folder above it, one that file names at all.
      if (folder === undefined || folder === null || (depth === 0 && folder.uid !== candidate.folderUid)) continue;
      found.set(candidate.path, [...(found.get(candidate.path) ?? []), candidate.folderFile]);
      next.push({ ...candidate, dir: posix.dirname(candidate.dir) });
    }
    level = next;
  }
  return found;
}
