import type { Identity } from './authenticate.js';
import { folderUrl } from './dashboard-views.js';
import { ancestorsOf } from './folder-tree.js';
import { hasRole } from './permissions.js';
import type { FolderRecord } from './state.js';

/** dtos.Folder (field order as Grafana prints it); `parents` root first, only for nested folders. */
export function folderDto(
  folders: Map<string, FolderRecord>,
  identity: Identity,
  folder: FolderRecord,
  withParents = true,
): Record<string, unknown> {
  const canWrite = hasRole(identity, 'Editor');
  const parents = withParents ? ancestorsOf(folders, folder.uid) : [];
  return {
    id: folder.id,
    uid: folder.uid,
    orgId: folder.orgId,
    title: folder.title,
    url: folderUrl(folder),
    hasAcl: false,
    canSave: canWrite,
    canEdit: canWrite,
    canAdmin: hasRole(identity, 'Admin'),
    canDelete: canWrite,
    createdBy: folder.createdBy,
    created: folder.created,
    updatedBy: folder.updatedBy,
    updated: folder.updated,
    version: folder.version,
    ...(folder.parentUid ? { parentUid: folder.parentUid } : {}),
    ...(parents.length > 0 ? { parents: parents.map((parent) => folderDto(folders, identity, parent, false)) } : {}),
  };
}
