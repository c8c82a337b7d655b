import type { TrashEntriesSeen } from '../grafana/trash-entries-seen.js';

/** Why "Recently deleted" on unified storage may hold entries these credentials are not shown (Grafana PR #106767). */
export const TRASH_SIGHT = 'Grafana shows a "Recently deleted" entry only to whoever deleted the dashboard and to those who may set its permissions';

/**
 * `<which> may wait there unseen: …`: where these credentials are not known to be shown every entry of "Recently deleted"
 * (TrashEntriesSeen), that `which` (others, some) dashboards may wait there without being named.
 */
export function describeUnseenTrashEntries(seen: Exclude<TrashEntriesSeen, 'all'>, which: 'others' | 'some'): string {
  const credentials = seen === 'own' ? 'these credentials are not' : 'these credentials, whose permissions could not be read, may not be';
  return `${which} may wait there unseen: ${TRASH_SIGHT}, and ${credentials} such for every dashboard`;
}
