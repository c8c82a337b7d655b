import { folderAclItems, parseFolderGrants } from '../folder-permissions.js';
import { errorReply, json, statusError, type Reply } from '../http/reply.js';
import type { Route, RouteContext } from '../http/route-table.js';
import { adminAction } from '../permissions.js';
import { orgFolders } from '../state.js';

/**
 * A folder's managed permissions (pkg/api/folder_permission.go): GET lists them, POST replaces
 * them all with the request's `items` ("This operation will remove existing permissions if they're
 * not included in the request"). RBAC `folders.permissions:read|write`, which org Admins have.
 */
export const folderPermissionRoutes: Route[] = [
  { method: 'GET', pattern: '/api/folders/:uid/permissions', requirement: adminAction('folders.permissions:read'), handle: getPermissions },
  { method: 'POST', pattern: '/api/folders/:uid/permissions', requirement: adminAction('folders.permissions:write'), handle: setPermissions },
];

const folderNotFound = (): Reply => statusError(404, 'not-found', 'folder not found');

function getPermissions(context: RouteContext): Reply {
  const folder = orgFolders(context.state, context.identity.orgId).get(context.params.uid!);
  return folder ? json(200, folderAclItems(folder)) : folderNotFound();
}

function setPermissions(context: RouteContext): Reply {
  const grants = context.invalidJson ? 'bad request data' : parseFolderGrants(context.body);
  if (typeof grants === 'string') return errorReply(400, grants);
  const folders = orgFolders(context.state, context.identity.orgId);
  const folder = folders.get(context.params.uid!);
  if (!folder) return folderNotFound();
  folders.set(folder.uid, { ...folder, permissions: grants });
  context.changed();
  return json(200, { message: 'Folder permissions updated' });
}
