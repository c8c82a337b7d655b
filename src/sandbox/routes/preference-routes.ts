import { isObject } from '../dashboard-model.js';
import { errorWithTrace, mapJson, type Reply } from '../http/reply.js';
import type { Route, RouteContext } from '../http/route-table.js';
import { adminAction } from '../permissions.js';
import { orgDashboards, preferenceKey } from '../state.js';

/**
 * PUT /api/user/preferences and PUT /api/org/preferences (pkg/api/preferences.go updatePreferencesFor), for the one
 * preference the sandbox keeps: the home dashboard that GET /api/dashboards/home redirects to. The other keys
 * (theme, timezone, weekStart, language…) are accepted and not kept; GET, PATCH and team preferences are not served.
 */
export const preferenceRoutes: Route[] = [
  { method: 'PUT', pattern: '/api/user/preferences', handle: (context) => savePreferences(context, context.identity.id) },
  { method: 'PUT', pattern: '/api/org/preferences', requirement: adminAction('orgs.preferences:write'), handle: (context) => savePreferences(context, 0) },
];

/**
 * UpdatePrefsCmd: `homeDashboardUID` wins over the deprecated `homeDashboardId`; an empty uid clears it, an unknown
 * one is a 404. A PUT replaces the row, so leaving both out clears the home dashboard too.
 */
function savePreferences(context: RouteContext, userId: number): Reply {
  const body = context.body;
  const request = isObject(body) ? body : {};
  // web.Bind fails on JSON that does not fit the command's types.
  const mistyped =
    (request.homeDashboardId !== undefined && !Number.isInteger(request.homeDashboardId)) ||
    (request.homeDashboardUID !== undefined && request.homeDashboardUID !== null && typeof request.homeDashboardUID !== 'string');
  if (context.invalidJson || (body !== undefined && !isObject(body)) || mistyped) return errorWithTrace(400, 'bad request data');
  const { state, identity } = context;
  const dashboards = orgDashboards(state, identity.orgId);
  let homeDashboardId = typeof request.homeDashboardId === 'number' ? request.homeDashboardId : 0;
  let homeDashboardUid = '';
  if (typeof request.homeDashboardUID === 'string') {
    homeDashboardId = 0;
    if (request.homeDashboardUID !== '') {
      const record = dashboards.get(request.homeDashboardUID);
      if (!record || record.deleted) return errorWithTrace(404, 'Dashboard not found');
      homeDashboardId = record.id;
      homeDashboardUid = record.uid;
    }
  } else if (homeDashboardId !== 0) {
    // 12.1+ fills the uid in when only the id is sent (PR #106666); 11.2 reads the id alone.
    homeDashboardUid = [...dashboards.values()].find((record) => record.id === homeDashboardId)?.uid ?? '';
  }
  state.preferences.set(preferenceKey(identity.orgId, userId), { orgId: identity.orgId, userId, homeDashboardId, homeDashboardUid });
  context.changed();
  return mapJson(200, { message: 'Preferences updated' });
}
