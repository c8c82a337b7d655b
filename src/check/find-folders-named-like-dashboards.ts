import { describeFolderDashboardClash, folderBesideKey as besideKey } from '../files/describe-folder-dashboard-clash.js';
import { describeDeployedWith } from '../files/deployed-together.js';
import type { DashboardEntry, FolderEntry } from '../files/types.js';
import { groupBy } from '../group-by.js';

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
 * first such dashboard in tree order that reaches one Grafana with it (`together`: the environments
 * that deploy both, DeployedTogether; without it, all do).
 */
export function findFoldersNamedLikeDashboards<D extends Pick<DashboardEntry, 'file' | 'uid' | 'folderUid' | 'title'>>(
  folders: readonly FolderEntry[],
  dashboards: readonly D[],
  together: (folder: FolderEntry, dashboard: D) => string[] | undefined = () => [],
): FolderNamedLikeDashboard[] {
  const beside = groupBy(dashboards, (dashboard) => besideKey(dashboard.folderUid, dashboard.title));
  const findings: FolderNamedLikeDashboard[] = [];
  for (const folder of folders) {
    if (folder.source !== 'folder-file') continue;
    const found = (beside.get(besideKey(folder.parentUid, folder.title)) ?? [])
      .map((dashboard) => ({ dashboard, environments: together(folder, dashboard) }))
      .find((candidate) => candidate.environments !== undefined);
    if (found === undefined) continue;
    const { dashboard, environments } = found;
    const named = describeDeployedWith(`${dashboard.uid} (${dashboard.file})`, environments!);
    const message = describeFolderDashboardClash({ folder, dashboard: named, dashboardTitle: dashboard.title });
    findings.push({ dir: folder.dir, dashboardFile: dashboard.file, message });
  }
  return findings;
}
