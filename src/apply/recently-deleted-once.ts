import { keepAnswer } from '../grafana/ask-once.js';
import type { GrafanaPort, TrashEntry, TrashUnread } from '../grafana/port.js';

type TrashListing = ReadonlyMap<string, TrashEntry> | TrashUnread | null;

const trashEntriesOf = new WeakMap<object, Promise<TrashListing>>();

/**
 * "Recently deleted" as recentlyDeletedEntries lists it (every page, full objects), read once per port, kept as the run's
 * known writes change it (recentlyDeletedLeft) until one whose outcome is not known (forgetRecentlyDeleted): a restore's dry run and its hidden-trash check, a named backup's newerTrashEntry and
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
 * After a write of the run whose outcome is known to have taken `uid`'s entry out of "Recently deleted" (a take-back Grafana
 * answered; a backup saved under a trashed name, which Grafana then lists no more): the kept listing without it, as it
 * is now, so that the next reader need not list it again (rev-68c L4).
 */
export function recentlyDeletedLeft(grafana: object, uid: string): void {
  const kept = trashEntriesOf.get(grafana);
  if (kept === undefined) return;
  const now = kept.then((listing) => {
    const entries = trashEntriesListed(listing);
    if (entries === null || !entries.has(uid)) return listing;
    return new Map([...entries].filter(([name]) => name !== uid));
  });
  trashEntriesOf.set(grafana, now);
  // A listing that had failed is not kept (keepAnswer's rule): the next reader lists again.
  now.catch(() => {
    if (trashEntriesOf.get(grafana) === now) trashEntriesOf.delete(grafana);
  });
}

/**
 * After a write of the run that may or may not have landed (no answer, a 5xx after it was sent, Ctrl-C), or whose effect
 * on "Recently deleted" is not known: the listing kept may be stale, and the next reader lists again.
 */
export function forgetRecentlyDeleted(grafana: object): void {
  trashEntriesOf.delete(grafana);
}
