import { askOnce } from './ask-once.js';
import { isUninterruptedFailure } from '../errors.js';
import type { GrafanaRequester } from './http/request.js';
import { isObject } from './http/response-fields.js';
import type { DashboardPermissions, DashboardWriteAccess } from './port.js';

/** The actions that save or delete a dashboard, at any scope: a folder grant lists them with that folder's scope. */
const DASHBOARD_WRITE_ACTIONS = ['dashboards:create', 'dashboards:write', 'dashboards:delete'];

/**
 * `GET /api/access-control/user/permissions` (`{action: [scopes]}`: the basic role's and every managed grant, a
 * folder's included; any signed-in identity may ask, a service account too, on 11.2, 12 and 13), or null when it
 * cannot be read, is not such a map, or is empty (Grafana answers a failed lookup with 200 `{}`).
 */
async function readDashboardPermissions(http: GrafanaRequester): Promise<DashboardPermissions | null> {
  let permissions: unknown;
  try {
    permissions = await http.send('GET', '/api/access-control/user/permissions', undefined, [401, 403, 404]);
  } catch (error) {
    if (!isUninterruptedFailure(error)) throw error;
    return null;
  }
  if (!isObject(permissions) || Object.keys(permissions).length === 0) return null;
  const scopes: DashboardPermissions = {};
  for (const [action, list] of Object.entries(permissions)) {
    if (Array.isArray(list)) scopes[action] = list.filter((scope): scope is string => typeof scope === 'string');
  }
  return scopes;
}

/**
 * Whether these credentials may write any dashboard: `none` only when the permissions name none of the dashboard
 * write actions at any scope; `unknown` when they cannot be read.
 */
export function writeAccessOf(permissions: DashboardPermissions | null): DashboardWriteAccess {
  if (permissions === null) return 'unknown';
  return dashboardWriteActionsOf(permissions).length > 0 ? 'some' : 'none';
}

/** The dashboard write actions (create, write, delete) these permissions list, at any scope. */
export function dashboardWriteActionsOf(permissions: DashboardPermissions): string[] {
  return DASHBOARD_WRITE_ACTIONS.filter((action) => action in permissions);
}

/** readDashboardPermissions once per port: the first call asks, later ones get the same answer. */
export function dashboardPermissionsReader(http: GrafanaRequester): () => Promise<DashboardPermissions | null> {
  return askOnce(() => readDashboardPermissions(http));
}
