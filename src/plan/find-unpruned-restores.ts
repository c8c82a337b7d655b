import { treePathTests } from '../files/select-tree-paths.js';
import { pulledDashboardFile, pulledLibraryPanelFile } from '../files/pulled-file.js';
import { claimPruneOff, type OrgEnvironment } from './claim-prune-off.js';

/**
 * A restored dashboard (`title`) or library panel (`name`) no file of the tree holds: where it is now, and the file git last
 * held it in (root-relative) where known.
 */
export type RestoredOrphan = { uid: string; folderUid: string | null; removedFile?: string } & ({ title: string | null } | { name: string });

/**
 * Pure: of restored dashboards and library panels no file holds, those no plan of this Grafana org deletes again, by orphan,
 * each with the environments with prune off it is left to (claimPruneOff): no environment of the org (`org`, this run's
 * among them) whose config prune is on selects its file or deploys its folder, and at least one prunes (with none, a
 * `--prune` on a command line is the prune that covers it). Its file is the one git last held it in, else the one pull would write, as a plan judges
 * it (findLeftToOtherEnvironments). Restore's "a prune that covers it deletes it again" is not true of them.
 */
export function findUnprunedRestores<T extends RestoredOrphan>(
  orphans: readonly T[],
  org: readonly OrgEnvironment[],
  tree: { treeDirs: ReadonlyMap<string, string>; treeFiles: readonly string[] },
): Map<T, string[]> {
  const pruning = org.filter(([, selection]) => selection.prune !== false).map(([, selection]) => selection);
  const unpruned = new Map<T, string[]>();
  if (pruning.length === 0 || pruning.length === org.length || orphans.length === 0) return unpruned;
  const view = { treeDirs: tree.treeDirs, liveFolders: new Map() };
  const files = orphans.map((orphan) => orphan.removedFile ?? ('name' in orphan ? pulledLibraryPanelFile(orphan, view) : pulledDashboardFile(orphan, view)));
  const testsOf = treePathTests([...files, ...tree.treeFiles]);
  const pruned = pruning.map((selection) => testsOf(selection.include, selection.exclude));
  const claims = claimPruneOff({ environments: org, testsOf, treeFiles: tree.treeFiles });
  orphans.forEach((orphan, index) => {
    const file = files[index]!;
    if (pruned.some((selects) => selects(file))) return;
    const claim = claims(file, orphan.folderUid === null ? undefined : tree.treeDirs.get(orphan.folderUid));
    if (claim !== null && claim !== 'mine' && claim.pruneOff === true) unpruned.set(orphan, claim.environments);
  });
  return unpruned;
}
