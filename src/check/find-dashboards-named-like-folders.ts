import { describeDashboardFolderClash } from '../files/describe-folder-dashboard-clash.js';
import { titleSlugKey } from '../files/title-slug-key.js';
import type { DashboardEntry, FolderEntry } from '../files/types.js';
import { groupBy } from '../group-by.js';

export interface DashboardNamedLikeFolder {
  /** The dashboard's file, relative to the root as the tree names it. */
  file: string;
  /** The folder's directory, relative to the root. */
  folderDir: string;
  message: string;
}

/**
 * Pure, offline: each dashboard whose title has the slug of a folder's title anywhere in the tree
 * (from its `_folder.json` or its directory's name). Grafana 11.2 and older set a dashboard's save
 * against every folder of the org ("Dashboard name cannot be the same as folder"); apply saves the
 * folders first, so each of them is there by then. The online plan warns the same way, with the
 * folders Grafana holds too (find-folder-dashboard-clashes.ts). One finding per dashboard, naming
 * the first such folder in tree order that reaches one Grafana with it (`together`: the environments
 * that deploy both, DeployedTogether; without it, all do).
 */
export function findDashboardsNamedLikeFolders<D extends Pick<DashboardEntry, 'file' | 'uid' | 'title'>>(
  folders: readonly FolderEntry[],
  dashboards: readonly D[],
  together: (dashboard: D, folder: FolderEntry) => string[] | undefined = () => [],
): DashboardNamedLikeFolder[] {
  const foldersBySlug = groupBy(folders, (folder) => titleSlugKey(folder.title));
  const findings: DashboardNamedLikeFolder[] = [];
  for (const dashboard of dashboards) {
    const found = (foldersBySlug.get(titleSlugKey(dashboard.title)) ?? [])
      .map((folder) => ({ folder, environments: together(dashboard, folder) }))
      .find((candidate) => candidate.environments !== undefined);
    if (found === undefined) continue;
    const { folder, environments } = found;
    const message = describeDashboardFolderClash({ dashboard: `${dashboard.uid} (${dashboard.file})`, dashboardTitle: dashboard.title, folder, environments });
    findings.push({ file: dashboard.file, folderDir: folder.dir, message });
  }
  return findings;
}
