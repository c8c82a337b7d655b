import type { GrafanaRequester, ReceivedBody } from '../../http/request.js';
import type { WriteTally } from '../../port.js';
import { asObject, segment, stringField, unexpectedResponse } from '../../http/response-fields.js';
import { DASHBOARD_GROUP } from '../discover-apis.js';
import { parseWithoutMember } from '../../http/parse-without-member.js';
import { readK8sObject, type K8sObject, type K8sObjectHead } from '../k8s-object.js';
import { readListHead } from '../read-list-head.js';
import { requestKey, type KeptListPages } from '../kept-list-pages.js';
import { sendUnlessAbsent, unresolvableScope } from './send-unless-absent.js';

/** `/apis/dashboard.grafana.app/<version>/namespaces/<ns>/dashboards[/<name>]`. */
export function dashboardsPath(namespace: string, version: string, name?: string): string {
  return `/apis/${DASHBOARD_GROUP}/${version}/namespaces/${segment(namespace)}/dashboards${name === undefined ? '' : `/${segment(name)}`}`;
}

export interface ListQuery {
  limit: number;
  continue?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Ask for each object's metadata only (a PartialObjectMetadataList), with the full list as the fallback. */
  metadataOnly?: boolean;
}

/**
 * The apiserver's metadata-only form of a LIST, with plain JSON after the comma: a server (or a
 * proxy) that cannot transform answers the full list instead of 406.
 */
const METADATA_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

/** One LIST page: its items, the token of the next one ('' = last page), and whether the items are metadata only. */
export interface DashboardPage {
  items: K8sObject[];
  next: string;
  /** PartialObjectMetadata (no spec, no status): asked with `metadataOnly`, unless the server answered the full list. */
  metadataOnly: boolean;
  /** The page's size as it arrived, in bytes (receiveDashboardPage). */
  bytes?: number;
}

/** What a LIST page says before its items: the next page's token, and whether its items are metadata only. */
export interface ListPageHead {
  next: string;
  metadataOnly: boolean;
}

/** A LIST page as it arrived: its head (read before the items; null when not found first) and the parse of it. */
export interface ReceivedDashboardPage {
  head: ListPageHead | null;
  take(): DashboardPage;
}

/** One LIST page (with `metadataOnly`, in that form unless the server answered the full list). */
export async function listDashboardPage(http: GrafanaRequester, namespace: string, version: string, query: ListQuery): Promise<DashboardPage> {
  const path = listPath(namespace, version, query);
  return toDashboardPage(path, await http.send('GET', path, undefined, undefined, query.metadataOnly ? { accept: METADATA_LIST } : undefined));
}

/**
 * listDashboardPage, resolved once the answer has arrived, before it is parsed: its head names
 * the next page, which the caller may ask for while this one is parsed. `signal` ends the request.
 * `onHead`: told that head as soon as the answer's first bytes hold it, while the rest is still on its way.
 */
export async function receiveDashboardPage(
  http: GrafanaRequester,
  namespace: string,
  version: string,
  query: ListQuery,
  signal?: AbortSignal,
  keptPages?: KeptListPages,
  onHead?: (head: ListPageHead) => void,
): Promise<ReceivedDashboardPage> {
  const path = listPath(namespace, version, query);
  const accept = query.metadataOnly ? METADATA_LIST : undefined;
  const request = listRequestKey(namespace, version, query);
  const kept = keptPages?.kept(request);
  const onBodyStart = onHead && ((start: Uint8Array) => {
    const head = readListHead(start);
    if (head !== null) onHead({ next: head.next, metadataOnly: head.kind === METADATA_KIND });
    return head !== null;
  });
  const received = kept ?? (await http.receive(path, undefined, { accept, signal, onBodyStart }))!;
  const head = readListHead(received.bytes);
  // Let go once parsed: the page's bytes are not held while the caller works through its items (but where kept).
  let unparsed: ReceivedBody | null = received;
  return {
    head: head && { next: head.next, metadataOnly: head.kind === METADATA_KIND },
    take: () => {
      const body = unparsed!;
      unparsed = null;
      const page = toDashboardPage(path, body.parse());
      if (kept === undefined) keptPages?.arrived(request, query.continue ?? '', page.next, body);
      return { ...page, bytes: body.bytes.byteLength };
    },
  };
}

/** The key of a LIST request of these dashboards (requestKey: its path and Accept): two requests of one key ask for the same page. */
export function listRequestKey(namespace: string, version: string, query: ListQuery): string {
  return requestKey(listPath(namespace, version, query), query.metadataOnly ? METADATA_LIST : undefined);
}

function toDashboardPage(path: string, answer: unknown): DashboardPage {
  const body = asObject(answer);
  const metadataOnly = body.kind === METADATA_KIND;
  // An empty metadata page is `"items": null` (the apiserver's nil slice).
  const items = metadataOnly && body.items === null ? [] : body.items;
  if (!Array.isArray(items)) throw unexpectedResponse('GET', path, 'not a DashboardList');
  return { items: items.map(readK8sObject), next: stringField(asObject(body.metadata), 'continue'), metadataOnly };
}

const METADATA_KIND = 'PartialObjectMetadataList';

/**
 * A LIST page for a caller that reads no item's spec or status (the newest entry of a history):
 * each item is the whole dashboard, whose spec is checked to be JSON but not built
 * (parseWithoutMember); the items come without spec and status.
 */
