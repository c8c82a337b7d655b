import { readEach } from '../legacy/read-each.js';
import type { DashboardSummary, LiveDashboard } from '../port.js';
import { readVersionFor } from './choose-versions.js';
import { getDashboardObject, listDashboardPage } from './endpoints/dashboards.js';
import type { K8sContext } from './k8s-context.js';
import { versionOf, type K8sObject } from './k8s-object.js';
import { toLiveDashboard } from './to-live-dashboard.js';

const family = (version: string) => (version.startsWith('v2') ? 'v2' : 'v1');

/** Every page of the namespace's dashboards at the classic read version, one page held at a time. */
export async function* listPages(context: K8sContext, signal?: AbortSignal): AsyncGenerator<K8sObject[]> {
  const namespace = await context.namespace();
  let next = '';
  do {
    if (signal?.aborted) return;
    const page = await listDashboardPage(context.http, namespace, context.versions.v1Read, { limit: context.pageSize, continue: next });
    next = page.next;
    yield page.items;
  } while (next !== '');
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

/** GET one dashboard at its stored version; null when there is none. */
export async function readStoredObject(context: K8sContext, uid: string): Promise<K8sObject | null> {
  const namespace = await context.namespace();
  const first = await getDashboardObject(context.http, namespace, context.versions.v1Read, uid);
  if (first === null) return null;
  const stored = asStored(first);
  if (stored !== null) return stored;
  return getDashboardObject(context.http, namespace, readVersionFor(context.versions, first.conversion!.storedVersion), uid);
}

/**
 * The live dashboards for these uids, from LIST pages (not one GET each), in the order the list
 * gives them; then the ones stored in the other schema family (one GET each, at their stored
 * version); then null for the uids Grafana does not have. At most one page of objects, plus
 * `concurrency` re-reads, is held at a time.
 */
export async function* readDashboardsFromPages(
  context: K8sContext,
  uids: readonly string[],
  options: { concurrency: number; signal?: AbortSignal },
): AsyncGenerator<{ uid: string; live: LiveDashboard | null }> {
  if (uids.length === 0) return;
  const wanted = new Set(uids);
  const titles = await context.folderTitles();
  const rereads: string[] = [];
  for await (const page of listPages(context, options.signal)) {
    for (const object of page) {
      if (!wanted.has(object.name)) continue;
      wanted.delete(object.name);
      const stored = asStored(object);
      if (stored === null) rereads.push(object.name);
      else yield { uid: object.name, live: toLiveDashboard(stored, titles) };
    }
    if (wanted.size === 0) break;
  }
  if (options.signal?.aborted) return;
  yield* readEach(rereads, options.concurrency, async (uid) => {
    const object = await readStoredObject(context, uid);
    return { uid, live: object && toLiveDashboard(object, titles) };
  }, options.signal);
  for (const uid of wanted) yield { uid, live: null };
}

/** Summaries of every dashboard (or of some folders; null = General), from LIST pages. */
export async function* listSummaries(context: K8sContext, filter?: { folderUids?: (string | null)[] }): AsyncGenerator<DashboardSummary> {
  const folders = filter?.folderUids === undefined ? null : new Set(filter.folderUids);
  for await (const page of listPages(context)) {
    for (const object of page) {
      const folderUid = object.annotations['grafana.app/folder'] || null;
      if (folders !== null && !folders.has(folderUid)) continue;
      const spec = asStored(object)?.spec ?? object.spec;
      yield { uid: object.name, title: typeof spec?.title === 'string' ? spec.title.trim() : '', folderUid };
    }
  }
}
