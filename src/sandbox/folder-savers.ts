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
 * - 12/13: the folder comes from the folder apiserver (`UnstructuredToLegacyFolder` maps `grafana.app/createdBy`
 *   and `updatedBy`, the latter else the former, to user ids), named by `getIdentityName`: a user's login, a service
 *   account's current name.
 * `answeringCreate`: the folder a POST /api/folders just created (its parents are still read from the folder table).
 */
export function folderSaversShown(state: SandboxState, era: EraRules, answeringCreate?: FolderRecord): FolderSaversShown {
  const readsFolderTable = era.apis === undefined;
  return (folder) => {
    if (readsFolderTable && folder !== answeringCreate) return { createdBy: 'Anonymous', updatedBy: 'Anonymous' };
    return {
      createdBy: saverNameNow(state, era, folder.createdByUserId, folder.createdBy),
      updatedBy: saverNameNow(state, era, folder.updatedByUserId ?? folder.createdByUserId, folder.updatedBy),
    };
  };
}
