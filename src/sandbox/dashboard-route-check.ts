import { findLiveDashboard } from './dashboard-writer.js';
import { mayReadIn, mayWriteIn } from './folder-permissions.js';
import { errorReply, mapJson, type Reply } from './http/reply.js';
import type { RouteContext } from './http/route-table.js';
import { hasRole, rbacDenied } from './permissions.js';
import { orgFolders, type DashboardRecord } from './state.js';

/** The action an `/api/dashboards/uid/:uid` route checks: GET read, DELETE delete, versions and restore write. */
export type DashboardRouteAction = 'dashboards:read' | 'dashboards:write' | 'dashboards:delete';

/** The dashboard the uid names (undefined: the handler answers its own 404), or the refusal. */
export type DashboardRouteCheck = { record: DashboardRecord | undefined } | { refused: Reply };

/**
 * The permission check of an `/api/dashboards/uid/:uid` route, on the live dashboard the uid names (its folder and the
 * ones above decide: read needs View, the others Edit).
 * - 12 and 13 (`era.dashboardRoutesScoped`): the route authorizes the action on `dashboards:uid:<uid>`
 *   (`pkg/api/api.go` registerRoutes, `dashUIDScope`), so the RBAC middleware answers before the handler: 403
 *   `Permissions needed: <action>`. A uid the dashboard scope resolver cannot find fails the evaluation with
 *   `dashboards.ErrDashboardNotFound`, which `deny` (`pkg/services/accesscontrol/middleware.go`) answers as 404
 *   `{"message":"Dashboard not found","title":"Not found"}` — for anyone but an org Admin, whose `dashboards:*` matches
 *   the scope unresolved (acimpl `Evaluate`), so the handler answers the 404.
 * - 11.2: the route's check is unscoped; the handler looks the dashboard up (its 404), then its guardian refuses:
 *   `dashboardGuardianResponse(nil)`, 403 "Access denied to this dashboard" without traceID.
 */
export function checkDashboardRoute(context: RouteContext, action: DashboardRouteAction): DashboardRouteCheck {
  const record = findLiveDashboard(context, context.params.uid!);
  const scoped = context.era.dashboardRoutesScoped;
  if (!record) {
    if (scoped && !hasRole(context.identity, 'Admin')) return { refused: mapJson(404, { title: 'Not found', message: 'Dashboard not found' }) };
    return { record };
  }
  const folders = orgFolders(context.state, context.identity.orgId);
  const allowed = action === 'dashboards:read' ? mayReadIn(folders, context.identity, record.folderUid) : mayWriteIn(folders, context.identity, record.folderUid);
  if (allowed) return { record };
  return { refused: scoped ? rbacDenied([action]) : errorReply(403, 'Access denied to this dashboard') };
}
