import { namespaceForOrg } from '../apis/namespaces.js';
import { apiDeleteManagerRefusal } from '../api-manager-rules.js';
import { checkDashboardRoute } from '../dashboard-route-check.js';
import { findLiveDashboard } from '../dashboard-writer.js';
import { disconnectLibraryPanels } from '../library-elements/connect-library-panels.js';
import { renderDashboardWithMeta } from '../dashboard-views.js';
import { hasLegacyTrash, keepsApisTrash } from '../era.js';
import { homeDashboardReply } from '../home-dashboard.js';
import { errorReply, errorWithTrace, json, mapJson, type Reply } from '../http/reply.js';
import type { Route, RouteContext } from '../http/route-table.js';
import { canRead, folderWriteAction } from '../permissions.js';
import { saveDashboardK8s } from '../save-dashboard-k8s.js';
import { saveDashboardLegacy } from '../save-dashboard-legacy.js';
import { nowIso, orgDashboards, orgFolders } from '../state.js';
import { toApisTrash } from '../apis/apis-trash.js';

/** POST /db, GET/DELETE by uid, home, tags (grafana-api.md §1–§3). */
export const dashboardRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/api/dashboards/db',
    requirement: folderWriteAction('dashboards:create', 'dashboards:write'),
    handle: (context) => (context.era.saveLogic === 'k8s' ? saveDashboardK8s(context) : saveDashboardLegacy(context)),
  },
  {
    method: 'GET',
    pattern: '/api/dashboards/uid/:uid',
    requirement: canRead('dashboards:read'),
    handle: (context) => {
      const check = checkDashboardRoute(context, 'dashboards:read');
      if ('refused' in check) return check.refused;
      const { record } = check;
      if (!record) return errorWithTrace(404, 'Dashboard not found');
      // pkg/api/dashboard.go GetDashboard: "v2 is not supported in /api".
      if (record.apiVersion?.startsWith('v2')) {
        const namespace = namespaceForOrg(context.identity.orgId);
        const url = `/apis/dashboard.grafana.app/${record.apiVersion}/namespaces/${namespace}/dashboards/${record.uid}`;
        return errorReply(406, `dashboard api version not supported, use ${url} instead`);
      }
      return { status: 200, body: renderDashboardWithMeta(context.state, context.era, context.identity, record), escaped: true };
    },
  },
  {
    method: 'DELETE',
    pattern: '/api/dashboards/uid/:uid',
    requirement: folderWriteAction('dashboards:delete'),
    handle: deleteDashboard,
  },
  { method: 'GET', pattern: '/api/dashboards/home', requirement: canRead('dashboards:read'), handle: (context) => homeDashboardReply(context.state, context.era, context.identity) },
  // Signed-in only in Grafana's route table; an org without a role for the caller has no tags for them.
  { method: 'GET', pattern: '/api/dashboards/tags', handle: dashboardTags },
];

function deleteDashboard(context: RouteContext): Reply {
  const uid = context.params.uid!;
  if (!findLiveDashboard(context, uid) && orgFolders(context.state, context.identity.orgId).has(uid) && context.era.sharedUidSpace) {
    return errorReply(400, 'Use folders endpoint for deleting folders.');
  }
  const check = checkDashboardRoute(context, 'dashboards:delete');
  if ('refused' in check) return check.refused;
  const { record } = check;
  if (!record) return errorWithTrace(404, 'Dashboard not found');
  if (record.provisioned && !record.provisioned.allowUiUpdates) {
    // deleteDashboard: response.Error(dashboardErr.StatusCode, dashboardErr.Error(), err), so with traceID.
    return errorWithTrace(400, 'provisioned dashboard cannot be deleted');
  }
  const managed = apiDeleteManagerRefusal(context, record);
  if (managed) return managed;
  const dashboards = orgDashboards(context.state, context.identity.orgId);
  if (hasLegacyTrash(context.era, context.features)) {
    // 11.x SoftDeleteDashboard only sets `deleted`: the library panel connections stay until the purge
    // (HardDeleteDashboardByUID → deleteDashboard disconnects) or the dashboard's next save after a restore.
    dashboards.set(record.uid, { ...record, deleted: nowIso() });
    context.changed();
    return mapJson(200, { message: `Dashboard ${record.title} moved to Recently deleted`, title: record.title, uid });
  }
  // deleteDashboard disconnects library elements before the delete.
  disconnectLibraryPanels(context.state, context.identity.orgId, new Set([record.id]));
  if (keepsApisTrash(context.settings.storage)) {
    // 12/13 delete through the apiserver: on unified storage the dashboard lands in "Recently deleted"
    // (grafana.app/get-trash on /apis), whatever restoreDashboards says; /api answers as for a hard delete.
    dashboards.set(record.uid, toApisTrash(record, context.identity, context.state));
    context.changed();
    return mapJson(200, { message: `Dashboard ${record.title} deleted`, title: record.title, uid });
  }
  dashboards.delete(uid);
  context.changed();
  return mapJson(200, { message: `Dashboard ${record.title} deleted`, title: record.title, uid });
}

function dashboardTags(context: RouteContext): Reply {
  if (context.identity.role === 'None') return { ...json(200, []), contentType: 'application/json; charset=UTF-8' };
  const counts = new Map<string, number>();
  for (const record of orgDashboards(context.state, context.identity.orgId).values()) {
    if (record.deleted) continue;
    for (const tag of new Set(record.tags)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  const terms = [...counts.keys()].sort();
  // GetDashboardTags writes with the web context's c.JSON, which adds the charset.
  return { ...json(200, terms.map((term) => ({ term, count: counts.get(term) }))), contentType: 'application/json; charset=UTF-8' };
}

