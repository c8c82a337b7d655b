import type { Diagnostic } from '../errors.js';
import type { DashboardEntry } from '../files/types.js';
import type { LiveFolder } from '../grafana/port.js';
import { quoteText } from '../report/escape-untrusted.js';

/**
 * Pure: dashboard files whose uid is a live folder's, for a Grafana whose folders and dashboards share one uid space
 * (11 and older keep folders in the dashboard table and refuse such a save: ValidateDashboardBeforeSave,
 * `ErrDashboardTypeMismatch`, 400 "Dashboard cannot be changed to a folder"). 12 and 13 keep folders apart and save a
 * dashboard beside the folder under one uid, so the caller asks only there. Such a file is most likely a folder another
 * tool exported (gdg's `folders/*.json`).
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
          `uid "${dashboard.uid}" is the uid of folder ${quoteText(folder.title)} in Grafana, and this Grafana keeps folders and dashboards in one uid space, so it refuses to save this file as a dashboard: ` +
          'if it describes that folder (an export of another tool), remove it (a folder is a directory, titled by its _folder.json); ' +
          'if it is a dashboard, give it another uid',
      },
    ];
  });
}
