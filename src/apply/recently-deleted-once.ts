import { keepAnswer } from '../grafana/ask-once.js';
import type { GrafanaPort, TrashEntry } from '../grafana/port.js';

const trashEntriesOf = new WeakMap<object, Promise<ReadonlyMap<string, TrashEntry> | null>>();

/**
 * "Recently deleted" as recentlyDeletedEntries lists it (every page, full objects), read once per port until the run
 * changes it (forgetRecentlyDeleted): a restore's dry run and its hidden-trash check, a named backup's newerTrashEntry and
 * whether its uid is listed, and `restore --all`'s refusals and note of the tree's dashboards there share one listing
 * (rev-67c L5, stop 67 §12).
 */
export function recentlyDeletedOnce(grafana: Pick<GrafanaPort, 'recentlyDeletedEntries'>): Promise<ReadonlyMap<string, TrashEntry> | null> {
  return keepAnswer(trashEntriesOf, grafana, () => grafana.recentlyDeletedEntries());
}

/**
 * After a write of the run that may have landed (a dashboard taken back from "Recently deleted" leaves it; a backup saved
 * under a trashed name takes its entry out of the list): the listing kept is stale, and the next reader lists again.
 */
export function forgetRecentlyDeleted(grafana: object): void {
  trashEntriesOf.delete(grafana);
}
