import { grantsOnEveryDashboard } from './library-elements/connections-listed-in-full.js';
import type { DashboardPermissions, GrafanaPort } from './port.js';

/**
 * Which entries of unified storage's "Recently deleted" (the `/apis` trash list) these credentials are shown. Grafana
 * (12.1 on, PR #106767, `isTrashItemAuthorized`) lists an entry only to whoever deleted the dashboard and to those who
 * may set its permissions (the `set_permissions` verb, RBAC action `dashboards.permissions:write`): `all` where the
 * permissions grant that on every dashboard (an org Admin's do, a token of that role's too), `own` where they do not (the
 * entries they deleted, and those of folders they are Admin of), `unknown` where they cannot be read.
 */
export type TrashEntriesSeen = 'all' | 'own' | 'unknown';

/** Pure: TrashEntriesSeen from `GET /api/access-control/user/permissions` (null: unread). */
function trashEntriesSeenOf(permissions: DashboardPermissions | null): TrashEntriesSeen {
  if (permissions === null) return 'unknown';
  return grantsOnEveryDashboard(permissions, 'dashboards.permissions:write') ? 'all' : 'own';
}

/** TrashEntriesSeen of these credentials: the port's permissions read (one per port, often made already by the plan). */
export async function trashEntriesSeen(grafana: Pick<GrafanaPort, 'dashboardPermissions'>): Promise<TrashEntriesSeen> {
  return trashEntriesSeenOf(await grafana.dashboardPermissions());
}
