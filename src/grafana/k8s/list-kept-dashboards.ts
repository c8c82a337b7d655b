import type { DashboardListing, DashboardSummary, ListedSave, LiveDashboard } from '../port.js';
import type { K8sContext } from './k8s-context.js';
import type { K8sObject } from './k8s-object.js';
import { listedSaveOf } from './listed-save.js';
import { listPages, readDashboardsFromPages, readStoredVersions, summaryOf, takeListed } from './read-dashboards.js';

/**
 * The most bytes of list pages (as they arrived) whose objects one listing keeps for its reads: ~1,000 dashboards of the
 * bench's tree (~20 KB each). A larger org is read again when its dashboards are asked for, as before, rather than held
 * whole for the run.
 */
const KEPT_LISTING_BYTES = 24 * 1024 * 1024;

/**
 * GrafanaPort.listDashboardsToRead on `/apis`: the org's full list pages, read once, give the summaries and newest saves, and their objects
 * are kept (while the pages' bytes stay within `budget`) for the listing's readDashboards, which takes each asked-for
 * dashboard out of them: a classic one as listed, one listed converted from the other schema family read again at its
 * stored version (readStoredVersions), a uid the listing did not hold as none. Past the budget nothing is kept, and its
 * readDashboards lists again (readDashboardsFromPages).
 */
export async function listKeptDashboards(context: K8sContext, signal?: AbortSignal, budget = KEPT_LISTING_BYTES): Promise<DashboardListing> {
  const summaries: DashboardSummary[] = [];
  const savedHeads = new Map<string, ListedSave>();
  let kept: Map<string, K8sObject> | null = new Map();
  let bytes = 0;
  for await (const page of listPages(context, signal)) {
    for (const object of page.items) {
      summaries.push(summaryOf(object));
      savedHeads.set(object.name, listedSaveOf(object));
    }
    bytes += page.bytes ?? Infinity;
    if (bytes > budget) kept = null;
    else if (kept !== null) for (const object of page.items) kept.set(object.name, object);
  }
  return {
    summaries,
    savedHeads,
    readDashboards: (uids, options) => (kept === null ? readDashboardsFromPages(context, uids, options) : takeKept(context, kept, uids, options)),
  };
}

/** The dashboards `uids` names out of `kept`, each let go of as it is given. */
async function* takeKept(context: K8sContext, kept: Map<string, K8sObject>, uids: readonly string[], options: Parameters<DashboardListing['readDashboards']>[1]): AsyncGenerator<{ uid: string; live: LiveDashboard | null }> {
  const titles = await context.folderTitles();
  const taker = { wanted: new Set(uids), rereads: new Map<string, string>(), titles };
  for (const uid of uids) {
    if (options.signal?.aborted) return;
    const object = kept.get(uid);
    if (object === undefined) continue;
    kept.delete(uid);
    yield* takeListed([object], taker);
  }
  yield* readStoredVersions(context, taker.rereads, titles, options);
  for (const uid of taker.wanted) yield { uid, live: null };
}
