import type { ApisRules } from '../era.js';
import type { RouteContext } from '../http/route-table.js';
import type { GroupResource } from './k8s-status.js';

/** A request to a namespaced /apis resource, after authentication and the namespace's org check. */
export interface ApisContext extends RouteContext {
  rules: ApisRules;
  gr: GroupResource;
  version: string;
  namespace: string;
  /** The object name from the path; '' for collection requests. */
  name: string;
  bodyText: string;
  contentType: string;
}

export const DASHBOARDS: GroupResource = { group: 'dashboard.grafana.app', resource: 'dashboards' };
export const FOLDERS: GroupResource = { group: 'folder.grafana.app', resource: 'folders' };
