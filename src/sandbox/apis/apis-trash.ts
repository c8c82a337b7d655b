import type { Identity } from '../authenticate.js';
import type { ApisRules } from '../era.js';
import { mayAdminIn, mayReadIn } from '../folder-permissions.js';
import { identityRef } from '../identity-ref.js';
import { hasRole } from '../permissions.js';
import { nextResourceVersion, nowIso, type DashboardRecord, type FolderRecord, type SandboxState } from '../state.js';

/**
 * A dashboard moved into unified storage's "Recently deleted" by `identity`: the resource server's delete writes the
 * deletion marker with `updatedBy` set to the deleter (`server.Delete`, pkg/storage/unified/resource/server.go), at a
 * resourceVersion of its own (what a list past that point no longer shows, and what orders the trash).
 */
export function toApisTrash(record: DashboardRecord, identity: Identity, state: SandboxState): DashboardRecord {
  return { ...record, deleted: nowIso(), deletedBy: identityRef(identity, 'unified'), deletedResourceVersion: nextResourceVersion(state) };
}

/**
 * Whether the trash list shows `identity` this entry. 12.1 on (`trashListsOwnEntries`): the one who deleted it (the marker's
 * `updatedBy`), or whoever may set the dashboard's permissions (`utils.VerbSetPermissions`, "Basically Admin": an org Admin,
 * Admin on its folder) — `isTrashItemAuthorized`, PR #106767 (June 2025); entries from state files without a deleter go by
 * the folder. 12.0.x: whoever may read it now, as for a live dashboard (the list's one `VerbGet` checker, against the caller's
 * current permissions): Grafana deletes a folder's permissions with the folder and a dashboard's own after the dashboard
 * (`deleteResourcePermissions`, pkg/services/dashboards/database/database.go; after an `/apis` delete on unified storage the
 * dashboard service's cleanup job does, within `[dashboard_cleanup] interval`, 30 s by default: fixd-70), so an entry of a
 * folder that is gone, or of the General level (whose Viewer/Editor grants are the dashboard's own), is listed to those who
 * read every dashboard only (an org Admin: `fixed:dashboards:reader` is granted to Admin) — review-69a M2. The sandbox lists
 * as after that job's pass, at once.
 */
export function mayListTrashEntry(folders: Map<string, FolderRecord>, identity: Identity, record: DashboardRecord, rules: Pick<ApisRules, 'trashListsOwnEntries'>): boolean {
  if (!rules.trashListsOwnEntries) return record.folderUid !== '' && folders.has(record.folderUid) ? mayReadIn(folders, identity, record.folderUid) : hasRole(identity, 'Admin');
  if (record.deletedBy !== undefined && record.deletedBy === identityRef(identity, 'unified')) return true;
  return mayAdminIn(folders, identity, record.folderUid);
}
