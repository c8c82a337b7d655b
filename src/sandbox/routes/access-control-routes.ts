import { mapJson, type Reply } from '../http/reply.js';
import type { Route, RouteContext } from '../http/route-table.js';
import { mayAdminIn, mayReadIn, mayWriteIn } from '../folder-permissions.js';
import { hasRole } from '../permissions.js';
import { orgFolders } from '../state.js';

/** The dashboard and folder actions a folder's View or Edit grant (or an org role) brings (managed and basic roles). */
const READ_ACTIONS = ['dashboards:read', 'folders:read'];
const WRITE_ACTIONS = ['dashboards:create', 'dashboards:write', 'dashboards:delete', 'folders:write'];
/**
 * What a folder's Admin (or an org Admin) brings: setting a dashboard's permissions, the `set_permissions` verb that
 * unified storage's trash list checks (`fixed:dashboards.permissions:writer`, granted to the Admin role, holds
 * `dashboards.permissions:read`/`write` on `dashboards:*`; a folder's managed Admin role the same at the folder's scope).
 */
const ADMIN_ACTIONS = ['dashboards.permissions:read', 'dashboards.permissions:write'];

/**
 * GET /api/access-control/user/permissions (`pkg/services/accesscontrol/api/api.go` getUserPermissions, behind
 * `middleware.ReqSignedIn` only, from 9.x to 13): the caller's permissions as `{action: [scopes]}`
 * (GroupScopesByAction), basic role and managed (folder-scoped) ones together, for users and service accounts alike.
 * The sandbox answers the dashboard and folder actions only (Grafana lists every action of the role: data sources,
 * annotations, …): org Admins `dashboards:*`/`folders:*`; anyone else `folders:uid:<uid>` for each folder a grant lets
 * them read, write or administer (`dashboards.permissions:*`), Viewers `folders:uid:general` to read and Editors to
 * write the General level. An action with no
 * scope is left out, as Grafana leaves out what no role grants: a Viewer with no folder Edit grant has no
 * `dashboards:create`/`write`. An identity with no basic role (`None`, whose basic role grants nothing) gets its managed
 * grants all the same: Edit on one folder is `dashboards:write` there; with none, `{}`.
 */
function userPermissions(context: RouteContext): Reply {
  const { identity } = context;
  const permissions: Record<string, string[]> = {};
  if (hasRole(identity, 'Admin')) {
    for (const action of [...READ_ACTIONS, ...WRITE_ACTIONS, ...ADMIN_ACTIONS]) permissions[action] = ['dashboards:*', 'folders:*'];
    return mapJson(200, permissions);
  }
  const folders = orgFolders(context.state, identity.orgId);
  const scopes = (allowed: (uid: string) => boolean, general: boolean) => [
    ...(general ? ['folders:uid:general'] : []),
    ...[...folders.keys()].filter(allowed).sort().map((uid) => `folders:uid:${uid}`),
  ];
  const readable = scopes((uid) => mayReadIn(folders, identity, uid), hasRole(identity, 'Viewer'));
  const writable = scopes((uid) => mayWriteIn(folders, identity, uid), hasRole(identity, 'Editor'));
  const administered = scopes((uid) => mayAdminIn(folders, identity, uid), false);
  if (readable.length > 0) for (const action of READ_ACTIONS) permissions[action] = readable;
  if (writable.length > 0) for (const action of WRITE_ACTIONS) permissions[action] = writable;
  if (administered.length > 0) for (const action of ADMIN_ACTIONS) permissions[action] = administered;
  return mapJson(200, permissions);
}

export const accessControlRoutes: Route[] = [{ method: 'GET', pattern: '/api/access-control/user/permissions', handle: userPermissions }];
