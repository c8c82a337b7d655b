import { stat } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { discoverTree, LIBRARY_DIR } from './discover-tree.js';
import { deriveFolderUid } from './folder-uid.js';
import { readUid, readUnselectedUids } from './read-unselected-uids.js';
import { toSlashes } from './tree-paths.js';
import type { OutsideSelection } from './types.js';

export interface TreeUids extends OutsideSelection {
  /** The folder uids of the tree's directories (a `_folder.json`'s uid, else the one derived from the path); null when a `_folder.json` names none. */
  folderUids: Set<string> | null;
}

/**
 * The dashboard and library panel uids every file of the tree holds, whatever the selection (prune
 * keeps what any file holds), and its folders' uids. null when the root is no directory, when the tree cannot be listed,
 * or when a file names no uid: such a file may be the one that holds a uid, so none can be said
 * to be missing.
 */
export async function readTreeUids(root: string, cwd: string): Promise<TreeUids | null> {
  const isDirectory = await stat(root).then((found) => found.isDirectory(), () => false);
  if (!isDirectory) return null;
  try {
    const tree = await discoverTree({ root, include: [], exclude: [], emptySelectionIsError: false });
    const read = readUnselectedUids(tree, { display: (absPath) => relative(cwd, absPath), selection: '' });
    return read.diagnostics.length === 0 ? { ...read.outside, folderUids: readFolderUids(root, tree) } : null;
  } catch {
    return null;
  }
}

/** Every directory below the root that holds a file of the tree (or a directory that does), by its folder's uid. */
function readFolderUids(root: string, tree: { dashboardFiles: string[]; libraryFiles: string[]; folderFiles: string[] }): Set<string> | null {
  const dirs = new Set<string>();
  for (const absPath of [...tree.dashboardFiles, ...tree.libraryFiles, ...tree.folderFiles]) {
    const parts = toSlashes(relative(root, dirname(absPath))).split('/');
    const libraryAt = parts.indexOf(LIBRARY_DIR);
    const dir = (libraryAt === -1 ? parts : parts.slice(0, libraryAt)).filter((part) => part !== '.' && part !== '');
    for (let depth = 1; depth <= dir.length; depth++) dirs.add(dir.slice(0, depth).join('/'));
  }
  const uidOfDir = new Map<string, string>();
  for (const absPath of tree.folderFiles) {
    const uid = readUid(absPath, absPath, (document) => document.uid);
    if (typeof uid !== 'string') return null;
    uidOfDir.set(toSlashes(relative(root, dirname(absPath))), uid);
  }
  return new Set([...dirs].map((dir) => uidOfDir.get(dir) ?? deriveFolderUid(dir)));
}
