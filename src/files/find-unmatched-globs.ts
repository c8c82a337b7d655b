import type { Diagnostic } from '../errors.js';
import { describeUnmatchedGlob, listed, type SelectionGlob } from './selection-glob.js';
import { treePathTests } from './select-tree-paths.js';
import { describeIncludeSuggestions, suggestIncludes } from './suggest-include.js';

/**
 * Pure: the globs of include and exclude that match none of the tree's files (paths relative to the root, `/`-separated),
 * each judged alone by the walk's own selection (treePathTests): an include that selects nothing, an exclude that
 * leaves every file in. A glob that matches is known at the first file it picks or keeps out.
 */
function findUnmatchedGlobs(include: string[], exclude: string[], treeFiles: readonly string[]): SelectionGlob[] {
  const testsOf = treePathTests(treeFiles);
  return listed(include, exclude).filter(({ list, glob }) =>
    list === 'include' ? !treeFiles.some(testsOf([glob], [])) : treeFiles.every(testsOf([], [glob])),
  );
}

/**
 * Pure: the `glob-unmatched` warning of each glob of a selection that matches none of the tree's files (findUnmatchedGlobs;
 * `treeFiles`: every dashboard and library panel file, root-relative); `root`: as shown. `emptiedInclude`: the selection's
 * include selects no file because its files moved out, which the environment-emptied warning says: one warning per cause.
 */
export function describeUnmatchedGlobs(
  selection: { include: string[]; exclude: string[]; selectionFrom?: { include: string; exclude: string }; configFile?: string; emptiedInclude?: boolean },
  treeFiles: readonly string[],
  root: string,
): Diagnostic[] {
  // A glob the include already lists is no news.
  const suggest = (glob: string) => suggestIncludes([glob], selection.exclude, treeFiles).filter(({ suggested }) => !selection.include.includes(suggested));
  const hint = (unmatched: SelectionGlob) => (unmatched.list === 'include' ? describeIncludeSuggestions(suggest(unmatched.glob), 1) : '');
  return findUnmatchedGlobs(selection.include, selection.exclude, treeFiles)
    .filter((unmatched) => !(selection.emptiedInclude && unmatched.list === 'include'))
    .map((unmatched) => describeUnmatchedGlob(unmatched, selection.selectionFrom ?? { include: '--include', exclude: '--exclude' }, selection.configFile ?? 'dashsync.config.json', root, hint(unmatched)));
}
