import type { DashboardPermissions, GrafanaPort } from '../port.js';

/** The scopes that cover every dashboard (`accesscontrol.WildcardsFromPrefix` of `dashboards:uid:` and `folders:uid:`). */
const DASHBOARD_WILDCARDS = ['*', 'dashboards:*', 'dashboards:uid:*'];
const FOLDER_WILDCARDS = ['*', 'folders:*', 'folders:uid:*'];

/**
 * Pure: whether these permissions (GET /api/access-control/user/permissions) read every dashboard and every folder:
 * `dashboards:read` at a dashboard or folder wildcard (11.x's permission filter then checks nothing; 13's search lets
 * every dashboard through) and `folders:read` at a folder wildcard (12/13's per-folder check). An org Admin's fixed roles
 * grant both; a role below it only through a custom or fixed role assignment.
 */
export function readsEveryDashboard(permissions: DashboardPermissions | null): boolean {
  if (permissions === null) return false;
  return grantsOnEveryDashboard(permissions, 'dashboards:read') && covers(permissions, 'folders:read', FOLDER_WILDCARDS);
}

/** Pure: whether `action` is granted at a scope that covers every dashboard (a dashboard or a folder wildcard). */
export function grantsOnEveryDashboard(permissions: DashboardPermissions, action: string): boolean {
  return covers(permissions, action, [...DASHBOARD_WILDCARDS, ...FOLDER_WILDCARDS]);
}

function covers(permissions: DashboardPermissions, action: string, wildcards: readonly string[]): boolean {
  return (permissions[action] ?? []).some((scope) => wildcards.includes(scope));
}

/**
 * Whether Grafana lists every connection of a library panel to these credentials (`GET …/:uid/connections` leaves out,
 * below org Admin, dashboards the caller may not read, while `connectedDashboards` counts them: src/sandbox/README.md,
 * library elements). True for an org Admin (a basic-auth user's role: GrafanaPort.orgAdmin) and for credentials, a token
 * included, whose permissions read every dashboard (readsEveryDashboard: a token cannot read its own role, but an Admin
 * token's permissions say as much). False when neither is known.
 */
export async function connectionsListedInFull(grafana: Pick<GrafanaPort, 'orgAdmin' | 'dashboardPermissions'>): Promise<boolean> {
  if ((await grafana.orgAdmin?.()) === true) return true;
  return readsEveryDashboard(await grafana.dashboardPermissions());
}
