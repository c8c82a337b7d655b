import type { Identity } from './authenticate.js';
import { ZERO_TIME } from './dashboard-views.js';
import type { EraRules } from './era.js';
import { json, type Reply } from './http/reply.js';
import { hasRole } from './permissions.js';
import { preferenceKey, type DashboardRecord, type SandboxState } from './state.js';

/**
 * GET /api/dashboards/home as GetHomeDashboard answers it (pkg/api/dashboard.go; src/sandbox/README.md, "The home
 * dashboard"): a redirect to the home dashboard the preferences name, else the built-in one with a meta of zero values
 * but `canEdit` (Editor and up) and `folderTitle: "General"`, and for an org Admin the getting-started panel.
 */
export function homeDashboardReply(state: SandboxState, era: EraRules, identity: Identity): Reply {
  const chosen = preferredHome(state, era, identity);
  // dtos.DashboardRedirect; dashboards.GetDashboardURL: `<sub path>/d/<uid>/<slug>` (the sandbox serves no sub path).
  if (chosen) return json(200, { redirectUri: `/d/${chosen.uid}/${chosen.slug}` });
  return json(200, { meta: builtInMeta(hasRole(identity, 'Editor')), dashboard: builtInDashboard(hasRole(identity, 'Admin')) });
}

/**
 * preferenceService.GetWithDefaults: the org's row, then the caller's; a later non-empty home wins (team rows sit in
 * between in Grafana; the sandbox has no teams). 11.2 follows the id (GetDashboardUIDByID: any org), 12.1+ the uid in
 * the caller's org. A dashboard that is not there any more leaves the built-in home (one in 11.2's trash is still there).
 */
function preferredHome(state: SandboxState, era: EraRules, identity: Identity): DashboardRecord | undefined {
  let id = 0;
  let uid = '';
  for (const userId of [0, identity.id]) {
    const row = state.preferences.get(preferenceKey(identity.orgId, userId));
    if (row?.homeDashboardId) id = row.homeDashboardId;
    if (row?.homeDashboardUid) uid = row.homeDashboardUid;
  }
  if (era.homePreferenceBy === 'uid') {
    const record = uid ? state.dashboards.get(identity.orgId)?.get(uid) : undefined;
    return record && !record.deleted ? record : undefined;
  }
  if (id === 0) return undefined;
  // The store's GetDashboardUIDByID (`SELECT uid, slug from dashboard WHERE Id=?`) has no `deleted` filter: a home in
  // 11.2's Recently deleted is still redirected to.
  for (const dashboards of state.dashboards.values()) {
    for (const record of dashboards.values()) if (record.id === id) return record;
  }
  return undefined;
}

/** dtos.DashboardMeta with only CanEdit and FolderTitle set: omitempty fields (type, isStarred, apiVersion…) left out. */
function builtInMeta(canEdit: boolean): Record<string, unknown> {
  return {
    canSave: false,
    canEdit,
    canAdmin: false,
    canStar: false,
    canDelete: false,
    slug: '',
    url: '',
    expires: ZERO_TIME,
    created: ZERO_TIME,
    updated: ZERO_TIME,
    updatedBy: '',
    createdBy: '',
    version: 0,
    hasAcl: false,
    isFolder: false,
    folderId: 0,
    folderUid: '',
    folderTitle: 'General',
    folderUrl: '',
    provisioned: false,
    provisionedExternalId: '',
    annotationsPermissions: null,
  };
}

/**
 * A stand-in for public/dashboards/home.json (its text in the releases was not read), keys in Go's map order.
 * addGettingStartedPanelToHomeDashboard appends its panel for an org Admin who has not dismissed it (the sandbox keeps
 * no help flags) when no default_home_dashboard_path is configured (the sandbox configures none).
 */
function builtInDashboard(admin: boolean): Record<string, unknown> {
  const welcome = { gridPos: { h: 3, w: 24, x: 0, y: 0 }, id: 1, options: { content: 'Welcome to Grafana', mode: 'markdown' }, title: '', type: 'text' };
  const gettingStarted = { gridPos: { h: 9, w: 24, x: 0, y: 3 }, id: 123123, type: 'gettingstarted' };
  return {
    annotations: { list: [] },
    editable: false,
    graphTooltip: 0,
    links: [],
    panels: admin ? [welcome, gettingStarted] : [welcome],
    refresh: '',
    schemaVersion: 39,
    tags: [],
    templating: { list: [] },
    time: { from: 'now-6h', to: 'now' },
    timepicker: { hidden: true },
    timezone: 'browser',
    title: 'Home',
    version: 0,
  };
}
