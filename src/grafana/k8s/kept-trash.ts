import { isUninterruptedFailure } from '../../errors.js';
import type { TrashEntry } from '../port.js';
import type { K8sObject } from './k8s-object.js';

/**
 * "Recently deleted" as a port last listed it whole (its objects at the classic read version, by name, each name's entries
 * in the list's order), kept for a run that takes dashboards back from it (GrafanaPort.keepRecentlyDeleted: restore): the
 * run's one copy of it, which its readers (the dry run's previews, the refusals, the notes: `entries`) and each take-back
 * (`objects`) share instead of each listing it again (rev-68c L4, stop 67 §12).
 *
 * One set of rules keeps it true. A write of the port's whose outcome is known takes exactly its name out (`left`: a
 * take-back answered, a dashboard saved under the name); one that may or may not have landed, or one that adds an entry (a
 * delete), drops it (`forget`), and the next reader lists again. A listing Grafana answered with an error (after the
 * retries) is kept as that failure: every reader of the run says it, as its dry run does, instead of listing again for each
 * uid; one cut off by Ctrl-C is not kept. Someone else's change during the run is not seen (as a plan's listing does not
 * see it): a take-back of an entry gone meanwhile is answered "taken" or "not found".
 */
export interface KeptTrash {
  /** The kept listing, or `list`'s (kept once it arrived whole, or failed with Grafana's answer). */
  objects(list: () => Promise<Map<string, K8sObject[]>>): Promise<ReadonlyMap<string, readonly K8sObject[]>>;
  /** Each name's entry (`entryOf` its last object, as the pages give them), made once per kept listing. */
  entries(list: () => Promise<Map<string, K8sObject[]>>, entryOf: (object: K8sObject) => TrashEntry): Promise<ReadonlyMap<string, TrashEntry>>;
  /** A write whose outcome is known took `name` out of the list: a take-back answered, a dashboard saved under the name. */
  left(name: string): void;
  /** A write that may or may not have landed, or that adds an entry: the next reader lists again. */
  forget(): void;
}

export function keepTrash(): KeptTrash {
  let kept: Promise<Map<string, K8sObject[]>> | null = null;
  let entries: Promise<ReadonlyMap<string, TrashEntry>> | null = null;
  const hold = (listing: Promise<Map<string, K8sObject[]>>) => {
    kept = listing;
    entries = null;
    listing.catch((error: unknown) => {
      // Cut off, a listing says nothing of the list: the next reader lists again.
      if (kept === listing && !isUninterruptedFailure(error)) {
        kept = null;
        entries = null;
      }
    });
    return listing;
  };
  const objects = (list: () => Promise<Map<string, K8sObject[]>>) => kept ?? hold(list());
  return {
    objects,
    entries(list, entryOf) {
      entries ??= quiet(objects(list).then((listed) => new Map([...listed].map(([name, copies]) => [name, entryOf(copies.at(-1)!)]))));
      return entries;
    },
    left(name) {
      if (kept === null) return;
      const derived = entries;
      // Taken out of the listing as it will be once read, so that a reader waiting on it sees the same.
      hold(
        kept.then((listed) => {
          listed.delete(name);
          return listed;
        }),
      );
      // A reader may still hold the entries it was given: a new map, not that one changed under it.
      entries = derived && quiet(derived.then((listed) => (listed.has(name) ? new Map([...listed].filter(([other]) => other !== name)) : listed)));
    },
    forget() {
      kept = null;
      entries = null;
    },
  };
}

/** `promise`, whose failure no one may be waiting for when it comes (its readers see it when they ask). */
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}
