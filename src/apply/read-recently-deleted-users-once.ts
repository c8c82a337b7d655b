import type { GrafanaPort, TrashUnread } from '../grafana/port.js';
import { trashEntriesSeen, type TrashEntriesSeen } from '../grafana/trash-entries-seen.js';
import type { LibraryPanelUser } from '../plan/types.js';

/** The dashboards in "Recently deleted" that use each library panel apply deletes, as apply finds them, and how much of that trash these credentials see. */
export interface RecentlyDeletedUsersAtApply {
  users: ReadonlyMap<string, readonly LibraryPanelUser[]>;
  seen: TrashEntriesSeen;
}

/**
 * Where Grafana no longer counts a dashboard in "Recently deleted" as a library panel's user (unified storage, 12.4 and
 * 13: GrafanaPort.recentlyDeletedLibraryPanelUsers), the users of the plan's library panel deletes waiting there, read
 * once, when the first of those deletes runs (after the plan's dashboard deletes, which land there): a dashboard someone
 * deleted after the plan is among them. Null where there is no such trash to read (`/api`, legacy SQL storage: no
 * request); TrashUnread where its list was asked for and could not be read.
 */
export function readRecentlyDeletedUsersOnce(
  grafana: Pick<GrafanaPort, 'recentlyDeletedLibraryPanelUsers' | 'dashboardPermissions' | 'describeServer'>,
  panelUids: ReadonlySet<string>,
): () => Promise<RecentlyDeletedUsersAtApply | TrashUnread | null> {
  let read: Promise<RecentlyDeletedUsersAtApply | TrashUnread | null> | undefined;
  return () => {
    read ??= (async () => {
      if (panelUids.size === 0) return null;
      const users = await grafana.recentlyDeletedLibraryPanelUsers(panelUids);
      if (users === null || 'unread' in users) return users;
      return { users, seen: await trashEntriesSeen(grafana) };
    })();
    return read;
  };
}
