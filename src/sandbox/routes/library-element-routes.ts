import { folderManagerOf } from '../repo-managed-folders.js';
import { connectionsOf, dropConnections } from '../library-elements/connect-library-panels.js';
import { libraryElementDto } from '../library-elements/library-element-dto.js';
import { syncModel } from '../library-elements/library-element-model.js';
import { mayReadIn, mayWriteIn } from '../folder-permissions.js';
import { generateUid } from '../generate-uid.js';
import { errorWithTrace, json, mapJson, type Reply } from '../http/reply.js';
import type { Route, RouteContext } from '../http/route-table.js';
import { folderWriteAction } from '../permissions.js';
import { nowIso, orgDashboards, orgFolders, orgLibraryElements, type LibraryElementRecord } from '../state.js';
import { bindLibraryElementCommand, type LibraryElementCommand } from './library-element-command.js';

const validUid = /^[a-zA-Z0-9\-_]*$/;
const notFound = () => errorWithTrace(404, 'library element could not be found');
/** dashboards.ErrFolderAccessDenied through toLibraryElementError: `response.Error(403, err.Error(), err)`. */
const folderDenied = () => errorWithTrace(403, 'access denied to folder');
const visible = (context: RouteContext, element: LibraryElementRecord) => mayReadIn(orgFolders(context.state, context.identity.orgId), context.identity, element.folderUid);
const alreadyExists = () => errorWithTrace(400, 'library element with that name or UID already exists');

/** POST, PATCH, DELETE /api/library-elements (pkg/services/libraryelements/api.go, database.go). */
export const libraryElementWriteRoutes: Route[] = [
  { method: 'POST', pattern: '/api/library-elements', requirement: folderWriteAction('library.panels:create'), handle: createElement },
  { method: 'PATCH', pattern: '/api/library-elements/:uid', requirement: folderWriteAction('library.panels:write'), handle: patchElement },
  { method: 'DELETE', pattern: '/api/library-elements/:uid', requirement: folderWriteAction('library.panels:delete'), handle: deleteElement },
];

function createElement(context: RouteContext): Reply {
  const command = bindLibraryElementCommand(context, false);
  if ('status' in command) return command;
  const folderUid = resolveFolder(context, command, '');
  if (typeof folderUid !== 'string') return folderUid;
  if (command.kind !== 1 && command.kind !== 2) return errorWithTrace(500, 'Failed to create library element');
  const elements = orgLibraryElements(context.state, context.identity.orgId);
  let uid = command.uid;
  while (uid === '' || (command.uid === '' && elements.has(uid))) uid = generateUid('shortid');
  const badUid = uidProblem(uid);
  if (badUid) return badUid;
  if (command.folderUid !== undefined && inRepoFolder(context, folderUid)) return provisionedFolder();
  const synced = syncModel(command.model, { kind: command.kind, name: command.name, uid, type: '', description: '' }, true);
  if (!synced) return errorWithTrace(500, 'Failed to create library element');
  // createLibraryElement: requireEditPermissionsOnFolderUID inside the transaction, before the insert.
  if (!mayWriteIn(orgFolders(context.state, context.identity.orgId), context.identity, folderUid)) return folderDenied();
  if (elements.has(uid) || nameTaken(context, folderUid, command.name, command.kind, undefined)) return alreadyExists();
  const now = nowIso();
  const element: LibraryElementRecord = {
    id: ++context.state.counters.libraryElementId,
    uid,
    orgId: context.identity.orgId,
    folderUid,
    name: command.name,
    kind: command.kind,
    ...synced,
    version: 1,
    created: now,
    updated: now,
    createdBy: context.identity.id,
    updatedBy: context.identity.id,
  };
  elements.set(uid, element);
  context.changed();
  return json(200, { result: libraryElementDto(context.state, element, 'write', 0) });
}

function patchElement(context: RouteContext): Reply {
  const command = bindLibraryElementCommand(context, true);
  if ('status' in command) return command;
  const elements = orgLibraryElements(context.state, context.identity.orgId);
  const existing = elements.get(context.params.uid!);
  const folderUid = resolveFolder(context, command, existing?.folderUid ?? '');
  if (typeof folderUid !== 'string') return folderUid;
  if (command.kind !== 1 && command.kind !== 2) return errorWithTrace(500, 'Failed to update library element');
  // getLibraryElementByUid applies the folder read filter: one the caller may not see is not found.
  if (!existing || !visible(context, existing)) return notFound();
  if (command.folderUid !== undefined && inRepoFolder(context, folderUid)) return provisionedFolder();
  // patchLibraryElement: requireEditPermissionsOnFolder on the element's folder, then on the one it moves to.
  const folders = orgFolders(context.state, context.identity.orgId);
  if (!mayWriteIn(folders, context.identity, existing.folderUid) || !mayWriteIn(folders, context.identity, folderUid)) return folderDenied();
  if (existing.version !== command.version) {
    return errorWithTrace(412, 'the library element has been changed by someone else');
  }
  // patchLibraryElement (pkg/services/libraryelements/database.go) compares the body's uid with the path's, not the
  // stored one: on MySQL a PATCH of `lib` (stored `LIB`) with uid `lib` or none renames the row to `lib`, and with
  // uid `LIB` finds the row itself taken (already exists).
  const pathUid = context.params.uid!;
  const uid = command.uid === '' ? pathUid : command.uid;
  if (uid !== pathUid) {
    const badUid = uidProblem(uid);
    if (badUid) return badUid;
    if (elements.has(uid)) return alreadyExists();
  }
  const name = command.name === '' ? existing.name : command.name;
  const model = command.model === undefined ? (JSON.parse(existing.model) as unknown) : command.model;
  const synced = syncModel(model, { ...existing, name, uid }, false);
  if (!synced) return errorWithTrace(500, 'Failed to update library element');
  if (nameTaken(context, folderUid, name, existing.kind, existing)) return alreadyExists();
  const updated: LibraryElementRecord = {
    ...existing,
    uid,
    folderUid,
    name,
    ...synced,
    version: existing.version + 1,
    updated: nowIso(),
    updatedBy: context.identity.id,
  };
  elements.delete(existing.uid);
  elements.set(uid, updated);
  context.changed();
  const connected = connectionsOf(context.state, context.identity.orgId, existing.id).length;
  return json(200, { result: libraryElementDto(context.state, updated, 'write', connected) });
}

