import type { JsonObject } from './dashboard-model.js';
import type { RouteContext } from './http/route-table.js';
import { errorReply, type Reply } from './http/reply.js';
import { orgFolders } from './state.js';

/**
 * The folder a save targets (grafana-api.md §1.8): `folderUid` wins; `folderId` is used only
 * when `useFolderId` (eras A–C); neither = root. A missing folder is a 400 `folder not found`.
 */
export function resolveSaveFolder(
  context: RouteContext,
  request: JsonObject,
  useFolderId: boolean,
): { uid: string } | Reply {
  const folders = orgFolders(context.state, context.identity.orgId);
  const folderUid = typeof request.folderUid === 'string' ? request.folderUid : '';
  if (folderUid !== '') {
    if (folderUid === 'general') return { uid: '' };
    return folders.has(folderUid) ? { uid: folderUid } : errorReply(400, 'folder not found');
  }
  const folderId = typeof request.folderId === 'number' ? request.folderId : 0;
  if (useFolderId && folderId > 0) {
    for (const folder of folders.values()) if (folder.id === folderId) return { uid: folder.uid };
    return errorReply(400, 'folder not found');
  }
  return { uid: '' };
}
