import type { PruneScope } from '../config/types.js';
import { LIBRARY_DIR } from '../files/discover-tree.js';
import { parentOf } from '../files/tree-paths.js';

export interface Selection {
  include: string[];
  exclude: string[];
}

/** An environment of one Grafana org: its include/exclude and config `prune`. */
export type OrgEnvironment = [name: string, selection: Selection & { prune: PruneScope }];

/** Whether a selection picks a path (treePathTests over every path asked about and the tree's files). */
type PathTests = (include: string[], exclude: string[]) => (path: string) => boolean;

/** The environments with prune off that claim a path (config order); `dir`: the tree's directory of its folder, if it is in one. */
type PruneOffClaims = (file: string, dir: string | undefined) => string[];

/**
 * Pure: which environments with prune off (of `environments`) claim a path that no file holds now, so that no plan deletes
 * what is there (docs/environments.md "Two environments in one Grafana org"): one claims a file its include/exclude select,
 * and a folder it deploys (one of `treeFiles` it selects is in the folder's directory) where no environment that prunes
 * (`pruning`: the run's own selection among them) deploys a file too. A folder both deploy is the pruning one's too: its
 * plan shows what its prune deletes there, so only what the prune-off environment's files hold or held stays its own.
 */
export function claimPruneOff(environments: readonly OrgEnvironment[], pruning: readonly Selection[], tree: { testsOf: PathTests; treeFiles: readonly string[] }): PruneOffClaims {
  const off = environments.filter(([, selection]) => selection.prune === false).map(([name, selection]) => ({ name, selects: tree.testsOf(selection.include, selection.exclude) }));
  if (off.length === 0) return () => [];
  const dirsOf = (selects: (path: string) => boolean) => new Set(tree.treeFiles.filter(selects).map(folderDirOf));
  let deployed: { off: Set<string>[]; pruned: Set<string> } | undefined;
  // The folders each deploys are worked out on the first question about a folder.
  const deploys = () =>
    (deployed ??= {
      off: off.map((environment) => dirsOf(environment.selects)),
      pruned: new Set(pruning.flatMap((selection) => [...dirsOf(tree.testsOf(selection.include, selection.exclude))])),
    });
  return (file, dir) => {
    const leftAlone = dir !== undefined && !deploys().pruned.has(dir);
    return off.filter((environment, index) => environment.selects(file) || (leftAlone && deploys().off[index]!.has(dir))).map((environment) => environment.name);
  };
}

/** The directory of the folder a tree file is in: a library panel's `_library/` is its folder's. */
function folderDirOf(file: string): string {
  const library = file.lastIndexOf(`/${LIBRARY_DIR}/`);
  if (library !== -1) return file.slice(0, library);
  if (file.startsWith(`${LIBRARY_DIR}/`)) return '';
  return parentOf(file);
}
