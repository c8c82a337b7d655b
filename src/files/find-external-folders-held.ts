import type { Settings } from '../config/types.js';
import type { Diagnostic } from '../errors.js';
import type { Tree } from './types.js';

/** Pure: an error for each folder `externalFolders` lists (another tree's) that a directory of this tree holds: it cannot be both. */
export function findExternalFoldersHeld(tree: Pick<Tree, 'folders' | 'idleFolders'>, settings: Pick<Settings, 'externalFolders' | 'externalFolderPlaces' | 'configFile'>): Diagnostic[] {
  const listed = new Set(settings.externalFolders);
  return [...tree.folders, ...tree.idleFolders]
    .filter((folder) => listed.has(folder.uid))
    .sort((a, b) => a.dir.localeCompare(b.dir))
    .map((folder) => ({
      file: settings.configFile,
      ...settings.externalFolderPlaces?.get(folder.uid),
      severity: 'error',
      rule: 'external-folder-in-tree',
      message:
        `"externalFolders" lists ${folder.uid}, the folder of this tree's directory ${folder.dir}: a folder is this tree's or another's. ` +
        (folder.source === 'derived'
          ? `If another repository's directory at the same path deploys to it (a uid derived from the path is the same in every tree), give ${folder.dir} a _folder.json with a uid of its own ` +
            `and keep ${folder.uid} in "externalFolders"; else remove it from "externalFolders", or the directory from the tree`
          : 'Remove it from "externalFolders", or the directory from the tree'),
    }));
}
