import { describeDashboardFolderClash, describeFolderDashboardClash, folderBesideKey as besideKey } from '../files/describe-folder-dashboard-clash.js';
import { titleSlugKey } from '../files/title-slug-key.js';
import type { ListedDashboard, LiveFolder } from '../grafana/port.js';
import type { DashboardAction, FolderAction, PlanWarning } from './types.js';
import { groupBy } from '../group-by.js';

/**
 * Pure: folders and dashboards whose titles Grafana 11.2 and older refuse side by side. There a
 * folder is a row of the dashboard table (`is_folder`), and the store's title check
 * (getExistingDashboardByTitleAndFolder: same slug, `is_folder = true OR` the target folder) sets
 * a dashboard against every folder of the org — 400 "Dashboard name cannot be the same as folder",
 * on updates too — and a folder against the dashboards in its parent — 400 "Folder name cannot be
 * the same as one of its dashboards" (src/sandbox/README.md). Apply saves folders first: a folder
 * meets the dashboards where they are now, a dashboard every folder as the plan leaves it (deletes
 * run last). The caller asks only where titles are unique.
 */
export function findFolderDashboardClashes(
  folders: FolderAction[],
  dashboards: DashboardAction[],
  liveFolders: Map<string, LiveFolder>,
  liveDashboards: Iterable<ListedDashboard>,
): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const warned = new Set<string>();

  // Where titles are unique per folder every listed title is read (titlesToRead, read by createPlan): none is a dashboard gone before its read.
  const titled = [...liveDashboards].filter((dashboard) => dashboard.title !== null);
  const dashboardsBeside = groupBy(titled, ({ folderUid, title }) => besideKey(folderUid, title!), ({ uid, title }) => ({ uid, title: title! }));
  for (const folder of folders) {
    if (folder.action !== 'create' && folder.action !== 'update') continue;
    const dashboard = dashboardsBeside.get(besideKey(folder.parentUid, folder.title))?.[0];
    if (dashboard === undefined) continue;
    warned.add(`${folder.uid}\u0000${dashboard.uid}`);
    warnings.push({ kind: 'other', uid: folder.uid, message: describeFolderDashboardClash({ folder, dashboard: dashboard.uid, dashboardTitle: dashboard.title }) });
  }

  const foldersAfter = new Map<string, { uid: string; title: string; dir: string | null }>();
  for (const live of liveFolders.values()) foldersAfter.set(live.uid, { uid: live.uid, title: live.title, dir: null });
  for (const folder of folders) foldersAfter.set(folder.uid, { uid: folder.uid, title: folder.title, dir: folder.dir });
  const foldersBySlug = new Map<string, { uid: string; title: string; dir: string | null }>();
  for (const folder of foldersAfter.values()) if (!foldersBySlug.has(titleSlugKey(folder.title))) foldersBySlug.set(titleSlugKey(folder.title), folder);
  for (const dashboard of dashboards) {
    if (dashboard.action === 'delete' || dashboard.action === 'noop') continue;
    const folder = foldersBySlug.get(titleSlugKey(dashboard.title));
    if (folder === undefined || warned.has(`${folder.uid}\u0000${dashboard.uid}`)) continue;
    warnings.push({ kind: 'other', uid: dashboard.uid, message: describeDashboardFolderClash({ dashboard: dashboard.uid, dashboardTitle: dashboard.title, folder }) });
  }
  return warnings;
}
