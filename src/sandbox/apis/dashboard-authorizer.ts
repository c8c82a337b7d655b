import type { Identity } from '../authenticate.js';
import { holdsSomewhere, mayReadIn, mayWriteIn } from '../folder-permissions.js';
import { k8sUserName } from '../identity-ref.js';
import { orgDashboards, orgFolders, type SandboxState } from '../state.js';
import type { GroupResource } from './k8s-status.js';

export type Verb = 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete';

/**
 * The dashboard API's authorizer on 12.0–12.2 (`era.apis.rbacDashboardAuthorizer`; pkg/registry/apis/dashboard/authorizer.go `GetAuthorizer` → `authorizeDashboard`):
 * list and create need `dashboards:read` / `dashboards:create` at any scope (the Viewer / Editor role, or a folder
 * grant); get, update, patch and delete the action on `dashboards:uid:<name>`, which the scope resolver widens to the
 * dashboard's folder and the ones above. The reason it denies with, or undefined. A name that is not stored (or is in
 * "Recently deleted") fails the scope resolver for anyone but an org Admin (the router's authorizer error,
 * apis-router.ts); an Admin's `dashboards:*` matches unresolved, so the storage answers it.
 */
export function dashboardDenial(state: SandboxState, identity: Identity, verb: Verb, name: string): string | undefined {
  const folders = orgFolders(state, identity.orgId);
  if (verb === 'list') return holdsSomewhere(folders, identity, 'read') ? undefined : 'can not read any dashboards';
  if (verb === 'create') return holdsSomewhere(folders, identity, 'write') ? undefined : 'can not create any dashboards';
  const record = orgDashboards(state, identity.orgId).get(name);
  if (!record || record.deleted) return undefined;
  if (verb === 'get') return mayReadIn(folders, identity, record.folderUid) ? undefined : 'can not view dashboard';
  if (mayWriteIn(folders, identity, record.folderUid)) return undefined;
  return verb === 'delete' ? 'can not delete dashboard' : 'can not edit dashboard';
}

/**
 * 12.3+ (no dashboard authorizer): the storage's checks met before a named request reaches its handler. Every named verb
 * reads the dashboard through the resource server first (`read`: `get` in its folder), and a delete is checked by its
 * `delete`; a write's own checks are `newEvent`'s (write-dashboard.ts). A name no live dashboard has passes on to the
 * storage's 404 (or, for a PUT, a create).
 */
export function storageRefusesNamed(state: SandboxState, identity: Identity, verb: Verb, name: string | undefined): boolean {
  const record = name === undefined ? undefined : orgDashboards(state, identity.orgId).get(name);
  if (!record || record.deleted) return false;
  const folders = orgFolders(state, identity.orgId);
  if (!mayReadIn(folders, identity, record.folderUid)) return true;
  return verb === 'delete' && !mayWriteIn(folders, identity, record.folderUid);
}

/**
 * Whether a create or a move may write into the folder: the storage's own access check (the authorizer leaves "detailed
 * create permissions" to it), the resource server's `newEvent` on both storages — legacy storage is a resource server
 * over the SQL tables built with the same access client (`DashboardStorage.NewStore`, legacy_storage.go). The refusal's
 * form: `folderDenied` (write-dashboard.ts), `apiserverDenial` (save-dashboard-k8s.ts).
 */
export function mayWriteDashboardIn(state: SandboxState, identity: Identity, folderUid: string): boolean {
  return mayWriteIn(orgFolders(state, identity.orgId), identity, folderUid);
}

/** k8s responsewriters forbiddenMessage (a subresource is named `<resource>/<subresource>`). */
export function cannot(identity: Identity, verb: Verb, gr: GroupResource, namespace: string, subresource?: string): string {
  const resource = subresource ? `${gr.resource}/${subresource}` : gr.resource;
  return `User "${k8sUserName(identity)}" cannot ${verb} resource "${resource}" in API group "${gr.group}" in the namespace "${namespace}"`;
}
