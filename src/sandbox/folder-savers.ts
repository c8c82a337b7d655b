import type { EraRules } from './era.js';
import { saverNameNow } from './saver-names.js';
import type { FolderRecord, SandboxState } from './state.js';

/** Who `/api/folders` says created and last updated a folder (dtos.Folder createdBy/updatedBy). */
export type FolderSaversShown = (folder: FolderRecord) => { createdBy: string; updatedBy: string };

/**
 * `pkg/api/folder.go` newToFolderDto names the folder's CreatedBy/UpdatedBy user ids at the read (`Anonymous` for 0),
 * so what it shows depends on where the folder service read the folder from:
 * - 11.x, nested folders on: every GET, PUT and move answers the row of the `folder` table (folderimpl `Get`,
 *   `Update` and `Move` return the nested store's folder; its `SELECT *` has no saver columns: the table has none,
 *   `sqlstore/migrations/folder_mig.go`), so both are `Anonymous`, parents too. Only a create answers the
 *   dashboard-table row (`dashboards.FromDashboard(dash)`), whose saver is named (`getUserLogin`: a service account
 *   is `Anonymous` there too).
 * - 12/13: the folder comes from the folder apiserver, whose `grafana.app/createdBy` / `updatedBy` folderimpl maps to
 *   user ids (`conversions.go` `getIdentifier`: only a `user:` identity, by numeric id or uid; any other type is id 0),
 *   an updater of id 0 giving way to the creator; `getIdentityName` names them: a user's login, a service account's
 *   current name. So a service account shows by name where the folder storage writes savers as `user:` (legacy, the
 *   row's id) and as `Anonymous` where it writes `service-account:<uid>` (unified storage: 13) — and a folder a user
 *   created and a service account last updated shows the user as its updater there.
 * `answeringCreate`: the folder a POST /api/folders just created (its parents are still read from the folder table).
 */
export function folderSaversShown(state: SandboxState, era: EraRules, answeringCreate?: FolderRecord): FolderSaversShown {
  const readsFolderTable = era.apis === undefined;
  return (folder) => {
    if (readsFolderTable && folder !== answeringCreate) return { createdBy: 'Anonymous', updatedBy: 'Anonymous' };
    if (readsFolderTable) {
      return {
        createdBy: saverNameNow(state, era, folder.createdByUserId, folder.createdBy),
        updatedBy: saverNameNow(state, era, folder.updatedByUserId ?? folder.createdByUserId, folder.updatedBy),
      };
    }
    const creatorId = userIdShown(folder.k8s?.createdById, folder.createdByUserId);
    const updaterId = userIdShown(folder.k8s?.updatedById, folder.updatedByUserId ?? folder.createdByUserId);
    const createdBy = saverNameNow(state, era, creatorId, folder.createdBy);
    return { createdBy, updatedBy: updaterId === 0 ? createdBy : saverNameNow(state, era, updaterId, folder.updatedBy) };
  };
}

/** folderimpl `getIdFromMapping`: a `user:` identity is the saver's id; any other type (or none) is 0. */
function userIdShown(typedId: string | undefined, userId: number | undefined): number | undefined {
  if (!typedId) return userId; // a state file from before /apis (or its derived metadata): no typed identity recorded
  return typedId.startsWith('user:') ? userId : 0;
}