function deleteElement(context: RouteContext): Reply {
  const elements = orgLibraryElements(context.state, context.identity.orgId);
  const element = elements.get(context.params.uid!);
  if (!element || !visible(context, element)) return notFound();
  if (!mayWriteIn(orgFolders(context.state, context.identity.orgId), context.identity, element.folderUid)) return folderDenied();
  // Before the in-use check the delete drops the rows of dashboards that no longer exist (deleteInvalidConnections, PR
  // #50519: `connection_id NOT IN (SELECT id … from dashboard)`), so such a row never blocks it; from PR #99612 (11.6)
  // the rows of those FindDashboards does not find, which leaves out "Recently deleted" too.
  const dashboards = new Map([...orgDashboards(context.state, context.identity.orgId).values()].map((dashboard) => [dashboard.id, dashboard]));
  const blocking = connectionsOf(context.state, context.identity.orgId, element.id).filter((row) => {
    const dashboard = dashboards.get(row.dashboardId);
    return dashboard !== undefined && !(context.era.libraryDeleteSkipsTrashed && dashboard.deleted !== undefined);
  });
  if (blocking.length > 0) return errorWithTrace(403, 'the library element has connections');
  // One transaction: the rows it drops go only with the element (a refusal rolls their delete back).
  dropConnections(context.state, context.identity.orgId, element.id);
  elements.delete(element.uid);
  context.changed();
  return mapJson(200, { id: element.id, message: 'Library element deleted' });
}

/**
 * The target folder: `folderUid` wins ("" = root; an unknown one is the handler's 400 "failed to get
 * folder", one the caller may not read its 403), then a numeric `folderId` (PATCH: -1 = keep; an unknown id fails the folder permission
 * check with 404 "folder not found"), else root on create.
 */
function resolveFolder(context: RouteContext, command: LibraryElementCommand, current: string): string | Reply {
  const folders = orgFolders(context.state, context.identity.orgId);
  if (command.folderUid !== undefined) {
    if (command.folderUid === '') return '';
    const folder = folders.get(command.folderUid);
    if (!folder) return errorWithTrace(400, 'failed to get folder');
    // The handler's folderService.Get as the caller: ErrFolderAccessDenied → 403 "access denied to folder".
    return mayReadIn(folders, context.identity, folder.uid) ? folder.uid : folderDenied();
  }
  if (command.folderId === -1) return current;
  if (command.folderId === 0) return '';
  for (const folder of folders.values()) if (folder.id === command.folderId) return folder.uid;
  return errorWithTrace(404, 'folder not found');
}

/** util.IsValidShortUID / IsShortUIDTooLong, checked in that order. */
function uidProblem(uid: string): Reply | undefined {
  if (!validUid.test(uid)) return errorWithTrace(400, 'uid contains illegal characters');
  if (uid.length > 40) return errorWithTrace(400, 'uid too long, max 40 characters');
  return undefined;
}

/** The unique index (org_id, folder_id, name, kind). */
function nameTaken(context: RouteContext, folderUid: string, name: string, kind: number, self: LibraryElementRecord | undefined): boolean {
  for (const other of orgLibraryElements(context.state, context.identity.orgId).values()) {
    if (other !== self && other.folderUid === folderUid && other.name === name && other.kind === kind) return true;
  }
  return false;
}

/**
 * CreateElement / PatchLibraryElement (pkg/services/libraryelements/database.go): a `folderUid` naming a folder Git Sync
 * keeps (`ManagedBy == repo`) is `ErrLibraryElementProvisionedFolder`, answered 409 by the handler's toLibraryElementError.
 * Its text is UNCONFIRMED (src/sandbox/README.md, "Ownership").
 */
function inRepoFolder(context: RouteContext, folderUid: string): boolean {
  return folderUid !== '' && folderManagerOf(orgFolders(context.state, context.identity.orgId).get(folderUid))?.kind === 'repo';
}

const PROVISIONED_FOLDER_MESSAGE = 'library elements cannot be saved in a provisioned folder';

const provisionedFolder = (): Reply => errorWithTrace(409, PROVISIONED_FOLDER_MESSAGE);
