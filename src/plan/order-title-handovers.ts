import { sameTitleKey } from '../files/title-slug-key.js';
import { findNameHandovers, type NameHandovers } from './find-name-handovers.js';
import { actionId, type DashboardAction } from './types.js';

/**
 * Pure: for a Grafana that refuses a title twice in a folder (≤ 11.2), a dashboard that takes the title another
 * dashboard of the plan gives up there is saved after that one (a ring is refused earlier: refuseTitleRings).
 */
export function orderTitleHandovers(actions: DashboardAction[]): DashboardAction[] {
  const { waitsFor } = findTitleHandovers(actions);
  return actions.map((action) => {
    const holder = waitsFor.get(action.uid);
    return holder === undefined ? action : { ...action, dependsOn: [...action.dependsOn, actionId('dashboard', holder)] };
  });
}

/** Pure: the dashboard writes that wait for another's title in a folder, and the rings of them (findNameHandovers, titles compared as Grafana ≤ 11.2 surely does). */
export function findTitleHandovers(actions: readonly DashboardAction[]): NameHandovers {
  const writes = actions.filter((action) => action.action !== 'delete' && action.action !== 'noop');
  return findNameHandovers(
    writes.map((action) => ({ uid: action.uid, folderUid: action.folderUid, name: action.title, live: action.live && { folderUid: action.live.folderUid, name: action.live.title } })),
    sameTitleKey,
  );
}
