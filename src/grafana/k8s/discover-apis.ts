import { GrafanaHttpError } from '../../errors.js';
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
 * serve `dashboard.grafana.app` (11.x answers 404 for `/apis`, in Grafana's JSON). A 401 or 403
 * throws like any other request. An answer no Grafana gives (a 404 that is not Grafana's JSON, a
 * proxy's page; or JSON that is no APIGroupList) says more about the URL than about the release:
 * `/api/health` is read then (`readHealth`: a read the caller may have started already), and its failure (the URL error)
 * ends the run before any file is blamed.
 */
export async function discoverApis(http: GrafanaRequester, readHealth: () => Promise<unknown> = () => http.send('GET', '/api/health')): Promise<ApisDiscovery | null> {
  const body = await http.send('GET', '/apis', undefined, [405]).catch((error: unknown) => {
    if (error instanceof GrafanaHttpError && error.status === 404) return isGrafanasNotFound(error) ? undefined : NOT_GRAFANA;
    throw error;
  });
  const groups = isObject(body) && Array.isArray(body.groups) ? (body.groups as unknown[]) : null;
  if (groups === null) {
    if (body !== undefined) await readHealth();
    return null;
  }
  const versionsOf = (name: string): string[] => {
    const group = groups.map(asObject).find((candidate) => candidate.name === name);
    if (!group || !Array.isArray(group.versions)) return [];
    // A Kubernetes version name (v1, v2beta1, v0alpha1): it goes into every request path and the plan's header, so nothing else is taken.
    const versions = (group.versions as unknown[]).map((entry) => stringField(asObject(entry), 'version')).filter((version) => VERSION_NAME.test(version));
    // The preferred version first, as `kubectl api-versions` and client-go treat it.
    const preferred = stringField(asObject(group.preferredVersion), 'version');
    return preferred && versions.includes(preferred) ? [preferred, ...versions.filter((version) => version !== preferred)] : versions;
  };
  const dashboardVersions = versionsOf(DASHBOARD_GROUP);
  return dashboardVersions.length === 0 ? null : { dashboardVersions, folderVersions: versionsOf(FOLDER_GROUP) };
}

/** What Kubernetes allows as an API version name (k8s.io/apimachinery version.CompareKubeAwareVersionStrings' form). */
const VERSION_NAME = /^v\d+(?:(?:alpha|beta)\d+)?$/;

/** Stands for a `/apis` answer that is not Grafana's own 404. */
const NOT_GRAFANA = Symbol('not an answer of Grafana');

/**
 * Grafana's 404 for a path it does not route is JSON with a message (pkg/api/index.go NotFoundHandler:
 * `/apis` starts with `/api`, so IsApiRequest → JsonApiErr(404, "Not found")); a proxy's HTML or text page is not.
 */
function isGrafanasNotFound(error: GrafanaHttpError): boolean {
  return !/^(?:non-JSON response|empty response body|response too long to read whole)/.test(error.grafanaMessage);
}
