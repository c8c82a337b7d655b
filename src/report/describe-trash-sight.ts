import type { TrashEntriesSeen } from '../grafana/trash-entries-seen.js';

/** Why "Recently deleted" on unified storage may hold entries these credentials are not shown (Grafana PR #106767). */
const TRASH_SIGHT = 'Grafana shows a "Recently deleted" entry only to whoever deleted the dashboard and to those who may set its permissions';

/**
 * `<which> may wait there unseen: …`: where these credentials are not known to be shown every entry of "Recently deleted"
 * (TrashEntriesSeen), that `which` (others, some) dashboards may wait there without being named.
 */
export function describeUnseenTrashEntries(seen: Exclude<TrashEntriesSeen, 'all'>, which: 'others' | 'some'): string {
  const credentials = seen === 'own' ? 'these credentials are not' : 'these credentials, whose permissions could not be read, may not be';
  return `${which} may wait there unseen: ${TRASH_SIGHT}, and ${credentials} such for every dashboard`;
}

/** `Grafana's "Recently deleted" has no entry for it[ that these credentials can see]` (`hidden`: TrashEntriesSeen short of `all`). */
export function describeNoTrashEntry(hidden: Exclude<TrashEntriesSeen, 'all'> | undefined): string {
  return `Grafana's "Recently deleted" has no entry for it${hidden === undefined ? '' : ' that these credentials can see'}`;
}

/**
 * Why "no entry" may not be "not there": Grafana lists an entry of unified storage's "Recently deleted" only to whoever
 * deleted the dashboard and to those who may set its permissions (PR #106767), and these credentials are not known to be
 * such for every dashboard (TrashEntriesSeen). Nothing when they are.
 */
export function describeTrashSight(hidden: Exclude<TrashEntriesSeen, 'all'> | undefined): string {
  if (hidden === undefined) return '';
  const why = `${TRASH_SIGHT}: an org Admin's token sees entries others deleted`;
  return hidden === 'own' ? `; ${why}` : `; these credentials' permissions could not be read, and ${why}`;
}
