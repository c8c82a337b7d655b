import { discoverTree } from '../files/discover-tree.js';

export interface Selection {
  include: string[];
  exclude: string[];
  /** Where each list came from, as messages name it (Settings.selectionFrom). */
  from?: { include: string; exclude: string };
}

/**
 * The tree's dashboard and library panel files that the config's `include`/`exclude` leave out
 * (absolute path → why, in words after the file's path): they belong to another run (another
 * environment, another shard), so pull neither writes, lists nor prunes them. The selection is
 * discoverTree's, the one plan and check read.
 */
export async function findUnselectedFiles(root: string, all: { dashboardFiles: string[]; libraryFiles: string[] }, selection: Selection): Promise<Map<string, string>> {
  const unselected = new Map<string, string>();
  if (selection.include.length === 0 && selection.exclude.length === 0) return unselected;
  const from = selection.from ?? { include: 'the "include" of the config', exclude: 'the "exclude" of the config' };
  const selectedBy = async (include: string[], exclude: string[]) => {
    const found = await discoverTree({ root, include, exclude, emptySelectionIsError: false });
    return new Set([...found.dashboardFiles, ...found.libraryFiles]);
  };
  const selected = await selectedBy(selection.include, selection.exclude);
  const outside = [...all.dashboardFiles, ...all.libraryFiles].filter((path) => !selected.has(path));
  if (outside.length === 0) return unselected;
  // Which list left a file out: only when both are set does it take a second walk to tell.
  const included = selection.include.length === 0 ? undefined : selection.exclude.length === 0 ? selected : await selectedBy(selection.include, []);
  for (const path of outside) {
    unselected.set(path, included === undefined || included.has(path) ? `is excluded by ${from.exclude}` : `is not in ${from.include}`);
  }
  return unselected;
}
