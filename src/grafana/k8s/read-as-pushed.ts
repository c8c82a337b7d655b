import { readEach } from '../legacy/read-each.js';
import type { DashboardRead, ExpectedSource, LiveDashboard, ReadDashboardsOptions } from '../port.js';
import type { K8sContext } from './k8s-context.js';
import { listPages, readDashboardsFromPages, readStoredObject, readStoredVersions, RELIST_FROM, summaryOf, takeListed, untitledSummaryOf, type ListedTaker } from './read-dashboards.js';
import { isAsPushedFrom, PUSHED_SHA256, toDashboardHead, toLiveDashboard } from './to-live-dashboard.js';

/**
 * readDashboards for a plan that knows what it would push: the namespace's metadata first
 * (PartialObjectMetadataList pages, one held at a time), where a wanted dashboard whose record
 * says it is exactly what dashsync pushed from its expected source, at the generation that push
 * made, comes as its head (no model is downloaded or parsed; its summary takes the file's title,
 * which that push wrote). The dashboards it does not want are summarized from their metadata,
 * without a title (the plan reads the few it shows: src/plan/read-listed-titles.ts). The wanted
 * ones not as pushed are read afterwards: a few by one GET each, many from full list pages. A server that answers the metadata request
 * with full objects has its pages taken as readDashboardsFromPages takes them (no second request).
 * A server that keeps no record (legacy SQL storage keeps none of its callers' annotations): the
 * first metadata page holding dashboards of the tree shows none on any of its objects, and the
 * rest is the plain full listing (readDashboardsFromPages) instead of more metadata pages first.
 */
export async function* readDashboardsAsPushed(
  context: K8sContext,
  uids: readonly string[],
  options: ReadDashboardsOptions & { pushedFrom: ReadonlyMap<string, ExpectedSource> },
): AsyncGenerator<DashboardRead> {
  const { onSummary, pushedFrom, signal } = options;
  if (uids.length === 0 && onSummary === undefined) return;
  // The first page is asked for before the folder titles have arrived: only its items need them.
  const titlesRead = context.folderTitles();
  titlesRead.catch(() => undefined);
  let titles: (uid: string) => string = () => '';
  const taker: ListedTaker = { wanted: new Set(uids), rereads: new Map(), titles: (uid) => titles(uid), onSummary };
  /** To read in full afterwards: the wanted ones not as pushed (the ones not wanted are summarized untitled). */
  const rest = new Set<string>();
  const restWanted = new Set<string>();
  /** Whether a metadata page has shown objects of the tree yet: the first that does tells whether this server keeps records. */
  let judged = false;
  let keepsNoRecords = false;
  for await (const page of listPages(context, signal, context.versions.v1Read, true)) {
    titles = await titlesRead;
    if (!page.metadataOnly) {
      yield* takeListed(page.items, taker);
      continue;
    }
    if (!judged && page.items.some((object) => pushedFrom.has(object.name))) {
      judged = true;
      // Nothing yielded yet (only a record makes a head): the plain full listing reads everything, once.
      if (!page.items.some((object) => object.annotations[PUSHED_SHA256] !== undefined)) {
        keepsNoRecords = true;
        break;
      }
    }
    for (const object of page.items) {
      const wanted = taker.wanted.delete(object.name);
      const expected = wanted ? pushedFrom.get(object.name) : undefined;
      if (expected !== undefined && isAsPushedFrom(object, expected.source)) {
        const head = toDashboardHead(object, titles, expected.apiVersion);
        onSummary?.({ uid: object.name, title: expected.title, folderUid: head.folderUid, owner: head.owner });
        yield { uid: object.name, asPushed: head };
        continue;
      }
      if (wanted) {
        restWanted.add(object.name);
        rest.add(object.name);
      } else onSummary?.(untitledSummaryOf(object));
    }
    if (taker.wanted.size === 0 && onSummary === undefined) break;
  }
  if (keepsNoRecords) {
    yield* readDashboardsFromPages(context, uids, options);
    return;
  }
  if (signal?.aborted) return;
  titles = await titlesRead;
  yield* readInFull(context, rest, { ...taker, wanted: restWanted, summarize: (uid) => rest.has(uid) }, options);
  yield* readStoredVersions(context, taker.rereads, titles, options);
  for (const uid of [...taker.wanted, ...restWanted]) yield { uid, live: null };
}

/**
 * The dashboards of `rest` in full, at their stored versions: a few by one GET each, many from
 * full list pages (the converted ones wait in `taker.rereads`). Found wanted ones are taken out
 * of `taker.wanted`; the ones deleted meanwhile stay there.
 */
async function* readInFull(
  context: K8sContext,
  rest: Set<string>,
  taker: ListedTaker,
  options: Pick<ReadDashboardsOptions, 'concurrency' | 'signal' | 'readAt'>,
): AsyncGenerator<{ uid: string; live: LiveDashboard }> {
  if (rest.size === 0) return;
  if (rest.size < RELIST_FROM) {
    const reads = readEach([...rest], options.concurrency, async (uid) => ({ uid, object: await readStoredObject(context, uid, undefined, options.readAt?.get(uid)) }), options.signal);
    for await (const { uid, object } of reads) {
      if (object === null) continue;
      taker.onSummary?.(summaryOf(object));
      if (taker.wanted.delete(uid)) yield { uid, live: toLiveDashboard(object, taker.titles) };
    }
    return;
  }
  let unseen = rest.size;
  for await (const page of listPages(context, options.signal)) {
    unseen -= page.items.filter((object) => rest.has(object.name)).length;
    yield* takeListed(page.items, taker);
    if (unseen <= 0) break;
  }
}
