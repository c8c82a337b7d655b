import { createHash } from 'node:crypto';
import { orgFolders, type LibraryElementRecord, type SandboxState } from '../state.js';

/** librarypanel.LibraryElementDTOMetaUser. */
export interface MetaUser {
  id: number;
  name: string;
  avatarUrl: string;
}

/** Which folder fields a response carries: Grafana's queries and handlers fill them differently. */
export type FolderView =
  /** GET by uid/name and the list: root reads as folderName "General". */
  | 'read'
  /** POST/PATCH answers: the folder fields are set only for an element inside a folder. */
  | 'write';

/** The user behind an id, as the LEFT JOIN on `user` finds it (service accounts are users whose email is their login). */
export function metaUser(state: SandboxState, id: number): MetaUser {
  const user = state.users.get(id);
  if (user) return { id, name: user.login, avatarUrl: gravatarUrl(user.email) };
  const account = state.serviceAccounts.get(id);
  if (account) return { id, name: account.login, avatarUrl: gravatarUrl(account.login) };
  return { id, name: '', avatarUrl: '' };
}

/** dtos.GetGravatarUrl: `/avatar/<md5 of the lower-cased email>`, '' for no email. */
export function gravatarUrl(email: string): string {
  if (email === '') return '';
  return `/avatar/${createHash('md5').update(email.toLowerCase()).digest('hex')}`;
}

/** model.LibraryElementDTO, fields in Go's declaration order. */
export function libraryElementDto(
  state: SandboxState,
  element: LibraryElementRecord,
  view: FolderView,
  connectedDashboards: number,
): Record<string, unknown> {
  const folder = element.folderUid ? orgFolders(state, element.orgId).get(element.folderUid) : undefined;
  const folderUid = folder ? folder.uid : '';
  const folderName = folder ? folder.title : view === 'read' ? 'General' : '';
  return {
    id: element.id,
    orgId: element.orgId,
    folderId: folder ? folder.id : 0,
    folderUid,
    uid: element.uid,
    name: element.name,
    kind: element.kind,
    type: element.type,
    description: element.description,
    model: JSON.parse(element.model) as unknown,
    version: element.version,
    meta: {
      folderName,
      folderUid,
      connectedDashboards,
      created: element.created,
      updated: element.updated,
      createdBy: metaUser(state, element.createdBy),
      updatedBy: metaUser(state, element.updatedBy),
    },
  };
}
