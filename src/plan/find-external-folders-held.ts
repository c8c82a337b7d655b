import type { Diagnostic } from '../errors.js';
import type { Tree } from '../files/types.js';

/** Pure: an error for each folder `externalFolders` lists (another tree's) that a directory of this tree holds: it cannot be both. */
export function findExternalFoldersHeld(tree: Pick<Tree, 'folders' | 'idleFolders'>, externalFolders: readonly string[], configFile: string): Diagnostic[] {
  const listed = new Set(externalFolders);
  return [...tree.folders, ...tree.idleFolders]
    .filter((folder) => listed.has(folder.uid))
    .sort((a, b) => a.dir.localeCompare(b.dir))
    .map((folder) => ({
      file: configFile,
      severity: 'error',
      rule: 'external-folder-in-tree',
      message: `"externalFolders" lists ${folder.uid}, the folder of this tree's directory ${folder.dir}: a folder is this tree's or another's. Remove it from "externalFolders", or the directory from the tree`,
    }));
}
