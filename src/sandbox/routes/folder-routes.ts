import { isObject } from '../dashboard-model.js';
import { ancestorsOf, DEFAULT_MAX_NESTED_FOLDER_DEPTH, descendantsOf, subtreeHeight } from '../folder-tree.js';
import { folderSaversShown } from '../folder-savers.js';
import { folderDto } from '../folder-views.js';
import { errorReply, errorWithTrace, errutilReply, json, mapJson, statusError, type Reply } from '../http/reply.js';
import type { Route, RouteContext } from '../http/route-table.js';
import { hasLegacyTrash, keepsApisTrash } from '../era.js';
import { canReadFolder, defaultFolderGrants, mayAsRequested, mayWriteIn, moveGainsPermission } from '../folder-permissions.js';
import { canRead, editorAction, rbacDenied } from '../permissions.js';
import { generateUid } from '../generate-uid.js';
import { slugify } from '../slugify.js';
import { folderK8sMeta } from '../folder-k8s-meta.js';
import { folderManagerOf, repoFolderMismatch, repoFolderWriteRefusal } from '../repo-managed-folders.js';
import { nowIso, orgDashboards, orgFolders, orgLibraryElements, type FolderRecord } from '../state.js';
import { connectionsOf, disconnectLibraryPanels } from '../library-elements/connect-library-panels.js';
import { toApisTrash } from '../apis/apis-trash.js';

const validUid = /^[a-zA-Z0-9\-_]*$/;
const folderNotFound = (): Reply => statusError(404, 'not-found', 'folder not found');
const depthReached = (): Reply =>
  errutilReply(400, 'folder.maximum-depth-reached', 'Maximum nested folder depth reached');

/** /api/folders (grafana-api.md §5), nested folders on. */
export const folderRoutes: Route[] = [
  { method: 'GET', pattern: '/api/folders', requirement: canRead('folders:read'), handle: listFolders },
  { method: 'POST', pattern: '/api/folders', requirement: editorAction('folders:create'), handle: createFolder },
  { method: 'GET', pattern: '/api/folders/:uid', requirement: canRead('folders:read'), handle: getFolder },
  { method: 'PUT', pattern: '/api/folders/:uid', handle: (context) => folderRouteDenial(context, 'folders:write') ?? updateFolder(context) },
  { method: 'DELETE', pattern: '/api/folders/:uid', handle: (context) => folderRouteDenial(context, 'folders:delete') ?? deleteFolder(context) },
  { method: 'POST', pattern: '/api/folders/:uid/move', handle: (context) => folderRouteDenial(context, 'folders:write') ?? moveFolder(context) },
  { method: 'GET', pattern: '/api/folders/:uid/counts', requirement: canRead('folders:read'), handle: folderCounts },
];

/**
 * The route check of PUT, DELETE and move (pkg/api/folder.go `registerFolderAPI`, every release: `folders:write` /
 * `folders:delete` on `folders:uid:<uid>`, both in a folder's Edit permission, `FolderEditActions`): Edit on the folder
 * or one above it, whatever the basic role — an Editor with View only there is refused, a Viewer or a role-None service
 * account with Edit there passes. A uid the scope resolver cannot find is refused too (mayAsRequested).
 */
function folderRouteDenial(context: RouteContext, action: 'folders:write' | 'folders:delete'): Reply | undefined {
  const folders = foldersOf(context);
  const uid = context.params.uid!;
  return mayAsRequested(folders, context.identity, folders.get(uid), uid, 'write') ? undefined : rbacDenied([action]);
}

/** The most ancestors a folder may have (folder-tree.ts DEFAULT_MAX_NESTED_FOLDER_DEPTH; 13: configurable). */
function maxAncestors(context: RouteContext): number {
  return context.settings.maxNestedFolderDepth ?? DEFAULT_MAX_NESTED_FOLDER_DEPTH;
}

/** ToFolderErrorResponse's fallback message for an error it has no case for (era.folderApiErrorDetail). */
function folderApiError(context: RouteContext, errorText: string): string {
  return context.era.folderApiErrorDetail ? `Folder API error: ${errorText}` : 'Folder API error';
}

