import { actionId, type DashboardAction, type PlanWarning } from './types.js';

/**
 * Pure: on Grafana 11 with "Recently deleted" on (or not known to be off), a soft delete keeps the deleted dashboard's
 * title taken in its folder (src/sandbox/README.md), so a dashboard waiting for the title of one this plan deletes
 * (orderTitleHandovers) would still be refused. One warning per such dashboard, naming its file, the title, the
 * deleted uid and what to do (`trashOn` null: not known whether it is on).
 */
export function describeTitlesHeldInTrash(actions: readonly DashboardAction[], trashOn: boolean | null): PlanWarning[] {
  const deletes = new Map(actions.filter((action) => action.action === 'delete').map((action) => [actionId('dashboard', action.uid), action]));
  return actions.flatMap((action): PlanWarning[] => {
    const holder = action.action === 'delete' ? undefined : action.dependsOn.map((id) => deletes.get(id)).find((found) => found !== undefined);
    if (holder === undefined) return [];
    return [{ kind: 'title-held-in-trash', uid: action.uid, title: action.title, file: action.file!, deletedUid: holder.uid, ...(trashOn === null ? { maybe: true as const } : {}) }];
  });
}
