import type { TrashEntry, TrashUnread } from './port.js';

/** GrafanaPort.recentlyDeletedEntries' answer: the entries listed, a list that could not be read, or no such trash (null). */
type TrashListing = ReadonlyMap<string, TrashEntry> | TrashUnread | null;

/** Whether recentlyDeletedEntries asked for the list and could not read it (not: there is no trash to list). */
export function isTrashUnread(listing: TrashListing): listing is TrashUnread {
  return listing !== null && 'unread' in listing;
}

/** The entries listed; null where there is no trash to list or the list could not be read (isTrashUnread tells which). */
export function trashEntriesListed(listing: TrashListing): ReadonlyMap<string, TrashEntry> | null {
  return listing === null || isTrashUnread(listing) ? null : listing;
}
