import { describeFolderDashboardClash, folderBesideKey as besideKey } from '../files/describe-folder-dashboard-clash.js';
import type { DashboardEntry, FolderEntry } from '../files/types.js';

export interface FolderNamedLikeDashboard {
  /** The folder's directory, relative to the root: its `_folder.json` holds the title. */
  dir: string;
  /** The file of the dashboard it is named like. */
  dashboardFile: string;
  message: string;
}

/**
 * Pure, offline: each folder whose `_folder.json` title has the slug of a dashboard file's title
 * directly inside the folder's parent directory. Grafana 11.2 and older refuse that folder ("Folder
 * name cannot be the same as one of its dashboards"; the online plan warns the same way, from
 * Grafana's side, in find-folder-dashboard-clashes.ts). A title derived from the directory's name
 * is left to the plan: there is no `_folder.json` to change. One finding per folder, naming the
 * first such dashboard in tree order.
 */
export function findFoldersNamedLikeDashboards(
  folders: readonly FolderEntry[],
  dashboards: readonly Pick<DashboardEntry, 'file' | 'uid' | 'folderUid' | 'title'>[],
): FolderNamedLikeDashboard[] {
  const beside = new Map<string, Pick<DashboardEntry, 'file' | 'uid' | 'title'>>();
  for (const dashboard of dashboards) {
    const key = besideKey(dashboard.folderUid, dashboard.title);
    if (!beside.has(key)) beside.set(key, dashboard);
  }
  const findings: FolderNamedLikeDashboard[] = [];
  for (const folder of folders) {
    if (folder.source !== 'folder-file') continue;
    const dashboard = beside.get(besideKey(folder.parentUid, folder.title));
    if (dashboard === undefined) continue;
    const message = describeFolderDashboardClash({ folder, dashboard: `${dashboard.uid} (${dashboard.file})`, dashboardTitle: dashboard.title });
    findings.push({ dir: folder.dir, dashboardFile: dashboard.file, message });
  }
  return findings;
}