export async function listDashboardHeads(http: GrafanaRequester, namespace: string, version: string, query: Omit<ListQuery, 'metadataOnly'>): Promise<{ items: K8sObjectHead[]; next: string }> {
  const path = listPath(namespace, version, query);
  const received = await http.receive(path);
  // An item's members sit at depth 3: {"items":[{"spec":…}]}.
  const body = asObject(received && (parseWithoutMember(received.bytes, 'spec', 3) ?? { value: received.parse() }).value);
  if (!Array.isArray(body.items)) throw unexpectedResponse('GET', path, 'not a DashboardList');
  const items = body.items.map((item): K8sObjectHead => {
    const { spec: _spec, conversion: _conversion, ...head } = readK8sObject(item);
    return head;
  });
  return { items, next: stringField(asObject(body.metadata), 'continue') };
}

function listPath(namespace: string, version: string, query: ListQuery): string {
  const params = new URLSearchParams({ limit: String(query.limit) });
  if (query.continue) params.set('continue', query.continue);
  if (query.labelSelector) params.set('labelSelector', query.labelSelector);
  if (query.fieldSelector) params.set('fieldSelector', query.fieldSelector);
  return `${dashboardsPath(namespace, version)}?${params.toString()}`;
}

/**
 * GET one dashboard at `version` (converted by Grafana when stored in another); null when there is no such dashboard: a
 * 404, or on 12.0–12.2 for credentials without an org Admin's dashboards:* the authorizer's 500 (`could not resolve
 * dashboards:uid:<name>: Dashboard not found`; 12.3+ and 13 answer the storage's 404).
 */
export async function getDashboardObject(http: GrafanaRequester, namespace: string, version: string, name: string, tally?: WriteTally): Promise<K8sObject | null> {
  const body = await sendUnlessAbsent(http, 'GET', dashboardsPath(namespace, version, name), undefined, { tally }, unresolvableDashboard(name));
  return body === undefined ? null : readK8sObject(body);
}

const unresolvableDashboard = (name: string) => unresolvableScope(`dashboards:uid:${name}`, 'Dashboard not found');

/** The body of a create or replace: what dashsync sets, nothing the server owns. */
export interface DashboardWrite {
  name: string;
  /** Empty for a create; the revision read for a replace. */
  resourceVersion: string;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  spec: Record<string, unknown>;
}

function objectBody(version: string, write: DashboardWrite): unknown {
  return {
    apiVersion: `${DASHBOARD_GROUP}/${version}`,
    kind: 'Dashboard',
    metadata: {
      name: write.name,
      ...(write.resourceVersion ? { resourceVersion: write.resourceVersion } : {}),
      annotations: write.annotations,
      ...(Object.keys(write.labels).length > 0 ? { labels: write.labels } : {}),
    },
    spec: write.spec,
  };
}

/** POST to the collection (201); an existing name is a 409 AlreadyExists (thrown). */
export async function createDashboardObject(http: GrafanaRequester, namespace: string, version: string, write: DashboardWrite, tally?: WriteTally, answered?: (status: number) => void): Promise<K8sObject> {
  return readK8sObject(await http.send('POST', dashboardsPath(namespace, version), objectBody(version, { ...write, resourceVersion: '' }), undefined, { tally, ...(answered && { answered }) }));
}

/** PUT with the resourceVersion read: a stale one is a 409 Conflict (thrown). */
export async function replaceDashboardObject(http: GrafanaRequester, namespace: string, version: string, write: DashboardWrite, tally?: WriteTally, answered?: (status: number) => void): Promise<K8sObject> {
  return readK8sObject(await http.send('PUT', dashboardsPath(namespace, version, write.name), objectBody(version, write), undefined, { tally, ...(answered && { answered }) }));
}

/**
 * PATCH (JSON merge patch) of annotations only, at `resourceVersion`: one changed since is a 409
 * Conflict (thrown). The spec and the folder are left as they are.
 */
export async function patchDashboardAnnotations(
  http: GrafanaRequester,
  namespace: string,
  version: string,
  name: string,
  change: { resourceVersion: string; annotations: Record<string, string> },
  tally?: WriteTally,
): Promise<K8sObject> {
  const body = { metadata: { resourceVersion: change.resourceVersion, annotations: change.annotations } };
  return readK8sObject(await http.send('PATCH', dashboardsPath(namespace, version, name), body, undefined, { tally, contentType: 'application/merge-patch+json' }));
}

/**
 * DELETE, with a resourceVersion precondition when given (a dashboard changed since it was read
 * is a 409 Conflict, thrown); false when it is already gone (a 404, or 12.0–12.2's authorizer 500 as for a GET).
 */
export async function deleteDashboardObject(
  http: GrafanaRequester,
  namespace: string,
  version: string,
  name: string,
  resourceVersion: string | null,
  tally?: WriteTally,
): Promise<boolean> {
  const options = { kind: 'DeleteOptions', apiVersion: 'v1', ...(resourceVersion === null ? {} : { preconditions: { resourceVersion } }) };
  const body = await sendUnlessAbsent(http, 'DELETE', dashboardsPath(namespace, version, name), options, { tally }, unresolvableDashboard(name));
  return body !== undefined;
}
