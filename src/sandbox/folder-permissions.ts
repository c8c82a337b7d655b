import type { Identity } from './authenticate.js';
import { ancestorsOf } from './folder-tree.js';
import { hasRole } from './permissions.js';
import type { FolderGrant, FolderRecord } from './state.js';

/**
 * Grafana's defaults, set when a folder is created (`setDefaultFolderPermissions`, pkg/api/folder.go):
 * a top-level folder gives Editors Edit and Viewers View; a nested one adds no role grants (it
 * inherits its parents'), and keeps none when it is moved to the top later. The creator's own Admin
 * grant is left out: it matters only to a user without a role, and the sandbox's users are org members.
 */
export function defaultFolderGrants(parentUid: string): FolderGrant[] {
  return parentUid === '' ? [{ role: 'Editor', permission: 2 }, { role: 'Viewer', permission: 1 }] : [];
}

/** A folder's grants; one from a state file written before folder permissions existed gets the defaults of where it is. */
function grantsOf(folder: FolderRecord): FolderGrant[] {
  return folder.permissions ?? defaultFolderGrants(folder.parentUid);
}

/**
 * The highest permission `identity` has on the folder (1 View, 2 Edit, 4 Admin; 0 none): org Admins
 * have every folder (basic role scope `folders:*`); anyone else the best grant on the folder or on
 * one above it (the folder scope resolver adds the ancestors' scopes), by user / service account id
 * or by a basic role the identity has (an Editor has the Viewer role's grants too).
 */
function folderPermission(folders: Map<string, FolderRecord>, identity: Identity, folder: FolderRecord): number {
  if (hasRole(identity, 'Admin')) return 4;
  let best = 0;
  for (const level of [...ancestorsOf(folders, folder.uid), folder]) {
    for (const grant of grantsOf(level)) if (grantApplies(grant, identity)) best = Math.max(best, grant.permission);
  }
  return best;
}

/** A grant to the identity's user / service account id, or to a basic role it has. */
function grantApplies(grant: FolderGrant, identity: Identity): boolean {
  return grant.userId !== undefined ? grant.userId === identity.id : grant.role !== undefined && hasRole(identity, grant.role);
}

/** Whether `identity` may read the folder (`folders:read` on `folders:uid:<uid>`: View or more). */
export function canReadFolder(folders: Map<string, FolderRecord>, identity: Identity, folder: FolderRecord): boolean {
  return folderPermission(folders, identity, folder) >= 1;
}

/**
 * The route check of `/api/folders/:uid` (GET and counts: `folders:read`; PUT and move: `folders:write`; DELETE:
 * `folders:delete`, which Edit carries too) on `folders:uid:<uid as requested>`, before the handler. Grafana evaluates
 * it first unresolved (a `folders:*` holder, an org Admin, passes whatever the uid), then through the folder scope
 * resolver, which adds the ancestors' scopes and fails for a uid it cannot find (the middleware then answers 403, not
 * 404: acimpl `Evaluate`, `GetInheritedScopes`, `deny`). The scopes are compared as text, so a uid the database found
 * in another case (MySQL) matches none of that folder's own grants, only its ancestors'.
 */
export function mayAsRequested(
  folders: Map<string, FolderRecord>,
  identity: Identity,
  folder: FolderRecord | undefined,
  requested: string,
  level: keyof typeof LEVELS = 'read',
): boolean {
  if (hasRole(identity, 'Admin')) return true;
  if (folder === undefined) return false;
  const { permission } = LEVELS[level];
  if (folder.uid === requested) return folderPermission(folders, identity, folder) >= permission;
  const parent = folder.parentUid === '' ? undefined : folders.get(folder.parentUid);
  return parent !== undefined && folderPermission(folders, identity, parent) >= permission;
}

/**
 * Whether `identity` may read what a folder holds (dashboards: `dashboards:read` on the dashboard,
 * whose scope resolver adds its folder and the ones above; library elements: the list's folder filter).
 * `folderUid` '' = General: every Viewer (a root dashboard's default permissions give Viewers View).
 * A folder the org no longer has (a dashboard in 11's trash names it) counts as General.
 * Permissions set on one dashboard are not emulated.
 */
export function mayReadIn(folders: Map<string, FolderRecord>, identity: Identity, folderUid: string): boolean {
  const folder = folderUid === '' ? undefined : folders.get(folderUid);
  return folder ? folderPermission(folders, identity, folder) >= 1 : hasRole(identity, 'Viewer');
}

/**
 * Whether `identity` holds Admin on what the folder holds (a dashboard's `dashboards.permissions:write`: Admin on the folder
 * or above, an org Admin). General: org Admins (a root dashboard's default permissions give the Admin role Admin).
 */
export function mayAdminIn(folders: Map<string, FolderRecord>, identity: Identity, folderUid: string): boolean {
  const folder = folderUid === '' ? undefined : folders.get(folderUid);
  return folder ? folderPermission(folders, identity, folder) >= 4 : hasRole(identity, 'Admin');
}

/**
 * Whether `identity` may create and save dashboards and library elements in the folder (Edit or
 * more: `dashboards:create`/`dashboards:write`, `folders:write` for library elements). General:
 * Editors (root dashboards' default Editor: Edit; libraryelements' `isUIDGeneralFolder` rule).
 */