function foldersOf(context: RouteContext): Map<string, FolderRecord> {
  return orgFolders(context.state, context.identity.orgId);
}

export function listFolders(context: RouteContext): Reply {
  const folders = foldersOf(context);
  const parentUid = context.query.get('parentUid') ?? '';
  if (parentUid !== '' && !folders.has(parentUid)) return folderNotFound();
  let limit = Number.parseInt(context.query.get('limit') ?? '', 10);
  if (!(limit > 0)) limit = 1000;
  let page = Number.parseInt(context.query.get('page') ?? '', 10);
  if (!(page > 0)) page = 1;
  const children = [...folders.values()]
    .filter((folder) => folder.parentUid === parentUid && canReadFolder(folders, context.identity, folder))
    .sort((a, b) => a.title.toLowerCase().localeCompare(b.title.toLowerCase()) || a.id - b.id)
    .slice((page - 1) * limit, page * limit);
  return json(
    200,
    children.map((folder) => ({
      id: folder.id,
      uid: folder.uid,
      title: folder.title,
      ...(folder.parentUid ? { parentUid: folder.parentUid } : {}),
    })),
  );
}

export function getFolder(context: RouteContext): Reply {
  const folders = foldersOf(context);
  const folder = folders.get(context.params.uid!);
  if (!mayAsRequested(folders, context.identity, folder, context.params.uid!)) return rbacDenied(['folders:read']);
  if (!folder) return folderNotFound();
  return json(200, folderDto(folders, context.identity, folder, folderSaversShown(context.state, context.era)));
}

export function createFolder(context: RouteContext): Reply {
  const request = context.body;
  if (context.invalidJson || !isObject(request)) return errorReply(400, 'bad request data');
  const folders = foldersOf(context);
  const title = typeof request.title === 'string' ? request.title.trim() : '';
  let uid = typeof request.uid === 'string' ? request.uid.trim() : '';
  const parentUid = typeof request.parentUid === 'string' ? request.parentUid : '';
  // folderimpl Create, first of all: a subfolder needs folders:write (12 on: or folders:create) on the parent or above.
  // 11.x: ErrFolderAccessDenied → ToFolderErrorResponse 403 "Access denied"; 12/13 (CreateLegacy, createOnApiServer):
  // dashboards.ErrFolderCreationAccessDenied, an errutil Forbidden that ToFolderErrorResponse's last line
  // (ErrOrFallback → response.Err) answers with its public body. A missing parent keeps its 404 below.
  if (parentUid !== '' && folders.has(parentUid) && !mayWriteIn(folders, context.identity, parentUid)) {
    if (context.era.apis === undefined) return errorWithTrace(403, 'Access denied');
    return errutilReply(403, 'folders.forbiddenCreation', 'not enough permissions to create a folder in the selected location');
  }
  if (uid === 'general' || uid === 'sharedwithme') return errorReply(400, 'invalid uid for folder provided');
  if (title === '') return errorReply(400, 'folder title cannot be empty');
  if (!validUid.test(uid)) return errorReply(400, context.era.folderBadUidMessage);
  if (uid.length > 40) return errorReply(400, 'uid too long, max 40 characters');
  if (title.toLowerCase() === 'general') return errorReply(400, 'a folder with that name already exists');
  if (parentUid !== '') {
    if (!folders.has(parentUid)) return folderNotFound();
    if (ancestorsOf(folders, parentUid).length >= maxAncestors(context)) return depthReached();
  }
  if (uid !== '' && (folders.has(uid) || (context.era.sharedUidSpace && orgDashboards(context.state, context.identity.orgId).has(uid)))) {
    return errorReply(409, 'a folder/dashboard with the same uid already exists');
  }
  const clash = titleClash(context, title, parentUid, undefined);
  if (clash) return clash;
  const mismatch = repoFolderMismatch(context.state, context.identity.orgId, parentUid, undefined);
  if (mismatch) return errorReply(403, mismatch);
  while (uid === '' || folders.has(uid)) uid = generateUid(context.era.uidStyle);
  const now = nowIso();
  const folder: FolderRecord = {
    id: ++context.state.counters.dashboardId,
    uid,
    orgId: context.identity.orgId,
    title,
    description: typeof request.description === 'string' ? request.description : '',
    parentUid,
    version: 1,
    created: now,
    updated: now,
    createdBy: context.identity.login,
    updatedBy: context.identity.login,
    createdByUserId: context.identity.id,
    updatedByUserId: context.identity.id,
    k8s: folderK8sMeta(context, undefined),
    permissions: defaultFolderGrants(parentUid),
  };
  folders.set(uid, folder);
  context.changed();
  return json(200, folderDto(folders, context.identity, folder, folderSaversShown(context.state, context.era, folder)));
}

