import type { PruneScope } from '../config/types.js';
import type { Tree } from '../files/types.js';
import type { ListedDashboard } from '../grafana/port.js';

/**
 * Pure: the dashboard uids some file of the tree holds — the files this run plans, those its
 * include/exclude leave out (`outsideSelection`, read when prune is on), and YAML resources dashsync does not read
 * (`yamlDashboardUids`), and the files below a symlinked directory (`linkedDashboardUids`): prune deletes none of them.
 */
export function claimedDashboardUids(tree: Pick<Tree, 'dashboards' | 'outsideSelection' | 'yamlDashboardUids' | 'linkedDashboardUids'>): Set<string> {
  return new Set([...tree.dashboards.map((entry) => entry.uid), ...(tree.outsideSelection?.dashboardUids ?? []), ...(tree.yamlDashboardUids?.keys() ?? []), ...(tree.linkedDashboardUids?.keys() ?? [])]);
}

/** Pure: the same for library panels (`_library/` files below a symlinked directory included). */
export function claimedLibraryPanelUids(tree: Pick<Tree, 'libraryPanels' | 'outsideSelection' | 'linkedLibraryPanelUids'>): Set<string> {
  return new Set([...tree.libraryPanels.map((entry) => entry.uid), ...(tree.outsideSelection?.libraryPanelUids ?? []), ...(tree.linkedLibraryPanelUids?.keys() ?? [])]);
}

/**
 * Pure: live dashboards without a file (`treeUids`: claimedDashboardUids) that prune would delete. `folders` scope: only inside
 * managed folders (never the shared General level); `all`: the whole org but `externalFolders` (foldersListedExternal: the folders
 * config lists as another tree's, and those below them), which no scope takes.
 */
export function selectPruneCandidates(
  liveDashboards: Iterable<ListedDashboard>,
  treeUids: Set<string>,
  scope: PruneScope,
  managedFolders: Set<string>,
  externalFolders: ReadonlySet<string> = new Set(),
): ListedDashboard[] {
  if (scope === false) return [];
  const candidates: ListedDashboard[] = [];
  for (const hit of liveDashboards) {
    if (treeUids.has(hit.uid)) continue;
    if (scope === 'folders' && (hit.folderUid === null || !managedFolders.has(hit.folderUid))) continue;
    if (hit.folderUid !== null && externalFolders.has(hit.folderUid)) continue;
    candidates.push(hit);
  }
  return candidates.sort((a, b) => a.uid.localeCompare(b.uid));
}
