import type { GrafanaRequester } from '../../http/request.js';
import type { WriteTally } from '../../port.js';
import { asObject, numberField, segment, stringField, unexpectedResponse } from '../../http/response-fields.js';
import { FOLDER_GROUP } from '../discover-apis.js';
import { readK8sObject, type K8sObject } from '../k8s-object.js';
import { sendUnlessAbsent, unresolvableScope } from './send-unless-absent.js';

const PAGE_SIZE = 1000;

export function foldersPath(namespace: string, version: string, name?: string): string {
  return `/apis/${FOLDER_GROUP}/${version}/namespaces/${segment(namespace)}/folders${name === undefined ? '' : `/${segment(name)}`}`;
}

/** Every folder of the namespace, page by page (`limit` + `continue`). */
export async function listFolderObjects(http: GrafanaRequester, namespace: string, version: string, tally?: WriteTally): Promise<K8sObject[]> {
  const all: K8sObject[] = [];
  let next = '';
  do {
    const path = `${foldersPath(namespace, version)}?limit=${PAGE_SIZE}${next ? `&continue=${encodeURIComponent(next)}` : ''}`;
    const body = asObject(await http.send('GET', path, undefined, undefined, { tally }));
    if (!Array.isArray(body.items)) throw unexpectedResponse('GET', path, 'not a FolderList');
    all.push(...body.items.map(readK8sObject));
    next = stringField(asObject(body.metadata), 'continue');
  } while (next !== '');
  return all;
}

/**
 * null when there is no such folder: a 404, or — for credentials without Admin's folders:* — the
 * 500 of the folder authorizer, whose scope resolver looks up the folder's parents and fails on a
 * folder that does not exist (`could not resolve folders:uid:<name>: … folder not found`).
 */
export async function getFolderObject(http: GrafanaRequester, namespace: string, version: string, name: string, tally?: WriteTally): Promise<K8sObject | null> {
  const body = await sendUnlessAbsent(http, 'GET', foldersPath(namespace, version, name), undefined, { tally }, unresolvableFolder(name));
  return body === undefined ? null : readK8sObject(body);
}

const unresolvableFolder = (name: string) => unresolvableScope(`folders:uid:${name}`, 'folder not found');

export interface FolderWrite {
  name: string;
  title: string;
  /** null = top level. */
  parentUid: string | null;
  resourceVersion: string;
  /** Kept as read on a replace (a description set in Grafana stays). */
  description?: string;
  /**
   * Kept as read on a replace: unified storage stores the object as written, so a PUT without them would drop the
   * annotations and labels others put on the folder (and release it from a manager added since the plan). The parent
   * annotation is `parentUid`'s.
   */
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
}

function folderBody(version: string, write: FolderWrite): unknown {
  return {
    apiVersion: `${FOLDER_GROUP}/${version}`,
    kind: 'Folder',
    metadata: {
      name: write.name,
      ...(write.resourceVersion ? { resourceVersion: write.resourceVersion } : {}),
      annotations: withParent(write.annotations ?? {}, write.parentUid),
      ...(write.labels && Object.keys(write.labels).length > 0 ? { labels: write.labels } : {}),
    },
    spec: { title: write.title, ...(write.description ? { description: write.description } : {}) },
  };
}

function withParent(annotations: Record<string, string>, parentUid: string | null): Record<string, string> {
  const { 'grafana.app/folder': _parent, ...rest } = annotations;
  return parentUid === null ? rest : { ...rest, 'grafana.app/folder': parentUid };
}

/** `answered` (a create, a replace): told the status of a successful answer. */
export async function createFolderObject(http: GrafanaRequester, namespace: string, version: string, write: FolderWrite, tally?: WriteTally, answered?: (status: number) => void): Promise<K8sObject> {
  return readK8sObject(await http.send('POST', foldersPath(namespace, version), folderBody(version, { ...write, resourceVersion: '' }), undefined, { tally, ...(answered && { answered }) }));
}

export async function replaceFolderObject(http: GrafanaRequester, namespace: string, version: string, write: FolderWrite, tally?: WriteTally, answered?: (status: number) => void): Promise<K8sObject> {
  return readK8sObject(await http.send('PUT', foldersPath(namespace, version, write.name), folderBody(version, write), undefined, { tally, ...(answered && { answered }) }));
}

/** false when already gone (as for getFolderObject). Grafana's folder delete cascades: callers check the counts first. */
export async function deleteFolderObject(http: GrafanaRequester, namespace: string, version: string, name: string, tally?: WriteTally): Promise<boolean> {
  return (await sendUnlessAbsent(http, 'DELETE', foldersPath(namespace, version, name), undefined, { tally }, unresolvableFolder(name))) !== undefined;
}

/**
 * `GET …/folders/<name>/counts` (pkg/registry/apis/folders/sub_count.go): what the folder and its
 * subfolders hold, by resource (`folders`, `dashboards`, `librarypanels`, `alertrules`, …); null when there is no such
 * folder (as for getFolderObject).
 */
export async function folderObjectCounts(http: GrafanaRequester, namespace: string, version: string, name: string): Promise<Record<string, number> | null> {
  const path = `${foldersPath(namespace, version, name)}/counts`;
  const body = await sendUnlessAbsent(http, 'GET', path, undefined, {}, unresolvableFolder(name));
  if (body === undefined) return null;
  const counts = asObject(body).counts;
  if (!Array.isArray(counts)) throw unexpectedResponse('GET', path, 'not a DescendantCounts');
  const out: Record<string, number> = {};
  for (const entry of counts.map(asObject)) {
    const resource = stringField(entry, 'resource');
    if (resource !== '') out[resource] = (out[resource] ?? 0) + numberField(entry, 'count');
  }
  return out;
}
