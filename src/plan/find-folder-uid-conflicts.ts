import type { LiveFolder } from '../grafana/port.js';
import type { DashboardAction, PlanWarning } from './types.js';

/**
 * Pure: dashboards to create whose uid a live folder already has. Grafana 11 and older keep
 * folders and dashboards in one table, so that create fails (the tree's own folders are
 * checked offline; this catches folders made in Grafana).
 */
export function findFolderUidConflicts(actions: DashboardAction[], liveFolders: Map<string, LiveFolder>): PlanWarning[] {
  return actions.flatMap((action): PlanWarning[] => {
    const folder = action.action === 'create' ? liveFolders.get(action.uid) : undefined;
    if (!folder) return [];
    return [
      {
        kind: 'other',
        uid: action.uid,
        message:
          `uid clash: ${action.uid} "${action.title}" (${action.file ?? 'no file'}) has the uid of the folder "${folder.title}" in Grafana; ` +
          'Grafana 11 and older refuse the create (folders and dashboards share one uid space there): give the dashboard another uid',
      },
    ];
  });
}
