import type { K8sObject } from './k8s-object.js';

/**
 * "Recently deleted" as a port last listed it whole (its objects at the classic read version, by name, each name's entries
 * in the list's order), kept for a run that
 * takes dashboards back from it (GrafanaPort.keepRecentlyDeleted: restore), so that the run's readers and each take-back
 * share one listing (every page, full objects) instead of each listing it again (rev-68c L4). The port's own writes keep
 * it true: one whose outcome is known takes exactly its name out (`left`); one that may or may not have landed, or one that
 * adds an entry (a delete), drops it (`forget`), and the next reader lists again. Someone else's change during the run is
 * not seen (as a plan's listing does not see it): a take-back of an entry gone meanwhile is answered "taken" or "not found".
 */
export interface KeptTrash {
  /** The kept listing, or `list`'s (kept once it arrived whole; a failed one is not kept). */
  objects(list: () => Promise<Map<string, K8sObject[]>>): Promise<ReadonlyMap<string, K8sObject[]>>;
  /** A write whose outcome is known took `name` out of the list: a take-back answered, a dashboard saved under the name. */
  left(name: string): void;
  /** A write that may or may not have landed, or that adds an entry: the next reader lists again. */
  forget(): void;
}

export function keepTrash(): KeptTrash {
  let kept: Promise<Map<string, K8sObject[]>> | null = null;
  // A listing that fails is not kept: the next reader lists again and sees its own error.
  const hold = (listing: Promise<Map<string, K8sObject[]>>) => {
    kept = listing;
    listing.catch(() => {
      if (kept === listing) kept = null;
    });
    return listing;
  };
  return {
    objects: (list) => kept ?? hold(list()),
    left(name) {
      // Taken out of the listing as it will be once read, so that a reader waiting on it sees the same.
      if (kept !== null) {
        hold(
          kept.then((objects) => {
            objects.delete(name);
            return objects;
          }),
        );
      }
    },
    forget() {
      kept = null;
    },
  };
}
