import { listed, type SelectionGlob } from './selection-glob.js';
import { treePathTests } from './select-tree-paths.js';

/**
 * Pure: the globs of include and exclude that match none of the tree's files (paths relative to the root, `/`-separated),
 * each judged alone by the walk's own selection (treePathTests): an include that selects nothing, an exclude that
 * leaves every file in. A glob that matches is known at the first file it picks or keeps out.
 */
export function findUnmatchedGlobs(include: string[], exclude: string[], treeFiles: readonly string[]): SelectionGlob[] {
  const testsOf = treePathTests(treeFiles);
  return listed(include, exclude).filter(({ list, glob }) =>
    list === 'include' ? !treeFiles.some(testsOf([glob], [])) : treeFiles.every(testsOf([], [glob])),
  );
}
