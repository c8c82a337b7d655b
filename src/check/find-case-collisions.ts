import { basename, join, relative } from 'node:path';
import { FOLDER_FILE } from '../files/discover-tree.js';
import { joinTreePath, toSlashes } from '../files/tree-paths.js';
import type { Tree } from '../files/types.js';
import { DIR_NAME_CASE_RULE, findDirsDifferingInCase } from './find-dirs-differing-in-case.js';
import { FILE_NAME_CASE_RULE, findFilesDifferingInCase } from './find-files-differing-in-case.js';

export interface CaseCollision {
  rule: typeof DIR_NAME_CASE_RULE | typeof FILE_NAME_CASE_RULE;
  /** The directory or file the line is said on, and the one it collides with: as `show` names them. */
  path: string;
  otherPath: string;
  message: string;
}

/**
 * Pure: the tree's directories (dir-name-case) and files (file-name-case) that a case-insensitive checkout makes one, for
 * check and for the plan alike; `show`: a root-relative path as a line names it.
 */
export function findCaseCollisions(tree: Pick<Tree, 'root' | 'dashboards' | 'folders' | 'libraryPanels'>, show: (path: string) => string): CaseCollision[] {
  const folderFiles = tree.folders.filter((folder) => folder.source === 'folder-file').map((folder) => join(folder.dir, FOLDER_FILE));
  const files = treeFilePaths(tree);
  return [
    ...findDirsDifferingInCase(tree.folders, show).map((found): CaseCollision => ({ rule: DIR_NAME_CASE_RULE, path: show(found.dir), otherPath: show(found.otherDir), message: found.message })),
    ...findFilesDifferingInCase([...files, ...folderFiles.map(toSlashes)], show).map((found): CaseCollision => ({ rule: FILE_NAME_CASE_RULE, path: show(found.file), otherPath: show(found.otherFile), message: found.message })),
  ];
}

/**
 * The tree's dashboard and library panel files, root-relative with forward slashes, in that order. A dashboard's directory is
 * its file's (readTree's `dir`), so no path.relative per file (5,000 took ~10 ms); a library panel's `dir` is the one above
 * its `_library/`.
 */
export function treeFilePaths(tree: Pick<Tree, 'root' | 'dashboards' | 'libraryPanels'>): string[] {
  return [...tree.dashboards.map((entry) => joinTreePath(entry.dir, basename(entry.absPath))), ...tree.libraryPanels.map((entry) => toSlashes(relative(tree.root, entry.absPath)))];
}
