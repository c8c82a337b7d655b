import { listed, type SelectionGlob } from './selection-glob.js';
import { treePathSelector } from './select-tree-paths.js';

/**
 * Pure: the globs of include and exclude that match none of the tree's files (paths relative to the root, `/`-separated),
 * each judged alone by the walk's own selection (selectTreePaths): an include that selects nothing, an exclude that
 * leaves every file in.
 */
export function findUnmatchedGlobs(include: string[], exclude: string[], treeFiles: readonly string[]): SelectionGlob[] {
  const select = treePathSelector(treeFiles);
  return listed(include, exclude).filter(({ list, glob }) =>
    list === 'include' ? select([glob], []).size === 0 : select([], [glob]).size === treeFiles.length,
  );
}