/** Era A: sibling folder titles are unique, and a folder may not take the slug of a dashboard beside it (trashed ones too). */
function titleClash(context: RouteContext, title: string, parentUid: string, self: FolderRecord | undefined): Reply | undefined {
  if (!context.era.uniqueTitles) return undefined;
  for (const folder of foldersOf(context).values()) {
    if (folder !== self && folder.parentUid === parentUid && folder.title.toLowerCase() === title.toLowerCase()) {
      return errorReply(409, 'a folder or dashboard in the general folder with the same name already exists');
    }
  }
  const slug = slugify(title);
  for (const dashboard of orgDashboards(context.state, context.identity.orgId).values()) {
    if (dashboard.folderUid === parentUid && dashboard.slug === slug) {
      return errorReply(400, 'Folder name cannot be the same as one of its dashboards');
    }
  }
  return undefined;
}

/** The folder a change (update, move, delete) names, or the answer refusing it: a folder not found, or one a repository manages. */
function folderToChange(context: RouteContext): { folders: Map<string, FolderRecord>; folder: FolderRecord } | { refusal: Reply } {
  const folders = foldersOf(context);
  const folder = folders.get(context.params.uid!);
  if (!folder) return { refusal: folderNotFound() };
  const managed = repoFolderWriteRefusal(folder);
  return managed ? { refusal: errorWithTrace(400, managed) } : { folders, folder };
}

export function updateFolder(context: RouteContext): Reply {
  const request = context.body;
  if (context.invalidJson || !isObject(request)) return errorReply(400, 'bad request data');
  const target = folderToChange(context);
  if ('refusal' in target) return target.refusal;
  const { folders, folder } = target;
  const version = typeof request.version === 'number' ? request.version : 0;
  if (version !== folder.version && request.overwrite !== true) {
    return statusError(412, 'version-mismatch', 'the folder has been changed by someone else');
  }
  const title = typeof request.title === 'string' ? request.title.trim() : folder.title;
  if (title === '') return errorReply(400, 'folder title cannot be empty');
  if (title !== folder.title) {
    if (title.toLowerCase() === 'general') return errorReply(400, 'a folder with that name already exists');
    const clash = titleClash(context, title, folder.parentUid, folder);
    if (clash) return clash;
  }
  const description = typeof request.description === 'string' ? request.description : folder.description;
  return saveNewVersion(context, folders, folder, { title, description });
}

/** Stores the next version of `folder` with `changes`, saved now by the caller, and answers with it. */
function saveNewVersion(context: RouteContext, folders: Map<string, FolderRecord>, folder: FolderRecord, changes: Partial<FolderRecord>): Reply {
  const saved: FolderRecord = {
    ...folder,
    ...changes,
    version: folder.version + 1,
    updated: nowIso(),
    updatedBy: context.identity.login,
    updatedByUserId: context.identity.id,
    k8s: folderK8sMeta(context, folder),
  };
  folders.set(folder.uid, saved);
  context.changed();
  return json(200, folderDto(folders, context.identity, saved, folderSaversShown(context.state, context.era)));
}

/**
 * POST /api/folders/:uid/move, and the folder PUT of `/apis` that changes the parent. `checks` 'canMove': folderimpl's
 * checks (every `/api` move, and `/apis` on legacy storage); 'checked': the caller ran 13's folder admission instead
 * (access, cycle and depth: `apis/folder-move-admission.ts`), and unified storage checks nothing more.
 */
