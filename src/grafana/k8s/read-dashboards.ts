import { GrafanaHttpError } from '../../errors.js';
import { onTheWire } from '../http/on-the-wire.js';
import { readEach } from '../legacy/read-each.js';
import type { DashboardSummary, ListedDashboard, LiveDashboard, ReadDashboardsOptions, WriteTally } from '../port.js';
import { readVersionFor } from './choose-versions.js';
import { getDashboardObject, listRequestKey, receiveDashboardPage, type DashboardPage, type ListPageHead, type ReceivedDashboardPage } from './endpoints/dashboards.js';
import type { K8sContext } from './k8s-context.js';
import { versionOf, type K8sObject } from './k8s-object.js';
import { ownerFromAnnotations, toLiveDashboard } from './to-live-dashboard.js';
import { groupBy } from '../../group-by.js';

const family = (version: string) => (version.startsWith('v2') ? 'v2' : 'v1');

/** Listing again instead of one GET each pays off from this many dashboards. */
export const RELIST_FROM = 20;

/**
 * Metadata-only pages, once the server has answered one in that form, hold this many times the
 * context's page size (2,000 by default): ~1 KB an item, so fewer round trips cost no memory to
 * speak of (a full page stays at the context's page size).
 */
const METADATA_PAGE_FACTOR = 4;

/**
 * Every page of the namespace's dashboards at `version` (default: the classic read version), one
 * page of objects held at a time; from the page `from` names (a continue token an earlier page of a listing gave: that
 * listing's pages from there on), else from the first. `metadataOnly`: asked as PartialObjectMetadataList (a page says
 * whether the server answered so, or with the full objects); metadata pages are small, so the
 * next one is asked for as soon as this one's head has arrived (its kind and continue token come
 * before the items: known from the answer's first bytes), while the rest of this one arrives, is
 * parsed and is taken by the caller; after the first they are larger. A request still in flight when the caller stops, or a page fails, is ended. On a port the plans of several
 * environments share, a page of a whole listing read before comes from its kept bytes (K8sContext.keptListPages). The page
 * the access check asked for as a plan's first (K8sContext.accessPage) is this listing's first where it is the same
 * request; any listing lets go of it, so it is never taken later.
 */
export async function* listPages(
  context: K8sContext,
  signal?: AbortSignal,
  version = context.versions.v1Read,
  metadataOnly = false,
  from = '',
): AsyncGenerator<DashboardPage> {
  const namespace = await context.namespace();
  let accessPage = context.accessPage;
  context.accessPage = null;
  let asMetadata = metadataOnly;
  /** Whether the server answered a page in the metadata form: only then are pages larger (a full page of as many would not be small). */
  let metadataServed = false;
  const requests = new Set<AbortController>();
  const endAll = () => {
    for (const request of requests) request.abort();
  };
  // The caller's signal ends a page on its way too, not only the loop: a generator awaiting it sees no return() before then.
  signal?.addEventListener('abort', endAll, { once: true });
  // Larger pages only in the metadata form: the full form falls back to the context's page size.
  const limit = (metadata: boolean) => (metadata && metadataServed ? context.pageSize * METADATA_PAGE_FACTOR : context.pageSize);
  const read = (next: string): PageRequest => {
    const asked = accessPage;
    accessPage = null;
    if (asked !== null && asked.request === listRequestKey(namespace, version, { limit: limit(asMetadata), continue: next, metadataOnly: asMetadata })) {
      const head = { next: asked.page.next, metadataOnly: asked.page.metadataOnly };
      return { next, page: Promise.resolve({ head, take: () => asked.page }), head: Promise.resolve(head), end: () => undefined };
    }
    const request = new AbortController();
    if (signal?.aborted) request.abort();
    requests.add(request);
    // The first of: the head its first bytes hold, or (not found there, or a kept page) the page as it arrived whole.
    let tell: (head: ListPageHead | null) => void = () => undefined;
    const head = new Promise<ListPageHead | null>((resolve) => (tell = resolve));
    const receive = (metadata: boolean) =>
      receiveDashboardPage(context.http, namespace, version, { limit: limit(metadata), continue: next, metadataOnly: metadata }, request.signal, context.keptListPages ?? undefined, tell);
    const page = receive(asMetadata)
      .catch((error: unknown) => {
        // 406: something between here and Grafana refuses the metadata form despite the JSON fallback; ask for the full list.
        if (!asMetadata || !(error instanceof GrafanaHttpError) || error.status !== 406) throw error;
        asMetadata = false;
        return receive(false);
      })
      .finally(() => requests.delete(request));
    page.then((received) => tell(received.head), () => tell(null));
    // Not awaited when the caller stops early, or this page fails first: its failure is then nobody's.
    page.catch(() => undefined);
    return { next, page, head, end: () => request.abort() };
  };
  try {
    let pending: PageRequest | null = read(from);
    while (pending !== null && !signal?.aborted) {
      // The next metadata page is asked for once this one's head is known, while the rest of this one still arrives.
      const head = await pending.head;
      let ahead: PageRequest | null = null;
      if (head !== null && head.metadataOnly && head.next !== '') {
        metadataServed = true;
        ahead = read(head.next);
        await onTheWire();
      }
      const received: ReceivedDashboardPage = await pending.page;
      pending = null;
      const page: DashboardPage = received.take();
      metadataServed = page.metadataOnly;
      // The head is a hint: should the parsed page say otherwise, the page asked for ahead is not the next one.
      if (ahead !== null && (ahead.next !== page.next || !page.metadataOnly)) {
        ahead.end();
        ahead = null;
      }
      if (ahead === null && page.next !== '' && page.metadataOnly) {
        ahead = read(page.next);
        await onTheWire();
      }
      yield page;
      pending = ahead ?? (page.next === '' ? null : read(page.next));
    }
  } finally {
    signal?.removeEventListener('abort', endAll);
    endAll();
  }
}

