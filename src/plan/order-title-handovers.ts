import { sameTitleKey } from '../files/title-slug-key.js';
import { findNameHandovers, type NameHandovers } from './find-name-handovers.js';
import { actionId, type DashboardAction } from './types.js';

/**
 * Pure: for a Grafana that refuses a title twice in a folder (≤ 11.2), a dashboard that takes the title another
 * dashboard of the plan gives up there is saved after that one, or after its delete (a ring is refused earlier:
 * refuseTitleRings). `actions`: the plan's dashboards, deletes included.
 */
export function orderTitleHandovers(actions: DashboardAction[]): DashboardAction[] {
  const { waitsFor } = findTitleHandovers(actions);
  return actions.map((action) => {
    const holder = waitsFor.get(action.uid);
    return holder === undefined ? action : { ...action, dependsOn: [...action.dependsOn, actionId('dashboard', holder)] };
  });
}

/** Pure: the dashboard writes that wait for another's title in a folder (given up by a write or a delete), and the rings of them (findNameHandovers, titles compared as Grafana ≤ 11.2 surely does). */
export function findTitleHandovers(actions: readonly DashboardAction[]): NameHandovers {
  const active = actions.filter((action) => action.action !== 'noop');
  return findNameHandovers(
    active.map((action) => ({
      uid: action.uid,
      folderUid: action.folderUid,
      name: action.title,
      live: action.live && { folderUid: action.live.folderUid, name: action.live.title },
      ...(action.action === 'delete' ? { deleted: true as const } : {}),
    })),
    sameTitleKey,
  );
}
