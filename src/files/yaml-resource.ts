import { isPlainObject } from './is-plain-object.js';

/** A dashboard or folder resource a YAML file holds (Git Sync, kubectl, grafana-operator), which dashsync does not read. */
export interface YamlResource {
  kind: 'Dashboard' | 'Folder' | 'GrafanaDashboard' | 'GrafanaFolder';
  /**
   * The uid of the dashboard or folder it stands for (metadata.name; a GrafanaDashboard's spec.uid, else the uid of the model in
   * spec.json; a GrafanaFolder's spec.uid, else the resource's own metadata.uid, which the operator gives the folder); null when it names none.
   */
  uid: string | null;
  /**
   * A folder resource's spec.title (a GrafanaFolder's, else its metadata.name, as the operator titles it): what its directory's
   * _folder.json would say; null for a dashboard, or when it has none.
   */
  title: string | null;
}

const KINDS = new Set<YamlResource['kind']>(['Dashboard', 'Folder', 'GrafanaDashboard', 'GrafanaFolder']);

/** Pure: the dashboard and folder resources of one parsed YAML document (a kubectl `List` holds them in `items`). */
export function findYamlResources(document: unknown): YamlResource[] {
  if (!isPlainObject(document)) return [];
  if (document.kind === 'List' && Array.isArray(document.items)) return document.items.flatMap(findYamlResources);
  const kind = document.kind as YamlResource['kind'];
  if (!KINDS.has(kind)) return [];
  const title = kind === 'Folder' || kind === 'GrafanaFolder' ? (isPlainObject(document.spec) ? trimmedText(document.spec.title) : null) : null;
  return [{ kind, uid: UID_OF[kind](document), title: title ?? (kind === 'GrafanaFolder' ? nameOf(document.metadata) : null) }];
}

const UID_OF: Record<YamlResource['kind'], (document: Record<string, unknown>) => string | null> = {
  Dashboard: (document) => nameOf(document.metadata),
  Folder: (document) => nameOf(document.metadata),
  GrafanaDashboard: (document) => operatorDashboardUid(document.spec),
  // grafana-operator's CustomUIDOrUID: the Kubernetes object's uid where spec.uid is not set (in a file `kubectl get` wrote).
  GrafanaFolder: (document) => (isPlainObject(document.spec) ? trimmedText(document.spec.uid) : null) ?? (isPlainObject(document.metadata) ? trimmedText(document.metadata.uid) : null),
};

/** Whether a resource stands for a folder (Folder, GrafanaFolder) rather than a dashboard. */
export const isFolderResource = (resource: YamlResource): boolean => resource.kind === 'Folder' || resource.kind === 'GrafanaFolder';

function trimmedText(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function nameOf(metadata: unknown): string | null {
  return isPlainObject(metadata) ? trimmedText(metadata.name) : null;
}

/** grafana-operator: spec.uid overrides the model's own uid (spec.json, a string holding the model). */
function operatorDashboardUid(spec: unknown): string | null {
  if (!isPlainObject(spec)) return null;
  const uid = trimmedText(spec.uid);
  if (uid !== null) return uid;
  if (typeof spec.json !== 'string') return null;
  try {
    const model: unknown = JSON.parse(spec.json);
    return isPlainObject(model) ? trimmedText(model.uid) : null;
  } catch {
    return null;
  }
}

/** Pure: the one line for a YAML file holding such resources: what it is, that dashsync does not read it, and what to do. */
export function describeYamlResources(resources: YamlResource[]): string {
  const uids = resources.map((resource) => resource.uid).filter((uid): uid is string => uid !== null);
  const named = uids.length === 0 ? '' : ` (uid ${uids.map((uid) => JSON.stringify(uid)).join(', ')})`;
  const kinds = [...new Set(resources.map((resource) => resource.kind))];
  const what = kinds.every((kind) => kind.startsWith('Grafana'))
    ? `a grafana-operator ${kinds.join('/')} in YAML${named}`
    : `a YAML ${kinds.join('/')} resource${resources.length === 1 ? '' : `s (${resources.length})`}${named}`;
  const todo = kinds.includes('GrafanaDashboard')
    ? 'write the model its spec.json holds to a .json file, and delete the custom resource before dashsync applies (the operator would write its copy back)'
    : resources.every(isFolderResource)
      ? `give its directory a _folder.json ${describeFolderFile(resources)} instead${kinds.includes('GrafanaFolder') ? ', and delete the custom resource before dashsync applies (the operator would make its folder again)' : ''}`
      : 'convert it (for example `yq -o json`) or it is not in the tree';
  const kept = uids.length === 0 ? '' : `; meanwhile prune leaves the ${keptWhat(resources.filter((resource) => resource.uid !== null))} it names alone`;
  return `not read: ${what}; dashsync reads only .json: ${todo}${kept}`;
}

/** `{"uid":"ops","title":"Ops"}` from the one folder resource of a file, `…` for what it does not say (or for several). */
export function describeFolderFile(folders: YamlResource[]): string {
  const [only] = folders;
  if (folders.length !== 1 || only === undefined) return '{"uid": "…", "title": "…"}';
  return `{"uid":${only.uid === null ? '"…"' : JSON.stringify(only.uid)},"title":${only.title === null ? '"…"' : JSON.stringify(only.title)}}`;
}

function keptWhat(named: YamlResource[]): string {
  const folders = named.some(isFolderResource);
  const dashboards = named.some((resource) => !isFolderResource(resource));
  return folders && dashboards ? 'dashboards and folders (with what they hold)' : folders ? 'folders (with what they hold)' : 'dashboards';
}
