import { join, relative } from 'node:path';
import { findNonNfcNames } from '../check/find-non-nfc-names.js';
import { FOLDER_FILE } from '../files/discover-tree.js';
import { toSlashes } from '../files/tree-paths.js';
import type { Tree } from '../files/types.js';
import type { PlanWarning } from './types.js';

/** Pure: check's name-not-nfc, for the names on the paths of the files this plan deploys (paths shown relative to `cwd`). */
export function describeNonNfcNames(tree: Pick<Tree, 'root' | 'dashboards' | 'folders' | 'libraryPanels'>, cwd: string): PlanWarning[] {
  const folderFiles = tree.folders.filter((folder) => folder.source === 'folder-file').map((folder) => join(tree.root, folder.dir, FOLDER_FILE));
  const files = [...tree.dashboards.map((d) => d.absPath), ...tree.libraryPanels.map((panel) => panel.absPath), ...folderFiles];
  return findNonNfcNames(tree.root, files, folderFiles).map((name) => ({
    kind: 'name-not-nfc',
    uid: null,
    path: toSlashes(relative(cwd, name.absPath)),
    message: name.message,
  }));
}
