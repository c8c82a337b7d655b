import { grantsOnEveryDashboard } from './library-elements/connections-listed-in-full.js';
import type { DashboardPermissions, GrafanaPort } from './port.js';

/**
 * Which entries of unified storage's "Recently deleted" (the `/apis` trash list) these credentials are shown. Grafana
 * (12.1 on, PR #106767, `isTrashItemAuthorized`) lists an entry only to whoever deleted the dashboard and to those who
 * may set its permissions (the `set_permissions` verb, RBAC action `dashboards.permissions:write`): `all` where the
 * permissions grant that on every dashboard (an org Admin's do, a token of that role's too), `own` where they do not (the
 * entries they deleted, and those of folders they are Admin of), `unknown` where they cannot be read. Before 12.1
 * (Capabilities.trashListsOwnEntries) the list checks an entry as a live dashboard, against the credentials' permissions
 * now, and Grafana deletes a folder's permissions with the folder (a General-level dashboard's with it): `all` where they
 * read every dashboard (`dashboards:read` on `dashboards:*`, an org Admin's), else `readable` (the entries of folders they
 * may still read; those a prune of a whole folder leaves are not among them: review-69a M2), read or not.
 */
export type TrashEntriesSeen = 'all' | 'own' | 'readable' | 'unknown';

/** Pure: TrashEntriesSeen from `GET /api/access-control/user/permissions` (null: unread); `ownOnly`: the 12.1 rule, else 12.0's. */
function trashEntriesSeenOf(permissions: DashboardPermissions | null, ownOnly: boolean): TrashEntriesSeen {
  if (!ownOnly) return permissions !== null && grantsOnEveryDashboard(permissions, 'dashboards:read') ? 'all' : 'readable';
  if (permissions === null) return 'unknown';
  return grantsOnEveryDashboard(permissions, 'dashboards.permissions:write') ? 'all' : 'own';
}

/**
 * TrashEntriesSeen of these credentials: the release (one `/api/health` read per port; not known: the 12.1 rule), then the
 * port's permissions read (one per port, often made already by the plan).
 */
export async function trashEntriesSeen(grafana: Pick<GrafanaPort, 'dashboardPermissions' | 'describeServer'>): Promise<TrashEntriesSeen> {
  const ownOnly = await grafana.describeServer().then((server) => server.capabilities.trashListsOwnEntries, () => true);
  return trashEntriesSeenOf(await grafana.dashboardPermissions(), ownOnly);
}

/**
 * After "Recently deleted" was asked and had no entry for a dashboard: whether entries may be hidden from these credentials
 * (`own`, `unknown`), or none can be (undefined: Grafana 11's `/api` trash answers org Admins only, so an answer shows every
 * entry; or the credentials are shown every entry on `/apis`). Reads the permissions only off Grafana 11's trash.
 */
export async function trashEntriesHidden(grafana: Pick<GrafanaPort, 'dashboardPermissions' | 'describeServer'>): Promise<Exclude<TrashEntriesSeen, 'all'> | undefined> {
  const grafana11Trash = await grafana.describeServer().then((server) => server.capabilities.softDeleteTrash, () => false);
  if (grafana11Trash) return undefined;
  const seen = await trashEntriesSeen(grafana);
  return seen === 'all' ? undefined : seen;
}
