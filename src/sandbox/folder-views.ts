import type { Identity } from './authenticate.js';
import { folderUrl } from './dashboard-views.js';
import type { FolderSaversShown } from './folder-savers.js';
import { ancestorsOf } from './folder-tree.js';
import { hasRole } from './permissions.js';
import type { FolderRecord } from './state.js';

/** dtos.Folder (field order as Grafana prints it); `parents` root first, only for nested folders; `savers` names who saved each (folder-savers.ts). */
export function folderDto(
  folders: Map<string, FolderRecord>,
  identity: Identity,
  folder: FolderRecord,
  savers: FolderSaversShown,
  withParents = true,
): Record<string, unknown> {
  const canWrite = hasRole(identity, 'Editor');
  const { createdBy, updatedBy } = savers(folder);
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
    createdBy,
    created: folder.created,
    updatedBy,
    updated: folder.updated,
    version: folder.version,
    ...(folder.parentUid ? { parentUid: folder.parentUid } : {}),
    ...(parents.length > 0 ? { parents: parents.map((parent) => folderDto(folders, identity, parent, savers, false)) } : {}),
  };
}
