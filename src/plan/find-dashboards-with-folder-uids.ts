import type { Diagnostic } from '../errors.js';
import type { DashboardEntry } from '../files/types.js';
import type { LiveFolder } from '../grafana/port.js';

/**
 * Pure: dashboard files whose uid is a live folder's. Grafana 11 keeps folders in the dashboard table and refuses such a
 * save (ValidateDashboardBeforeSave: `ErrDashboardTypeMismatch`, 400 "Dashboard cannot be changed to a folder"); 12 and 13
 * keep folders apart and would make a dashboard beside the folder under one uid. Either way the file is most likely a
 * folder exported by another tool (gdg's `folders/*.json`), not a dashboard.
 */
export function findDashboardsWithFolderUids(dashboards: readonly Pick<DashboardEntry, 'file' | 'uid'>[], liveFolders: ReadonlyMap<string, Pick<LiveFolder, 'uid' | 'title'>>): Diagnostic[] {
  return dashboards.flatMap((dashboard) => {
    const folder = liveFolders.get(dashboard.uid);
    if (folder === undefined) return [];
    return [
      {
        file: dashboard.file,
        severity: 'error' as const,
        rule: 'uid-of-folder',
        message:
          `uid "${dashboard.uid}" is the uid of folder "${folder.title}" in Grafana, so this file cannot be saved as a dashboard: ` +
          'if it describes that folder (an export of another tool), remove it (a folder is a directory, titled by its _folder.json); ' +
          'if it is a dashboard, give it another uid',
      },
    ];
  });
}
