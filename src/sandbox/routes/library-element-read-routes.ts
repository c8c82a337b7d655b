import { hashedConnectionId } from '../library-elements/connection-id.js';
import { connectionsOf } from '../library-elements/connect-library-panels.js';
import { libraryElementDto, metaUser } from '../library-elements/library-element-dto.js';
import { listLibraryElements, readLibraryElementQuery } from '../library-elements/list-library-elements.js';
import { errorWithTrace, json, type Reply } from '../http/reply.js';
import type { Route, RouteContext } from '../http/route-table.js';
import { mayReadIn } from '../folder-permissions.js';
import { canRead, hasRole } from '../permissions.js';
import { orgDashboards, orgFolders, orgLibraryConnections, orgLibraryElements, type LibraryElementRecord } from '../state.js';

const notFound = () => errorWithTrace(404, 'library element could not be found');

/** GET /api/library-elements[/:uid[/connections]|/name/:name] (pkg/services/libraryelements/api.go). */
export const libraryElementReadRoutes: Route[] = [
  { method: 'GET', pattern: '/api/library-elements', requirement: canRead('library.panels:read'), handle: listElements },
  { method: 'GET', pattern: '/api/library-elements/:uid', requirement: canRead('library.panels:read'), handle: getElement },
  { method: 'GET', pattern: '/api/library-elements/name/:name', requirement: canRead('library.panels:read'), handle: getByName },
  { method: 'GET', pattern: '/api/library-elements/:uid/connections', requirement: canRead('library.panels:read'), handle: getConnections },
];

function dto(context: RouteContext, element: LibraryElementRecord, counts = connectionCounts(context)): Record<string, unknown> {
  return libraryElementDto(context.state, element, 'read', counts.get(element.id) ?? 0);
}

/**
 * connected_dashboards for every element, counted once per request (none with `staleConnectionCounts`: 13.0 before PR
 * #121903). 12 counts library_element_connection rows (its SQL subquery), so not a dashboard 12.4 indexed from an /apis save.
 */
function connectionCounts(context: RouteContext): Map<number, number> {
  const counts = new Map<number, number>();
  if (context.settings.staleConnectionCounts === true) return counts;
  for (const row of orgLibraryConnections(context.state, context.identity.orgId)) {
    if (row.sqlRow !== false) counts.set(row.elementId, (counts.get(row.elementId) ?? 0) + 1);
  }
  return counts;
}

/**
 * The elements the caller may see: getAllLibraryElements and getLibraryElements add the folder
 * permission filter (an element in a folder the caller cannot read is left out, or not found).
 */
function visibleElements(context: RouteContext): LibraryElementRecord[] {
  const folders = orgFolders(context.state, context.identity.orgId);
  return [...orgLibraryElements(context.state, context.identity.orgId).values()].filter((element) => mayReadIn(folders, context.identity, element.folderUid));
}

function listElements(context: RouteContext): Reply {
  const elements = visibleElements(context);
  const page = listLibraryElements(elements, orgFolders(context.state, context.identity.orgId), readLibraryElementQuery(context.query));
  if (!page) return errorWithTrace(500, 'Failed to get library elements');
  const counts = connectionCounts(context);
  return json(200, {
    result: { totalCount: page.totalCount, elements: page.elements.map((element) => dto(context, element, counts)), page: page.page, perPage: page.perPage },
  });
}

function getElement(context: RouteContext): Reply {
  const element = orgLibraryElements(context.state, context.identity.orgId).get(context.params.uid!);
  const folders = orgFolders(context.state, context.identity.orgId);
  return element && mayReadIn(folders, context.identity, element.folderUid) ? json(200, { result: dto(context, element) }) : notFound();
}

/** Every element with that name, root ones first (the UNION of the General and folder queries). */
function getByName(context: RouteContext): Reply {
  const named = visibleElements(context)
    .filter((element) => element.name === context.params.name)
    .sort((a, b) => Number(a.folderUid !== '') - Number(b.folderUid !== '') || a.id - b.id);
  if (named.length === 0) return notFound();
  const counts = connectionCounts(context);
  return json(200, { result: named.map((element) => dto(context, element, counts)) });
}

/**
 * The dashboards using an element; ids, times and users as the emulated release reports them (era.ts). Below org Admin
 * only those the caller may read are listed, while `connectedDashboards` counts them all and they still block the
 * element's delete (listsConnection).
 */
function getConnections(context: RouteContext): Reply {
  const { state, identity, era } = context;
  const element = orgLibraryElements(state, identity.orgId).get(context.params.uid!);
  if (!element) return notFound();
  const dashboards = new Map([...orgDashboards(state, identity.orgId).values()].map((dashboard) => [dashboard.id, dashboard]));
  const folders = orgFolders(state, identity.orgId);
  const result = [];
  for (const row of connectionsOf(state, identity.orgId, element.id)) {
    const dashboard = dashboards.get(row.dashboardId);
    if (!dashboard) continue;
    // 12 and 13 list through search, whose index holds no dashboard in unified storage's "Recently deleted" (11.x lists its soft-deleted rows).
    if (dashboard.deleted !== undefined && era.libraryConnections !== 'rows') continue;
    if (!listsConnection(context, folders, dashboard.folderUid)) continue;
    const fromElement = era.libraryConnections !== 'rows';
    result.push({
      id: era.libraryConnections === 'hashed' ? hashedConnectionId(element.id, dashboard.uid, identity.orgId, element.created) : row.id,
      kind: 1,
      elementId: element.id,
      connectionId: dashboard.id,
      connectionUid: dashboard.uid,
      created: fromElement ? element.created : row.created,
      createdBy: metaUser(state, fromElement ? element.createdBy : row.createdBy),
    });
  }
  return json(200, { result });
}

/**
 * Whether `…/:uid/connections` lists a dashboard in this folder ('' = General) to the caller. An org Admin sees every
 * one. Below Admin:
 * - 11.x: its SQL `getConnections` adds `WriteDashboardPermissionFilter(signedInUser, PERMISSION_VIEW)` unless
 *   `GetOrgRole() == Admin` (pkg/services/libraryelements/database.go);
 * - 12 and 13: `getConnectionsHandler` (pkg/services/libraryelements/api.go) skips a dashboard in a folder unless
 *   `c.HasRole(org.RoleAdmin)` or `requireViewPermissionsOnFolderUID` passes (`folders:read` on that folder, guard.go);
 *   root dashboards are not checked there. The dashboards come from `GetDashboardsByLibraryPanelUID`, searched as the
 *   caller: legacy storage's searcher answers from the SQL connection table unfiltered (legacysearcher
 *   `getLibraryPanelConnections`), unified storage's search keeps what the caller may read (bleve
 *   `newPermissionScopedQuery`).
 * The sandbox's permissions are per folder and every identity the route lets in (Viewer and up) reads the General level,
 * so the three come to the same answer here: a dashboard is listed when its folder may be read.
 */
function listsConnection(context: RouteContext, folders: ReturnType<typeof orgFolders>, folderUid: string): boolean {
  return hasRole(context.identity, 'Admin') || mayReadIn(folders, context.identity, folderUid);
}