export function mayWriteIn(folders: Map<string, FolderRecord>, identity: Identity, folderUid: string): boolean {
  const folder = folderUid === '' ? undefined : folders.get(folderUid);
  return folder ? folderPermission(folders, identity, folder) >= 2 : hasRole(identity, 'Editor');
}

/**
 * folderimpl `canMove`'s second check (`pkg/services/folder/folderimpl/folder.go`, PR #90588, July 2024): every action
 * the caller holds on the destination or a folder above it (its permissions whose scope is one of those folders) must
 * be one it holds on the folder moved, resolved through the folder's own ancestors; else the move would gain it
 * (`ErrFolderAccessEscalation`). Folder permissions nest (View ⊂ Edit ⊂ Admin), so that is "a higher permission there
 * than on the folder". To the top the destination is General, where the Editor role holds `folders:create`
 * (`fixed:folders:creator`, scoped `folders:uid:general`), an action no folder permission carries: no one but an org
 * Admin (`folders:*`, which matches unresolved) can move a folder to the top.
 */
export function moveGainsPermission(folders: Map<string, FolderRecord>, identity: Identity, folder: FolderRecord, parentUid: string): boolean {
  if (hasRole(identity, 'Admin')) return false;
  const destination = parentUid === '' ? undefined : folders.get(parentUid);
  if (destination === undefined) return hasRole(identity, 'Editor');
  return folderPermission(folders, identity, destination) > folderPermission(folders, identity, folder);
}

/**
 * The unified-storage folder move check of 13 (`checkMoveAccess` in `pkg/registry/apis/folders/validate.go`, run by the
 * folder API's `validateOnUpdate` when the parent changes; folder-tier form of PR #125124, May 2026): whether the
 * caller's tier on the folder (Viewer, Editor, Admin: folder `get` / `create|update|delete` / `setPermissions`) would be
 * higher under the new parent than under the old one. The authz service resolves a folder's permission from its own
 * grants and the given parent's chain, so the tier under a parent is the best of the folder's own grants and that
 * parent's permission; at the top level only the folder's own grants count. Roles' grants on General do not count, so
 * (unlike folderimpl `canMove`, `moveGainsPermission`) a move to the top never gains a tier.
 */
export function moveRaisesTier(folders: Map<string, FolderRecord>, identity: Identity, folder: FolderRecord, parentUid: string): boolean {
  return tierUnder(folders, identity, folder, parentUid) > tierUnder(folders, identity, folder, folder.parentUid);
}

function tierUnder(folders: Map<string, FolderRecord>, identity: Identity, folder: FolderRecord, parentUid: string): number {
  if (hasRole(identity, 'Admin')) return 4;
  const parent = parentUid === '' ? undefined : folders.get(parentUid);
  const own = grantsOf(folder).filter((grant) => grantApplies(grant, identity)).map((grant) => grant.permission);
  return Math.max(0, ...own, parent ? folderPermission(folders, identity, parent) : 0);
}

/** View (1) for the read actions, Edit (2) for the write actions; the basic role that holds them everywhere. */
const LEVELS = { read: { permission: 1, role: 'Viewer' }, write: { permission: 2, role: 'Editor' } } as const;

/**
 * Whether `identity` holds the dashboard (and folder) read or write actions at any scope: the basic role that has them,
 * or View / Edit on some folder (its managed role carries them on that folder's scope). An unscoped check (acimpl:
 * an unscoped permission matches any scope the caller holds) lets such a caller through.
 */
export function holdsSomewhere(folders: Map<string, FolderRecord>, identity: Identity, level: keyof typeof LEVELS): boolean {
  const { permission, role } = LEVELS[level];
  return hasRole(identity, role) || [...folders.values()].some((folder) => folderPermission(folders, identity, folder) >= permission);
}

/** The ACL items of `GET /api/folders/:uid/permissions` (dashboards.DashboardACLInfoDTO, the fields a client reads). */
export function folderAclItems(folder: FolderRecord): Record<string, unknown>[] {
  return grantsOf(folder).map((grant) => ({
    folderUid: folder.parentUid,
    uid: folder.uid,
    title: folder.title,
    isFolder: true,
    inherited: false,
    ...(grant.role ? { role: grant.role } : { userId: grant.userId }),
    permission: grant.permission,
    permissionName: PERMISSION_NAMES[grant.permission],
  }));
}

const PERMISSION_NAMES: Record<FolderGrant['permission'], string> = { 1: 'View', 2: 'Edit', 4: 'Admin' };

/** The items of `POST /api/folders/:uid/permissions` (dtos.UpdateDashboardACLCommand), or the 400 message for a bad one. */
export function parseFolderGrants(body: unknown): FolderGrant[] | string {
  const items = (body as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) return 'bad request data';
  const grants: FolderGrant[] = [];
  for (const item of items as Record<string, unknown>[]) {
    const permission = item?.permission;
    if (permission !== 1 && permission !== 2 && permission !== 4) return 'bad request data';
    const role = item.role;
    const userId = item.userId;
    // validatePermissionsUpdate: an item names a user, a team or a role (the sandbox has no teams).
    if (role === 'Viewer' || role === 'Editor' || role === 'Admin') grants.push({ role, permission });
    else if (typeof userId === 'number' && userId > 0) grants.push({ userId, permission });
    else return 'bad request data';
  }
  return grants;
}
