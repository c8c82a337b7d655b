import { randomUUID } from 'node:crypto';
import { managerOf, REPOSITORY_READ_ONLY, type Manager } from './apis/ownership.js';
import type { EraRules } from './era.js';
import { generateUid } from './generate-uid.js';
import { defaultFolderGrants } from './folder-permissions.js';
import { GIT_SYNC_REF } from './provision-dashboard.js';
import { nextResourceVersion, nowIso, orgFolders, type FolderRecord, type SandboxState } from './state.js';
import type { RepositoryFolderInput } from './types.js';

/**
 * Folders Git Sync keeps (`grafana.app/managedBy: repo`), by unified storage's manager rules
 * (pkg/storage/unified/apistore/managed.go). Legacy storage keeps no folder annotations, so there none is managed.
 */
export function folderManagerOf(folder: FolderRecord | undefined): Manager | undefined {
  return folder?.k8s?.annotations ? managerOf(folder.k8s.annotations) : undefined;
}

/**
 * `ensureSameRepoManager` (managed.go), run by prepare.go `ensureRepoManagedByParentFolder` on a create and on an update
 * that changes the folder: a resource in a `repo`-managed folder must carry that folder's manager. The message of the
 * Status (code 403, reason Forbidden); undefined when the write may go on.
 */
export function repoFolderMismatch(state: SandboxState, orgId: number, folderUid: string, resource: Manager | undefined): string | undefined {
  const folder = folderManagerOf(orgFolders(state, orgId).get(folderUid));
  if (folder?.kind !== 'repo') return undefined;
  if (!resource) return `folder is managed by ${folder.kind}:${folder.identity}, but the resource is not managed`;
  if (resource.kind !== folder.kind || resource.identity !== folder.identity) {
    return `resource manager (${resource.kind}:${resource.identity}) does not match folder manager (${folder.kind}:${folder.identity}); resources must be managed by the same manager as their containing folder`;
  }
  return undefined;
}

/**
 * `enforceManagerProperties` (managed.go): a write of a `repo`-managed object by any identity but the provisioning
 * service's is `errResourceIsManagedInRepository`, which `handleManagedResourceRouting` sends to the repository's files
 * endpoint as a commit. The sandbox's repositories are read-only (apis/ownership.ts REPOSITORY_READ_ONLY): the message
 * of that endpoint's 400; `/api/folders` passes it on (ToFolderErrorResponse's StatusError branch).
 */
export function repoFolderWriteRefusal(folder: FolderRecord): string | undefined {
  return folderManagerOf(folder)?.kind === 'repo' ? REPOSITORY_READ_ONLY : undefined;
}

/** Stores a folder as Git Sync's sync job writes it: the provisioning identity, manager `repo` named after the Repository, the source path. */
export function syncFolderFromRepository(state: SandboxState, era: EraRules, input: RepositoryFolderInput): FolderRecord {
  const caller = 'syncFolderFromRepository';
  const orgId = input.orgId ?? 1;
  if (!state.orgs.has(orgId)) throw new Error(`${caller}: org ${orgId} does not exist`);
  const folders = orgFolders(state, orgId);
  const parentUid = input.folder.parentUid ?? '';
  if (parentUid !== '' && !folders.has(parentUid)) throw new Error(`${caller}: folder ${parentUid} does not exist in org ${orgId}`);
  const title = typeof input.folder.title === 'string' ? input.folder.title.trim() : '';
  if (title === '') throw new Error(`${caller}: folder needs a title`);
  const uid = input.folder.uid || generateUid(era.uidStyle);
  const existing = folders.get(uid);
  const now = nowIso();
  const record: FolderRecord = {
    id: existing?.id ?? ++state.counters.dashboardId,
    uid,
    orgId,
    title,
    description: existing?.description ?? '',
    parentUid,
    version: (existing?.version ?? 0) + 1,
    created: existing?.created ?? now,
    updated: now,
    createdBy: existing?.createdBy ?? 'Anonymous',
    updatedBy: 'Anonymous',
    k8s: {
      k8sUid: existing?.k8s?.k8sUid ?? randomUUID(),
      resourceVersion: nextResourceVersion(state),
      createdById: existing?.k8s?.createdById ?? GIT_SYNC_REF,
      updatedById: GIT_SYNC_REF,
      annotations: { 'grafana.app/managedBy': 'repo', 'grafana.app/managerId': input.repository, 'grafana.app/sourcePath': input.path },
    },
    permissions: existing?.permissions ?? defaultFolderGrants(parentUid),
  };
  folders.set(uid, record);
  return record;
}
