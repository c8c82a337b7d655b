import { keepAnswer } from '../grafana/ask-once.js';
import type { GrafanaPort, TrashEntry, TrashUnread } from '../grafana/port.js';

type TrashListing = ReadonlyMap<string, TrashEntry> | TrashUnread | null;

const trashEntriesOf = new WeakMap<object, Promise<TrashListing>>();

/**
 * "Recently deleted" as recentlyDeletedEntries lists it (every page, full objects), read once per port until the run
 * changes it (forgetRecentlyDeleted): a restore's dry run and its hidden-trash check, a named backup's newerTrashEntry and
 * whether its uid is listed, and `restore --all`'s refusals and note of the tree's dashboards there share one listing
 * (rev-67c L5, stop 67 §12). A list that could not be read is kept as such (TrashUnread): the run's readers refuse on it.
 */
export function recentlyDeletedOnce(grafana: Pick<GrafanaPort, 'recentlyDeletedEntries'>): Promise<TrashListing> {
  return keepAnswer(trashEntriesOf, grafana, () => grafana.recentlyDeletedEntries());
}

/** Whether recentlyDeletedEntries asked for the list and could not read it (not: there is no trash to list). */
export function isTrashUnread(listing: TrashListing): listing is TrashUnread {
  return listing !== null && 'unread' in listing;
}

/** The entries listed; null where there is no trash to list or the list could not be read (isTrashUnread tells which). */
export function trashEntriesListed(listing: TrashListing): ReadonlyMap<string, TrashEntry> | null {
  return listing === null || isTrashUnread(listing) ? null : listing;
}

/**
 * After a write of the run that may have landed (a dashboard taken back from "Recently deleted" leaves it; a backup saved
 * under a trashed name takes its entry out of the list): the listing kept is stale, and the next reader lists again.
 */
export function forgetRecentlyDeleted(grafana: object): void {
  trashEntriesOf.delete(grafana);
}
