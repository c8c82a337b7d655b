import type { SelectionPlaces } from '../config/types.js';
import type { Diagnostic } from '../errors.js';
import { describeUnmatchedGlob, listed, type SelectionGlob } from './selection-glob.js';
import { selectionEntersDirectory, treePathTests, unreadPlacesGlobNames } from './select-tree-paths.js';
import { suggestIncludes } from './suggest-include.js';

/** What messages name of a selection whose globs are judged: its lists, where they came from and where the config writes them. */
interface UnmatchedGlobSelection {
  include: string[];
  exclude: string[];
  selectionFrom?: { include: string; exclude: string };
  selectionPlaces?: SelectionPlaces;
  configFile?: string;
  emptiedInclude?: boolean;
}

/** A glob of include or exclude that matches no file of the tree, and the globs it likely meant (an include's; none for an exclude). */
export interface UnmatchedGlob extends SelectionGlob {
  suggested: string[];
  /** The directory links and dot-directories it names a path inside (unreadPlacesGlobNames): what it meant is there, which dashsync does not read. */
  insideLinks?: string[];
  insideDotDirs?: string[];
}

/**
 * Pure: the globs of include and exclude that match none of the tree's files (paths relative to the root, `/`-separated),
 * each judged by the walk's own selection (treePathTests): an include glob that selects nothing where the walk of the whole
 * include meets the files, an exclude glob that, alone, leaves every file in and no directory link of the tree out (`linkedDirs`,
 * root-relative). A glob that matches is known at the first file it picks or keeps out. `emptiedInclude`: the
 * selection's include selects no file because its files moved out, which the environment-emptied warning says: one warning
 * per cause, so its include's globs are left out. An include's glob carries the close one that picks a file (suggestIncludes),
 * unless the include already lists it.
 */
export function findUnmatchedGlobs(selection: UnmatchedGlobSelection, treeFiles: readonly string[], linkedDirs: readonly string[] = []): UnmatchedGlob[] {
  const testsOf = treePathTests(treeFiles);
  const suggest = (glob: string) =>
    suggestIncludes([glob], selection.exclude, treeFiles).map(({ suggested }) => suggested).filter((suggested) => !selection.include.includes(suggested));
  // An exclude that leaves out a directory link keeps out what a run says of it (readTree): it matches.
  const keepsOutLink = (glob: string) => linkedDirs.some((dir) => !selectionEntersDirectory(dir, [], [glob]));
  return listed(selection.include, selection.exclude)
    .filter(({ list, glob }) => (list === 'include' ? !selection.emptiedInclude && !treeFiles.some(testsOf(selection.include, [], glob)) : treeFiles.every(testsOf([], [glob])) && !keepsOutLink(glob)))
    .map((unmatched) => {
      const { links, dotDirs } = unreadPlacesGlobNames(unmatched.glob, linkedDirs);
      if (links.length + dotDirs.length > 0) return { ...unmatched, suggested: [], ...(links.length > 0 ? { insideLinks: links } : {}), ...(dotDirs.length > 0 ? { insideDotDirs: dotDirs } : {}) };
      return { ...unmatched, suggested: unmatched.list === 'include' ? suggest(unmatched.glob) : [] };
    });
}

/** Pure: the `glob-unmatched` warning of one such glob (`root`: as shown), on its glob's line:col where the config file writes it. */
export function describeUnmatchedGlobFinding(unmatched: UnmatchedGlob, selection: UnmatchedGlobSelection, root: string): Diagnostic {
  const hint = unmatched.suggested.length === 0 ? '' : `; did you mean ${unmatched.suggested.join(' or ')}?`;
  return describeUnmatchedGlob(
    unmatched,
    selection.selectionFrom ?? { include: '--include', exclude: '--exclude' },
    selection.configFile ?? 'dashsync.config.json',
    root,
    hint,
    selection.selectionPlaces,
  );
}

/**
 * Pure: the `glob-unmatched` warning of each glob of a selection that matches none of the tree's files (findUnmatchedGlobs;
 * `treeFiles`: every dashboard and library panel file, root-relative; `linkedDirs`: the tree's directory links); `root`: as shown.
 */
export function describeUnmatchedGlobs(selection: UnmatchedGlobSelection, treeFiles: readonly string[], root: string, linkedDirs: readonly string[] = []): Diagnostic[] {
  return findUnmatchedGlobs(selection, treeFiles, linkedDirs).map((unmatched) => describeUnmatchedGlobFinding(unmatched, selection, root));
}
