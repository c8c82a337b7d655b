import type { ApisRules, FeatureSet } from '../era.js';
import { json, type Reply } from '../http/reply.js';

/**
 * Discovery documents (k8s.io/apimachinery metav1 APIGroupList, APIGroup, APIResourceList) for the groups the
 * sandbox serves. Versions are listed in priority order and the first is preferred (DashboardsAPIBuilder.GetGroupVersions,
 * register_test.go). Aggregated discovery (apidiscovery.k8s.io/v2) is not offered: clients fall back to these.
 */
export const DASHBOARD_GROUP = 'dashboard.grafana.app';
export const FOLDER_GROUP = 'folder.grafana.app';

/** The verbs the sandbox serves; Grafana also lists deletecollection and watch. */
const verbs = ['create', 'delete', 'get', 'list', 'patch', 'update'];

export function dashboardVersions(rules: ApisRules, features: FeatureSet): readonly string[] {
  return features.dashboardNewLayouts ? rules.dashboardVersions.newLayouts : rules.dashboardVersions.classic;
}

export function servedVersions(rules: ApisRules, features: FeatureSet, group: string): readonly string[] | undefined {
  if (group === DASHBOARD_GROUP) return dashboardVersions(rules, features);
  if (group === FOLDER_GROUP) return rules.folderVersions;
  return undefined;
}

function apiGroup(group: string, versions: readonly string[]) {
  const entries = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { name: group, versions: entries, preferredVersion: entries[0] };
}

/** GET /apis */
export function apiGroupList(rules: ApisRules, features: FeatureSet): Reply {
  return json(200, {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [apiGroup(DASHBOARD_GROUP, dashboardVersions(rules, features)), apiGroup(FOLDER_GROUP, rules.folderVersions)],
  });
}

/** GET /apis/<group> */
export function apiGroupDocument(group: string, versions: readonly string[]): Reply {
  return json(200, { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, versions) });
}

/** GET /apis/<group>/<version> */
export function apiResourceList(group: string, version: string): Reply {
  const resource =
    group === DASHBOARD_GROUP
      ? { name: 'dashboards', singularName: 'dashboard', namespaced: true, kind: 'Dashboard', verbs }
      : { name: 'folders', singularName: 'folder', namespaced: true, kind: 'Folder', verbs };
  return json(200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${group}/${version}`, resources: [resource] });
}
