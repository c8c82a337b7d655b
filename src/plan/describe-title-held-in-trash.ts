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
    return [{
      kind: 'other',
      uid: action.uid,
      message:
        `${action.file} takes the title "${action.title}" from ${holder.uid}, which this plan deletes, but this Grafana ${trashOn === null ? 'may keep' : 'keeps'} a deleted dashboard in "Recently deleted" ` +
        `with its title still taken in the folder, so the save ${trashOn === null ? 'may' : 'will'} be refused: apply with --delete-mode hard as an org Admin (the purge frees the title), or give the file another title`,
    }];
  });
}
