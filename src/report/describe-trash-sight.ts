import type { TrashEntriesSeen } from '../grafana/trash-entries-seen.js';

/** Why "Recently deleted" on unified storage may hold entries these credentials are not shown (Grafana PR #106767). */
const TRASH_SIGHT = 'Grafana shows a "Recently deleted" entry only to whoever deleted the dashboard and to those who may set its permissions';

/**
 * Grafana 12.0.x's rule (TrashEntriesSeen `readable`, review-69a M2): an entry is checked as a live dashboard, against the
 * permissions now, and a folder's permissions (a General-level dashboard's) are deleted with it.
 */
const TRASH_SIGHT_12_0 =
  'Grafana 12.0 shows a "Recently deleted" entry only to those who may read it now, and deletes the permissions of a folder (and of a General-level dashboard) with it';

/**
 * Where Grafana answers the org's dashboards from legacy SQL storage (a stock 12): its delete keeps no "Recently deleted" entry
 * for anyone, so no other token would find one (walk-69 L2); the run's words and its dry run's alike.
 */
export const LEGACY_STORAGE_KEEPS_NO_TRASH =
  'Grafana keeps its dashboards in legacy SQL storage, whose delete keeps no "Recently deleted" entry: a prune\'s backup is the only copy ' +
  "(one applied in CI is in the apply job's artifact: --backup-dir DIR)";

/**
 * `<which> may wait there unseen: …`: where these credentials are not known to be shown every entry of "Recently deleted"
 * (TrashEntriesSeen), that `which` (others, some) dashboards may wait there without being named.
 */
export function describeUnseenTrashEntries(seen: Exclude<TrashEntriesSeen, 'all'>, which: 'others' | 'some'): string {
  if (seen === 'readable') return `${which} may wait there unseen: ${TRASH_SIGHT_12_0}, and these credentials do not read every dashboard`;
  const credentials = seen === 'own' ? 'these credentials are not' : 'these credentials, whose permissions could not be read, may not be';
  return `${which} may wait there unseen: ${TRASH_SIGHT}, and ${credentials} such for every dashboard`;
}

/** `Grafana's "Recently deleted" has no entry for it[ that these credentials can see]` (`hidden`: TrashEntriesSeen short of `all`). */
export function describeNoTrashEntry(hidden: Exclude<TrashEntriesSeen, 'all'> | undefined): string {
  return `Grafana's "Recently deleted" has no entry for it${hidden === undefined ? '' : ' that these credentials can see'}`;
}

/**
 * Why "no entry" may not be "not there": Grafana lists an entry of unified storage's "Recently deleted" only to whoever
 * deleted the dashboard and to those who may set its permissions (PR #106767; 12.0.x: to those who may read it now), and
 * these credentials are not known to be such for every dashboard (TrashEntriesSeen). Nothing when they are.
 */
export function describeTrashSight(hidden: Exclude<TrashEntriesSeen, 'all'> | undefined): string {
  if (hidden === undefined) return '';
  if (hidden === 'readable') return `; ${TRASH_SIGHT_12_0}: an org Admin's token sees every entry`;
  const why = `${TRASH_SIGHT}: an org Admin's token sees entries others deleted`;
  return hidden === 'own' ? `; ${why}` : `; these credentials' permissions could not be read, and ${why}`;
}
