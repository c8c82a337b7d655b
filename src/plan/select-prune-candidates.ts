import type { PruneScope } from '../config/types.js';
import type { DashboardSummary } from '../grafana/port.js';

/**
 * Pure: live dashboards without a file that prune would delete. `folders` scope: only inside
 * managed folders (never the shared General level); `all`: the whole org.
 */
export function selectPruneCandidates(
  liveDashboards: Iterable<DashboardSummary>,
  treeUids: Set<string>,
  scope: PruneScope,
  managedFolders: Set<string>,
): DashboardSummary[] {
  if (scope === false) return [];
  const candidates: DashboardSummary[] = [];
  for (const hit of liveDashboards) {
    if (treeUids.has(hit.uid)) continue;
    if (scope === 'folders' && (hit.folderUid === null || !managedFolders.has(hit.folderUid))) continue;
    candidates.push(hit);
  }
  return candidates.sort((a, b) => a.uid.localeCompare(b.uid));
}