interface PageRequest {
  /** The continue token it was asked with. */
  next: string;
  page: Promise<ReceivedDashboardPage>;
  /** Its head as soon as it is known (null: not found before the items, or the page failed). */
  head: Promise<ListPageHead | null>;
  end(): void;
}

/**
 * The object as stored, or null when it must be read again at its stored version: a listed
 * object of the other schema family was converted by Grafana on the way out (v2 → v1 is lossy on
 * 13 and fails on 12, where Grafana attaches the stored object as `status.conversion.source`).
 */
export function asStored(object: K8sObject): K8sObject | null {
  const stored = object.conversion?.storedVersion;
  if (stored === undefined || family(stored) === family(versionOf(object.apiVersion))) return object;
  const source = object.conversion!.source;
  return source !== null && source.spec !== null ? source : null;
}

/** One dashboard as the port gives it out (its folder's title read along); null when there is none. */
export async function readLiveDashboard(context: K8sContext, uid: string, tally?: WriteTally, readAt?: string): Promise<LiveDashboard | null> {
  const object = await readStoredObject(context, uid, tally, readAt);
  if (object === null) return null;
  const live = toLiveDashboard(object, await context.folderTitles(tally));
  context.storedObjectsRead.set(live, object);
  return live;
}

/** GET one dashboard at its stored version (a v2 one at `readAt`, see readVersionFor); null when there is none. */
export async function readStoredObject(context: K8sContext, uid: string, tally?: WriteTally, readAt?: string): Promise<K8sObject | null> {
  const namespace = await context.namespace();
  const first = await getDashboardObject(context.http, namespace, context.versions.v1Read, uid, tally);
  if (first === null) return null;
  const stored = asStored(first);
  const storedVersion = first.conversion?.storedVersion ?? versionOf(first.apiVersion);
  const version = readVersionFor(context.versions, storedVersion, readAt);
  const convertedWanted = readAt !== undefined && storedVersion.startsWith('v2') && version !== versionOf((stored ?? first).apiVersion);
  if (stored !== null && !convertedWanted) return stored;
  return getDashboardObject(context.http, namespace, version, uid, tally);
}

/**
 * The live dashboards for these uids, from LIST pages (not one GET each), in the order the list
 * gives them; then the ones stored in the other schema family (one GET each, at their stored
 * version); then null for the uids Grafana does not have. At most one page of objects, plus
 * `concurrency` re-reads, is held at a time. Fewer than RELIST_FROM, with no `onSummary`: one GET each.
 */