export function moveFolder(context: RouteContext, checks: 'canMove' | 'checked' = 'canMove'): Reply {
  const request = context.body;
  if (context.invalidJson || !isObject(request)) return errorReply(400, 'bad request data');
  const target = folderToChange(context);
  if ('refusal' in target) return target.refusal;
  const { folders, folder } = target;
  const parentUid = typeof request.parentUid === 'string' && request.parentUid !== 'general' ? request.parentUid : '';
  if (parentUid === folder.uid) return errorReply(400, 'folder cannot be parent of itself');
  // folderimpl canMove, before the depth checks: `folders:write` (or `folders:create`) on the new parent, Edit there;
  // to the top, `folders:create` on General, which the Editor role has (fixed:folders:creator). ErrMoveAccessDenied is
  // errutil `folders.forbiddenMove`, answered through MoveFolder's ErrOrFallback with its public message; then no
  // permission may be gained by the move (ErrFolderAccessEscalation, errutil `folders.accessEscalation`).
  if (checks === 'canMove' && (parentUid === '' || folders.has(parentUid))) {
    if (!mayWriteIn(folders, context.identity, parentUid)) return errutilReply(403, 'folders.forbiddenMove', 'Access denied to the destination folder');
    if (moveGainsPermission(folders, context.identity, folder, parentUid)) {
      return errutilReply(403, 'folders.accessEscalation', 'Cannot move a folder to a folder where you have higher permissions');
    }
  }
  if (parentUid !== '' && checks === 'canMove') {
    if (!folders.has(parentUid)) return folderNotFound();
    const ancestors = ancestorsOf(folders, parentUid);
    if (ancestors.some((ancestor) => ancestor.uid === folder.uid)) {
      return errutilReply(400, 'folder.circular-reference', 'Circular reference detected');
    }
    if (ancestors.length + 1 + subtreeHeight(folders, folder.uid) > maxAncestors(context)) return depthReached();
  }
  const mismatch = repoFolderMismatch(context.state, context.identity.orgId, parentUid, folderManagerOf(folder));
  if (mismatch) return errorReply(403, mismatch);
  return saveNewVersion(context, folders, folder, { parentUid });
}

/**
 * DELETE /api/folders/:uid, and (`via: 'apis'`) the folder apiserver's legacy storage Delete. On 12/13 the two differ in
 * what becomes of the dashboards inside (pkg/services/folder/folderimpl): the `/api` handler's folderService.Delete
 * (deleteFromApiServer) deletes each live dashboard of the tree through the dashboard apiserver, the same delete as
 * `DELETE /apis/…/dashboards/<uid>`, so on unified storage they land in "Recently deleted"; legacy_storage.go's
 * Delete (DeleteLegacy → legacyDelete) deletes the folder rows in SQL with the live dashboards they hold. Either way the
 * entries already in Recently deleted stay (the store's delete has `deleted IS NULL`).
 */
