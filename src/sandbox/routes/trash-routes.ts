import { isObject } from '../dashboard-model.js';
import { mapJson, errorWithTrace, type Reply } from '../http/reply.js';
import type { Route, RouteContext } from '../http/route-table.js';
import { disconnectLibraryPanels } from '../library-elements/connect-library-panels.js';
import { hasRole } from '../permissions.js';
import { orgDashboards, orgFolders } from '../state.js';

/**
 * 11.2 with the dashboardRestore toggle: purge or restore a dashboard in Recently deleted (grafana-api.md §3).
 * Both routes sit behind `reqOrgAdmin` (pkg/api/api.go), not RBAC: anyone else gets its 403.
 */
export const trashRoutes: Route[] = [
  { method: 'DELETE', pattern: '/api/dashboards/uid/:uid/trash', handle: orgAdminOnly(purge) },
  { method: 'PATCH', pattern: '/api/dashboards/uid/:uid/trash', handle: orgAdminOnly(restore) },
];

/** middleware.ReqOrgAdmin → accessForbidden: `{"message":"Permission denied"}`. */
function orgAdminOnly(handle: (context: RouteContext) => Reply): (context: RouteContext) => Reply {
  return (context) => (hasRole(context.identity, 'Admin') ? handle(context) : mapJson(403, { message: 'Permission denied' }));
}

function trashed(context: RouteContext) {
  const record = orgDashboards(context.state, context.identity.orgId).get(context.params.uid!);
  return record?.deleted ? record : undefined;
}

function purge(context: RouteContext): Reply {
  const record = trashed(context);
  if (!record) return errorWithTrace(404, 'Dashboard not found');
  // deleteDashboard: DisconnectElementsFromDashboard, then the delete.
  disconnectLibraryPanels(context.state, context.identity.orgId, new Set([record.id]));
  orgDashboards(context.state, context.identity.orgId).delete(record.uid);
  context.changed();
  return mapJson(200, { message: `Dashboard ${record.title} deleted`, title: record.title, uid: record.uid });
}

function restore(context: RouteContext): Reply {
  const record = trashed(context);
  if (!record) return errorWithTrace(404, 'Dashboard not found');
  const request = isObject(context.body) ? context.body : {};
  // RestoreDashboard (service): a non-empty folderUid is the folder to restore into; an empty or absent one means
  // the dashboard's own folder (`if optionalFolderUID != ""`), never the General level.
  const requested = typeof request.folderUid === 'string' ? request.folderUid : '';
  const folderUid = requested !== '' ? requested : record.folderUid;
  if (folderUid !== '' && !orgFolders(context.state, context.identity.orgId).has(folderUid)) {
    // RestoreDeletedDashboard answers a DashboardErr with response.Error(code, err.Error(), err): no status, traceID.
    return errorWithTrace(400, 'Restoring folder not found');
  }
  // The store's RestoreDashboard clears `deleted` (and sets the folder): the connections kept through the soft delete are its own again.
  const { deleted: _deleted, ...live } = record;
  orgDashboards(context.state, context.identity.orgId).set(record.uid, { ...live, folderUid });
  context.changed();
  return mapJson(200, { message: `Dashboard ${record.title} restored`, title: record.title, uid: record.uid });
}
