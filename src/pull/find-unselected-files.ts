import { relative } from 'node:path';
import { DEFAULT_CONFIG_FILE } from '../config/config-keys.js';
import { selectTreePaths } from '../files/select-tree-paths.js';
import { toSlashes } from '../files/tree-paths.js';

export interface Selection {
  include: string[];
  exclude: string[];
  /** Where each list came from, as messages name it (Settings.selectionFrom). */
  from?: { include: string; exclude: string };
}

/**
 * The tree's dashboard and library panel files that the config's `include`/`exclude` leave out
 * (absolute path → why, in words after the file's path): they belong to another run (another
 * environment, another shard), so pull neither writes, lists nor prunes them.
 */
export function findUnselectedFiles(root: string, all: { dashboardFiles: string[]; libraryFiles: string[] }, selection: Selection): Map<string, string> {
  const absPathOf = new Map([...all.dashboardFiles, ...all.libraryFiles].map((absPath) => [toSlashes(relative(root, absPath)), absPath]));
  const unselected = new Map<string, string>();
  for (const [file, why] of whyUnselected([...absPathOf.keys()], selection)) unselected.set(absPathOf.get(file)!, why);
  return unselected;
}

/**
 * Pure: the files (root-relative, existing or not) that the selection leaves out, each with why, in
 * words after its path (`is excluded by …`, `is not in …`). The selection is discoverTree's, the one
 * plan and check read (selectTreePaths), so a file pull would write there belongs to no run that
 * reads this selection.
 */
export function whyUnselected(files: readonly string[], selection: Selection): Map<string, string> {
  const unselected = new Map<string, string>();
  if (files.length === 0 || (selection.include.length === 0 && selection.exclude.length === 0)) return unselected;
  const from = selection.from ?? { include: `the "include" of ${DEFAULT_CONFIG_FILE}`, exclude: `the "exclude" of ${DEFAULT_CONFIG_FILE}` };
  const selected = selectTreePaths(files, selection.include, selection.exclude);
  const outside = files.filter((file) => !selected.has(file));
  if (outside.length === 0) return unselected;
  // Which list left a file out: only when both are set does it take a second pass to tell.
  const included = selection.include.length === 0 ? undefined : selection.exclude.length === 0 ? selected : selectTreePaths(outside, selection.include, []);
  for (const file of outside) {
    unselected.set(file, included === undefined || included.has(file) ? `is excluded by ${from.exclude}` : `is not in ${from.include}`);
  }
  return unselected;
}
