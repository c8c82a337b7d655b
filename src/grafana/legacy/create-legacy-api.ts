import { createRequester, type GrafanaRequester, type HttpClientOptions } from '../http/request.js';
import type { GrafanaApi } from './legacy-api.js';
import { createApiNeutralReads, type ApiNeutralReads } from '../api-neutral-reads.js';
import { deleteDashboard, fetchDashboard, receiveDashboard, saveDashboard } from './endpoints/dashboards.js';
import { purgeFromTrash, restoreFromTrash } from './endpoints/trash.js';
import { listDashboardVersionModels, listDashboardVersions, readDashboardVersion, readDashboardVersionMessage, readDashboardVersionModel } from './endpoints/dashboard-versions.js';
import { searchAll } from './endpoints/search.js';
import { fetchUserOrgs, type UserOrg } from './endpoints/user-orgs.js';
import { isOrgAdmin } from '../org-admin.js';
import { listAllFolders } from './endpoints/list-all-folders.js';
import { createLibraryElementsApi } from '../library-elements/library-elements-api.js';
import { createFolder, deleteFolder, folderCounts, getFolder, moveFolder, updateFolder } from './endpoints/folders.js';

/**
 * Grafana's legacy HTTP API (`/api`), one function per endpoint over one keep-alive pool (`http`, or a new one). Call close()
 * when done. `neutral`: the health and user reads of a port that chose this API on discovery (deferPort), which may be under way.
 */
export function createLegacyApi(options: HttpClientOptions, http: GrafanaRequester = createRequester(options), neutral: ApiNeutralReads = createApiNeutralReads(http)): GrafanaApi {
  const { identity } = neutral;
  let userOrgs: Promise<UserOrg[]> | undefined;
  // Tokens are bound to one org, and Grafana answers /api/user/orgs to users only.
  const readUserOrgs = options.auth.kind === 'basic' ? () => (userOrgs ??= fetchUserOrgs(http)) : null;

  return {
    url: http.baseUrl,
    urlSha256: http.baseUrlSha256,
    orgId: options.orgId,
    // A failed lookup is not cached: the next call asks again.
    serverInfo: () => neutral.serverInfo(),
    ownIdentity: (tally) => identity.identity(tally),
    identityFailure: () => identity.failure(),
    credentialsOrgId: () => identity.orgId(),
    memberOrgIds: async () => (readUserOrgs === null ? null : (await readUserOrgs()).map((org) => org.orgId)),
    orgAdmin: () => isOrgAdmin(readUserOrgs, async () => options.orgId ?? (await identity.orgId())),
    getDashboard: (uid, tally) => fetchDashboard(http, uid, tally),
    receiveDashboard: (uid) => receiveDashboard(http, uid),
    saveDashboard: (request, tally, answered) => saveDashboard(http, request, tally, answered),
    deleteDashboard: (uid, tally) => deleteDashboard(http, uid, tally),
    purgeFromTrash: (uid, tally) => purgeFromTrash(http, uid, tally),
    restoreFromTrash: (uid, folderUid) => restoreFromTrash(http, uid, folderUid),
    listDashboardVersions: (uid, limit) => listDashboardVersions(http, uid, limit),
    readVersionMessage: (uid, version) => readDashboardVersionMessage(http, uid, version),
    readVersion: (uid, version) => readDashboardVersion(http, uid, version),
    listVersionModels: (uid, limit) => listDashboardVersionModels(http, uid, limit),
    readVersionModel: (uid, version) => readDashboardVersionModel(http, uid, version),
    search: (params) => searchAll(http, params),
    listAllFolders: () => listAllFolders(http),
    getFolder: (uid, tally) => getFolder(http, uid, tally),
    createFolder: (folder, tally, answered) => createFolder(http, folder, tally, answered),
    updateFolder: (uid, change, tally, answered) => updateFolder(http, uid, change, tally, answered),
    moveFolder: (uid, parentUid, tally, answered) => moveFolder(http, uid, parentUid, tally, answered),
    folderCounts: (uid) => folderCounts(http, uid),
    deleteFolder: (uid, tally) => deleteFolder(http, uid, tally),
    libraryElements: createLibraryElementsApi(http),
    close: () => http.close(),
  };
}
