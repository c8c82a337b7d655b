import type { DashboardOwner, ListedDashboard } from '../grafana/port.js';

/**
 * `--prune folders` never deletes at the General level, but names a dashboard there another tool owns as that tool's.
 * The owners a listing shows (`/apis`) are taken from it; the others' dashboards are to be read for theirs (`/api`). Pure.
 */
export function generalLevelOwnersListed(
  liveDashboards: readonly ListedDashboard[],
  claimed: ReadonlySet<string>,
): { owners: Map<string, DashboardOwner>; toRead: Set<string> } {
  const owners = new Map<string, DashboardOwner>();
  const toRead = new Set<string>();
  for (const hit of liveDashboards) {
    if (hit.folderUid !== null || claimed.has(hit.uid)) continue;
    if (hit.owner === undefined) toRead.add(hit.uid);
    else if (hit.owner !== null) owners.set(hit.uid, hit.owner);
  }
  return { owners, toRead };
}
