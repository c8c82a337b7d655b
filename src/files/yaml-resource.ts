import { isPlainObject } from './is-plain-object.js';

/** A dashboard or folder resource a YAML file holds (Git Sync, kubectl, grafana-operator), which dashsync does not read. */
export interface YamlResource {
  kind: 'Dashboard' | 'Folder' | 'GrafanaDashboard' | 'GrafanaFolder';
  /** The dashboard's uid (metadata.name; a GrafanaDashboard's spec.uid, else the uid of the model in spec.json); null when it names none. */
  uid: string | null;
}

const KINDS = new Set<YamlResource['kind']>(['Dashboard', 'Folder', 'GrafanaDashboard', 'GrafanaFolder']);

/** Pure: the dashboard and folder resources of one parsed YAML document (a kubectl `List` holds them in `items`). */
export function findYamlResources(document: unknown): YamlResource[] {
  if (!isPlainObject(document)) return [];
  if (document.kind === 'List' && Array.isArray(document.items)) return document.items.flatMap(findYamlResources);
  const kind = document.kind as YamlResource['kind'];
  if (!KINDS.has(kind)) return [];
  return [{ kind, uid: kind === 'GrafanaDashboard' ? operatorDashboardUid(document.spec) : kind === 'Dashboard' ? nameOf(document.metadata) : null }];
}

function nameOf(metadata: unknown): string | null {
  return isPlainObject(metadata) && typeof metadata.name === 'string' && metadata.name.trim() !== '' ? metadata.name.trim() : null;
}

/** grafana-operator: spec.uid overrides the model's own uid (spec.json, a string holding the model). */
function operatorDashboardUid(spec: unknown): string | null {
  if (!isPlainObject(spec)) return null;
  if (typeof spec.uid === 'string' && spec.uid.trim() !== '') return spec.uid.trim();
  if (typeof spec.json !== 'string') return null;
  try {
    const model: unknown = JSON.parse(spec.json);
    return isPlainObject(model) && typeof model.uid === 'string' && model.uid.trim() !== '' ? model.uid.trim() : null;
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
    : kinds.every((kind) => kind === 'Folder')
      ? 'give its directory a _folder.json {"uid": "…", "title": "…"} instead'
      : 'convert it (for example `yq -o json`) or it is not in the tree';
  const kept = uids.length === 0 ? '' : '; meanwhile prune leaves the dashboards it names alone';
  return `not read: ${what}; dashsync reads only .json: ${todo}${kept}`;
}