export function deleteFolder(context: RouteContext, via: 'api' | 'apis' = 'api'): Reply {
  const target = folderToChange(context);
  if ('refusal' in target) return target.refusal;
  const { folders, folder } = target;
  const doomed = new Set([folder.uid, ...descendantsOf(folders, folder.uid).map((child) => child.uid)]);
  const { state, identity } = context;
  const elements = orgLibraryElements(state, identity.orgId);
  // The handler's DeleteLibraryElementsInFolder takes the folder's own elements (pkg/api/folder.go); 12/13's
  // deleteFromApiServer then runs DeleteInFolders over the folder and its descendants (folderimpl/folder.go). 11.x's
  // folderService.Delete does that only with forceDeleteRules, so there a subfolder's elements neither block the delete
  // nor go with it (their rows stay, naming a folder that is gone).
  const elementFolders = context.era.apis === undefined ? new Set([folder.uid]) : doomed;
  const inUse = (element: { id: number }) => connectionsOf(state, identity.orgId, element.id).length > 0;
  if (via === 'api') {
    // The handler's own step: one of the folder's own elements connected → 403; else they are deleted, whatever follows.
    const own = [...elements.values()].filter((element) => element.folderUid === folder.uid);
    if (own.some(inUse)) return errorWithTrace(403, 'Folder could not be deleted because it contains library elements in use');
    for (const element of own) elements.delete(element.uid);
    if (own.length > 0) context.changed();
  }
  const doomedElements = [...elements.values()].filter((element) => elementFolders.has(element.folderUid));
  if (doomedElements.some(inUse)) {
    // A subfolder's element in use (12/13): DeleteInFolders' plain ErrFolderHasConnectedLibraryElements, which
    // apierrors.ToFolderErrorResponse maps to no status of its own: ErrOrFallback(500, "Folder API error", err), on 13
    // with the error's text after it (era.folderApiErrorDetail; libraryelements model ErrFolderHasConnectedLibraryElements).
    if (via === 'api') return errorWithTrace(500, folderApiError(context, 'folder contains library elements that are linked in use'));
    return errorWithTrace(403, 'Folder could not be deleted because it contains library elements in use');
  }
  for (const element of doomedElements) elements.delete(element.uid);
  const dashboards = orgDashboards(state, identity.orgId);
  const removed = new Set<number>();
  const trash = hasLegacyTrash(context.era, context.features);
  const throughApiServer = via === 'api' && context.era.apis !== undefined && keepsApisTrash(context.settings.storage);
  for (const dashboard of [...dashboards.values()]) {
    if (!doomed.has(dashboard.folderUid)) continue;
    // 12/13: the store's folder-row delete takes `folder_uid = ? AND is_folder = false AND deleted IS NULL`: entries
    // already in Recently deleted stay there (database.go deleteDashboard).
    if (context.era.apis !== undefined && dashboard.deleted) continue;
    if (throughApiServer) {
      // 12/13 deleteFromApiServer: dashboardK8sClient.Delete of each dashboard the search finds in the tree.
      dashboards.set(dashboard.uid, toApisTrash(dashboard, identity, context.state));
      removed.add(dashboard.id);
      continue;
    }
    if (trash) {
      // 11.x with dashboardRestore: DeleteInFolders → SoftDeleteDashboardsInFolders marks the folders' dashboards
      // deleted and keeps their folder_uid (and connections); those already in the trash stay there. Restoring one
      // later, into the folder that is gone, answers 400 "Restoring folder not found".
      if (!dashboard.deleted) dashboards.set(dashboard.uid, { ...dashboard, deleted: nowIso() });
      continue;
    }
    dashboards.delete(dashboard.uid);
    removed.add(dashboard.id);
  }
  disconnectLibraryPanels(state, identity.orgId, removed);
  for (const uid of doomed) folders.delete(uid);
  context.changed();
  if (context.era.folderDeleteBody === 'short') return mapJson(200, { message: 'Folder deleted' });
  return mapJson(200, { id: folder.id, message: `Folder ${folder.title} deleted`, title: folder.title });
}

function folderCounts(context: RouteContext): Reply {
  const folders = foldersOf(context);
  const folder = folders.get(context.params.uid!);
  if (!folder) return folderNotFound();
  if (!canReadFolder(folders, context.identity, folder)) return rbacDenied(['folders:read']);
  const subtree = descendantsOf(folders, folder.uid);
  const inside = new Set([folder.uid, ...subtree.map((child) => child.uid)]);
  let dashboards = 0;
  for (const dashboard of orgDashboards(context.state, context.identity.orgId).values()) {
    if (!dashboard.deleted && inside.has(dashboard.folderUid)) dashboards++;
  }
  let librarypanels = 0;
  for (const element of orgLibraryElements(context.state, context.identity.orgId).values()) {
    if (element.kind === 1 && inside.has(element.folderUid)) librarypanels++;
  }
  return mapJson(200, { alertrule: 0, dashboard: dashboards, folder: subtree.length, librarypanel: librarypanels });
}
