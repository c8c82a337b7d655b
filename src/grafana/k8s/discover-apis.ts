import type { GrafanaRequester } from '../http/request.js';
import { asObject, isObject, stringField } from '../http/response-fields.js';

export const DASHBOARD_GROUP = 'dashboard.grafana.app';
export const FOLDER_GROUP = 'folder.grafana.app';

/** What `GET /apis` says this Grafana serves for dashboards and folders: versions in the server's priority order. */
export interface ApisDiscovery {
  /** e.g. `['v1', 'v1beta1', 'v0alpha1', 'v2', 'v2beta1', 'v2alpha1']`; the first is the preferred one. */
  dashboardVersions: string[];
  /** e.g. `['v1', 'v1beta1']`; empty when folder.grafana.app is not served. */
  folderVersions: string[];
}

/**
 * `GET /apis` (the Kubernetes APIGroupList), read once per run. null when this Grafana does not
 * serve `dashboard.grafana.app` (11.x answers 404 for `/apis`; a proxy may answer anything else
 * that is not an APIGroupList). A 401 or 403 throws like any other request.
 */
export async function discoverApis(http: GrafanaRequester): Promise<ApisDiscovery | null> {
  const body = await http.send('GET', '/apis', undefined, [404, 405]);
  const groups = isObject(body) && Array.isArray(body.groups) ? (body.groups as unknown[]) : null;
  if (groups === null) return null;
  const versionsOf = (name: string): string[] => {
    const group = groups.map(asObject).find((candidate) => candidate.name === name);
    if (!group || !Array.isArray(group.versions)) return [];
    const versions = (group.versions as unknown[]).map((entry) => stringField(asObject(entry), 'version')).filter((version) => version !== '');
    // The preferred version first, as `kubectl api-versions` and client-go treat it.
    const preferred = stringField(asObject(group.preferredVersion), 'version');
    return preferred && versions.includes(preferred) ? [preferred, ...versions.filter((version) => version !== preferred)] : versions;
  };
  const dashboardVersions = versionsOf(DASHBOARD_GROUP);
  return dashboardVersions.length === 0 ? null : { dashboardVersions, folderVersions: versionsOf(FOLDER_GROUP) };
}
