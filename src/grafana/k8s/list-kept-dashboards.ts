import type { DashboardListing, DashboardSummary, ListedSave, LiveDashboard } from '../port.js';
import type { K8sContext } from './k8s-context.js';
import type { K8sObject } from './k8s-object.js';
import { listedSaveOf } from './listed-save.js';
import { listPages, readDashboardsFromPages, readStoredVersions, summaryOf, takeListed, type ListedTaker } from './read-dashboards.js';

/**
 * The most bytes of list pages (as they arrived) whose objects one listing keeps for its reads: ~1,000 dashboards of the
 * bench's tree (~20 KB each). The dashboards of a larger org's later pages are listed again when they are asked for, from
 * the first page not kept on, rather than held whole for the run.
 */
const KEPT_LISTING_BYTES = 24 * 1024 * 1024;

type ReadOptions = Parameters<DashboardListing['readDashboards']>[1];

/** The pages of a listing past its budget: the continue token the first of them was asked with, and the uids they listed. */
interface PagesNotKept {
  from: string;
  uids: Set<string>;
}

/**
 * GrafanaPort.listDashboardsToRead on `/apis`: the org's full list pages, read once, give the summaries and newest saves, and
 * the objects of its first pages (while their bytes stay within `budget`) are kept for the listing's readDashboards, which
 * takes each asked-for dashboard out of them: a classic one as listed, one listed converted from the other schema family
 * read again at its stored version (readStoredVersions), a uid the listing did not hold as none. The dashboards of the pages
 * past the budget are listed again from the first of those pages (its continue token), not from the first page.
 */
export async function listKeptDashboards(context: K8sContext, signal?: AbortSignal, budget = KEPT_LISTING_BYTES): Promise<DashboardListing> {
  const summaries: DashboardSummary[] = [];
  const savedHeads = new Map<string, ListedSave>();
  const kept = new Map<string, K8sObject>();
  let notKept: PagesNotKept | null = null;
  let bytes = 0;
  /** The continue token the page at hand was asked with ('' for the first). */
  let asked = '';
  for await (const page of listPages(context, signal)) {
    for (const object of page.items) {
      summaries.push(summaryOf(object));
      savedHeads.set(object.name, listedSaveOf(object));
    }
    bytes += page.bytes ?? Infinity;
    if (notKept === null && bytes > budget) notKept = { from: asked, uids: new Set() };
    if (notKept === null) for (const object of page.items) kept.set(object.name, object);
    else for (const object of page.items) notKept.uids.add(object.name);
    asked = page.next;
  }
  return { summaries, savedHeads, readDashboards: (uids, options) => takeKept(context, kept, notKept, uids, options) };
}

/**
 * The dashboards `uids` names: out of `kept` (each let go of as it is given), then those of the pages not kept, listed again
 * from the first of them (readNotKept).
 */
async function* takeKept(
  context: K8sContext,
  kept: Map<string, K8sObject>,
  notKept: PagesNotKept | null,
  uids: readonly string[],
  options: ReadOptions,
): AsyncGenerator<{ uid: string; live: LiveDashboard | null }> {
  const titles = await context.folderTitles();
  const taker: ListedTaker = { wanted: new Set(uids), rereads: new Map<string, string>(), titles };
  const later = new Set<string>();
  for (const uid of uids) {
    if (options.signal?.aborted) return;
    const object = kept.get(uid);
    if (object === undefined) {
      if (notKept?.uids.has(uid) === true) later.add(uid);
      continue;
    }
    kept.delete(uid);
    yield* takeListed([object], taker);
  }
  if (notKept !== null && later.size > 0) yield* readNotKept(context, notKept.from, later, taker, options);
  if (options.signal?.aborted) return;
  yield* readStoredVersions(context, taker.rereads, titles, options);
  for (const uid of taker.wanted) yield { uid, live: null };
}

/**
 * The dashboards `later` names, from the listing's pages again, from the one its continue token `from` names on, until
 * every one is found. On legacy SQL storage that token names the last internal id given (later pages show the dashboards
 * as they are now); on unified storage the listing's resourceVersion and an offset (later pages show them as they were
 * then). There a history row pruned since (a dashboard listed before that offset saved more than `versions_to_keep` times
 * since) moves the rows under the offset, and a dashboard the listing had may not come again: those few are read as
 * without the listing (readDashboardsFromPages: one GET each, a full listing from RELIST_FROM on).
 */
async function* readNotKept(
  context: K8sContext,
  from: string,
  later: Set<string>,
  taker: ListedTaker,
  options: ReadOptions,
): AsyncGenerator<{ uid: string; live: LiveDashboard | null }> {
  for await (const page of listPages(context, options.signal, context.versions.v1Read, false, from)) {
    for (const object of page.items) later.delete(object.name);
    yield* takeListed(page.items, taker);
    if (later.size === 0) return;
  }
  if (options.signal?.aborted) return;
  for (const uid of later) taker.wanted.delete(uid);
  yield* readDashboardsFromPages(context, [...later], options);
}
