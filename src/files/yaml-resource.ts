import { gunzipSync } from 'node:zlib';
import { isPlainObject } from './is-plain-object.js';
import { MAX_UID_READ_BYTES } from './max-uid-read-bytes.js';

/** A dashboard or folder resource a YAML file holds (Git Sync, kubectl, grafana-operator), which dashsync does not read. */
export interface YamlResource {
  kind: 'Dashboard' | 'Folder' | 'GrafanaDashboard' | 'GrafanaFolder';
  /**
   * The uid of the dashboard or folder it stands for (metadata.name; a GrafanaDashboard's spec.uid, else the uid of the model in
   * spec.json, else its metadata.uid: operatorDashboardUid; a GrafanaFolder's spec.uid, else the resource's own metadata.uid, which the operator gives the folder); null when it names none.
   */
  uid: string | null;
  /**
   * A folder resource's spec.title (a GrafanaFolder's, else its metadata.name, as the operator titles it): what its directory's
   * _folder.json would say; null for a dashboard, or when it has none.
   */
  title: string | null;
  /** A GrafanaDashboard's: the spec field holding its model (`spec.json`, `spec.gzipJson`); null where the file holds none (spec.url, a ConfigMap…). */
  modelIn?: 'spec.json' | 'spec.gzipJson' | null;
}

const KINDS = new Set<YamlResource['kind']>(['Dashboard', 'Folder', 'GrafanaDashboard', 'GrafanaFolder']);

/** Pure: the dashboard and folder resources of one parsed YAML document (a kubectl `List` holds them in `items`). */
export function findYamlResources(document: unknown): YamlResource[] {
  if (!isPlainObject(document)) return [];
  if (document.kind === 'List' && Array.isArray(document.items)) return document.items.flatMap(findYamlResources);
  const kind = document.kind as YamlResource['kind'];
  if (!KINDS.has(kind)) return [];
  const title = kind === 'Folder' || kind === 'GrafanaFolder' ? (isPlainObject(document.spec) ? trimmedText(document.spec.title) : null) : null;
  const modelIn = kind === 'GrafanaDashboard' ? { modelIn: operatorModelField(isPlainObject(document.spec) ? document.spec : {}) } : {};
  return [{ kind, uid: UID_OF[kind](document), title: title ?? (kind === 'GrafanaFolder' ? nameOf(document.metadata) : null), ...modelIn }];
}

const UID_OF: Record<YamlResource['kind'], (document: Record<string, unknown>) => string | null> = {
  Dashboard: (document) => nameOf(document.metadata),
  Folder: (document) => nameOf(document.metadata),
  GrafanaDashboard: (document) => operatorDashboardUid(document).uid,
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

/** The uid grafana-operator gives a GrafanaDashboard's dashboard, and where it takes it from (operatorDashboardUid). */
export type OperatorDashboardUid =
  | { uid: string; from: 'spec.uid' | 'model' | 'metadata.uid' }
  /** The model has no uid and the file holds no metadata.uid (a manifest as written, not as `kubectl get` writes it). */
  | { uid: null; from: 'metadata.uid' }
  /**
   * The model is behind spec.url, spec.configMapRef…: its uid is not in the file (the resource's metadata.uid, where the file holds
   * it). `tooLarge`: spec.gzipJson inflates past `tooLarge` bytes, which dashsync does not read.
   */
  | { uid: null; from: 'unread model'; metadataUid: string | null; tooLarge?: number };

/**
 * Pure: grafana-operator's uid for a GrafanaDashboard (controllers/content CustomUIDOrUID, the uid it writes into the model it
 * sends): spec.uid, else the model's own uid (spec.json, or spec.gzipJson: base64 of gzip), else the resource's metadata.uid.
 */
export function operatorDashboardUid(document: Record<string, unknown>): OperatorDashboardUid {
  const spec = isPlainObject(document.spec) ? document.spec : {};
  const custom = trimmedText(spec.uid);
  if (custom !== null) return { uid: custom, from: 'spec.uid' };
  const model = operatorModel(spec);
  const metadataUid = isPlainObject(document.metadata) ? trimmedText(document.metadata.uid) : null;
  if (model === TOO_LARGE) return { uid: null, from: 'unread model', metadataUid, tooLarge: MAX_UID_READ_BYTES };
  if (model === undefined) return { uid: null, from: 'unread model', metadataUid };
  const own = isPlainObject(model) ? trimmedText(model.uid) : null;
  if (own !== null) return { uid: own, from: 'model' };
  return metadataUid === null ? { uid: null, from: 'metadata.uid' } : { uid: metadataUid, from: 'metadata.uid' };
}

const TOO_LARGE = Symbol('too large');

/**
 * The model a GrafanaDashboard's spec holds (spec.json, spec.gzipJson); undefined when it is elsewhere or cannot be read; TOO_LARGE
 * when spec.gzipJson inflates past MAX_UID_READ_BYTES (a small file can hold gigabytes of gzip).
 */
function operatorModel(spec: Record<string, unknown>): unknown {
  try {
    if (typeof spec.json === 'string') return JSON.parse(spec.json);
    if (typeof spec.gzipJson === 'string') return JSON.parse(gunzipSync(Buffer.from(spec.gzipJson, 'base64'), { maxOutputLength: MAX_UID_READ_BYTES }).toString('utf8'));
  } catch (error) {
    return error instanceof RangeError && (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? TOO_LARGE : undefined;
  }
  return undefined;
}

/** The spec field holding a GrafanaDashboard's model, as operatorModel reads it first. */
function operatorModelField(spec: Record<string, unknown>): 'spec.json' | 'spec.gzipJson' | null {
  return typeof spec.json === 'string' ? 'spec.json' : typeof spec.gzipJson === 'string' ? 'spec.gzipJson' : null;
}

/** Where to take a GrafanaDashboard file's model from, in the words of its `todo`. */
function describeOperatorModel(resources: YamlResource[]): string {
  const fields = new Set(resources.filter((resource) => resource.kind === 'GrafanaDashboard').map((resource) => resource.modelIn ?? null));
  const [only] = fields;
  if (fields.size !== 1 || only === null || only === undefined) return 'write each dashboard\'s model to a .json file';
  return only === 'spec.json' ? 'write the model its spec.json holds to a .json file' : 'write the model its spec.gzipJson holds (base64 of gzip: base64 -d | gunzip) to a .json file';
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
    ? `${describeOperatorModel(resources)}, and delete the custom resource before dashsync applies (the operator would write its copy back)`
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
