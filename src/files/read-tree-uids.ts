import { stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { discoverTree } from './discover-tree.js';
import { readUnselectedUids } from './read-unselected-uids.js';
import type { OutsideSelection } from './types.js';

/**
 * The dashboard and library panel uids every file of the tree holds, whatever the selection (prune
 * keeps what any file holds). null when the root is no directory, when the tree cannot be listed,
 * or when a file names no uid: such a file may be the one that holds a uid, so none can be said
 * to be missing.
 */
export async function readTreeUids(root: string, cwd: string): Promise<OutsideSelection | null> {
  const isDirectory = await stat(root).then((found) => found.isDirectory(), () => false);
  if (!isDirectory) return null;
  try {
    const tree = await discoverTree({ root, include: [], exclude: [], emptySelectionIsError: false });
    const read = readUnselectedUids(tree, { display: (absPath) => relative(cwd, absPath), selection: '' });
    return read.diagnostics.length === 0 ? read.outside : null;
  } catch {
    return null;
  }
}