export async function* readDashboardsFromPages(
  context: K8sContext,
  uids: readonly string[],
  options: ReadDashboardsOptions,
): AsyncGenerator<{ uid: string; live: LiveDashboard | null }> {
  const { onSummary } = options;
  if (uids.length === 0 && onSummary === undefined) return;
  if (onSummary === undefined && uids.length < RELIST_FROM) {
    // A few: one GET each (with one folder list for all) costs less than the org's full pages.
    const titles = await context.folderTitles();
    yield* readEach([...uids], options.concurrency, async (uid) => {
      const object = await readStoredObject(context, uid, undefined, options.readAt?.get(uid));
      return { uid, live: object && toLiveDashboard(object, titles) };
    }, options.signal);
    return;
  }
  const wanted = new Set(uids);
  // The first page is asked for before the folder titles have arrived: only its items need them.
  const titlesRead = context.folderTitles();
  titlesRead.catch(() => undefined);
  /** Listed converted from the other schema family: uid → the version it is stored at. */
  const rereads = new Map<string, string>();
  for await (const page of listPages(context, options.signal)) {
    const titles = await titlesRead;
    yield* takeListed(page.items, { wanted, rereads, titles, onSummary });
    // Every page when the caller indexes the org from this pass; else only until every uid is found.
    if (wanted.size === 0 && onSummary === undefined) break;
  }
  if (options.signal?.aborted) return;
  yield* readStoredVersions(context, rereads, await titlesRead, options);
  for (const uid of wanted) yield { uid, live: null };
}

/** Where takeListed puts what it finds. */
export interface ListedTaker {
  /** The uids still to read: each found is taken out. */
  wanted: Set<string>;
  /** Listed converted from the other schema family: uid → the version it is stored at (read again after). */
  rereads: Map<string, string>;
  titles: (uid: string) => string;
  onSummary?: (summary: DashboardSummary) => void;
  /** Which of the listed objects onSummary is told of (default: all). */
  summarize?: (uid: string) => boolean;
}

/** The reads of the wanted objects of one full list page, as stored; the converted ones wait in `rereads`. */
export function* takeListed(objects: K8sObject[], taker: ListedTaker): Generator<{ uid: string; live: LiveDashboard }> {
  const { wanted, rereads, titles, onSummary, summarize } = taker;
  for (const object of objects) {
    if (onSummary && (summarize === undefined || summarize(object.name))) onSummary(summaryOf(object));
    if (!wanted.delete(object.name)) continue;
    const stored = asStored(object);
    if (stored === null) rereads.set(object.name, object.conversion!.storedVersion);
    else yield { uid: object.name, live: toLiveDashboard(stored, titles) };
  }
}

/**
 * The dashboards a listing returned converted, each at the version it is stored in: a few by one
 * GET each; many (an org edited in the dynamic-dashboards editor) from list pages at that version.
 */
export async function* readStoredVersions(
  context: K8sContext,
  rereads: Map<string, string>,
  titles: (uid: string) => string,
  options: Pick<ReadDashboardsOptions, 'concurrency' | 'signal' | 'readAt'>,
): AsyncGenerator<{ uid: string; live: LiveDashboard | null }> {
  const byVersion = groupBy(rereads, ([uid, stored]) => readVersionFor(context.versions, stored, options.readAt?.get(uid)), ([uid]) => uid);
  const namespace = await context.namespace();
  for (const [version, uids] of byVersion) {
    if (uids.length < RELIST_FROM) {
      yield* readEach(uids, options.concurrency, async (uid) => {
        const object = await getDashboardObject(context.http, namespace, version, uid);
        return { uid, live: object && toLiveDashboard(asStored(object) ?? object, titles) };
      }, options.signal);
      continue;
    }
    const wanted = new Set(uids);
    for await (const page of listPages(context, options.signal, version)) {
      for (const object of page.items) {
        if (!wanted.delete(object.name)) continue;
        yield { uid: object.name, live: toLiveDashboard(asStored(object) ?? object, titles) };
      }
      if (wanted.size === 0) break;
    }
    // Deleted between the two listings.
    for (const uid of wanted) yield { uid, live: null };
  }
}

/** Summaries of every dashboard (or of some folders; null = General), from LIST pages. */
export async function* listSummaries(context: K8sContext, filter?: { folderUids?: (string | null)[] }): AsyncGenerator<DashboardSummary> {
  const folders = filter?.folderUids === undefined ? null : new Set(filter.folderUids);
  for await (const page of listPages(context)) {
    for (const object of page.items) {
      const summary = summaryOf(object);
      if (folders === null || folders.has(summary.folderUid)) yield summary;
    }
  }
}

export function summaryOf(object: K8sObject): DashboardSummary {
  const spec = asStored(object)?.spec ?? object.spec;
  return { ...untitledSummaryOf(object), title: typeof spec?.title === 'string' ? spec.title.trim() : '' };
}

/** What a metadata page tells of a dashboard: no spec, so no title. */
export function untitledSummaryOf(object: K8sObject): ListedDashboard {
  return { uid: object.name, title: null, folderUid: object.annotations['grafana.app/folder'] || null, owner: ownerFromAnnotations(object.annotations) };
}
