import { createRequester, type GrafanaRequester, type HttpClientOptions } from '../http/request.js';
import type { GrafanaApi, ServerInfo } from './legacy-api.js';
import { fetchCurrentLogin, fetchServerInfo } from './endpoints/server.js';
import { deleteDashboard, fetchDashboard, saveDashboard } from './endpoints/dashboards.js';
import { purgeFromTrash, restoreFromTrash } from './endpoints/trash.js';
import { listDashboardVersions } from './endpoints/dashboard-versions.js';
import { searchAll } from './endpoints/search.js';
import { fetchUserOrgIds } from './endpoints/user-orgs.js';
import { listAllFolders } from './endpoints/list-all-folders.js';
import { createLibraryElementsApi } from '../library-elements/library-elements-api.js';
import { createFolder, deleteFolder, folderCounts, getFolder, moveFolder, updateFolder } from './endpoints/folders.js';

/** Grafana's legacy HTTP API (`/api`), one function per endpoint over one keep-alive pool (`http`, or a new one). Call close() when done. */
export function createLegacyApi(options: HttpClientOptions, http: GrafanaRequester = createRequester(options)): GrafanaApi {
  let serverInfo: Promise<ServerInfo> | undefined;

  return {
    url: http.baseUrl,
    orgId: options.orgId,
    serverInfo() {
      if (serverInfo === undefined) {
        serverInfo = fetchServerInfo(http);
        // A failed lookup is not cached: the next call asks again.
        serverInfo.catch(() => (serverInfo = undefined));
      }
      return serverInfo;
    },
    currentLogin: () => fetchCurrentLogin(http),
    memberOrgIds: () => (options.auth.kind === 'basic' ? fetchUserOrgIds(http) : Promise.resolve(null)),
    getDashboard: (uid) => fetchDashboard(http, uid),
    saveDashboard: (request) => saveDashboard(http, request),
    deleteDashboard: (uid) => deleteDashboard(http, uid),
    purgeFromTrash: (uid) => purgeFromTrash(http, uid),
    restoreFromTrash: (uid, folderUid) => restoreFromTrash(http, uid, folderUid),
    listDashboardVersions: (uid, limit) => listDashboardVersions(http, uid, limit),
    search: (params) => searchAll(http, params),
    listAllFolders: () => listAllFolders(http),
    getFolder: (uid) => getFolder(http, uid),
    createFolder: (folder) => createFolder(http, folder),
    updateFolder: (uid, change) => updateFolder(http, uid, change),
    moveFolder: (uid, parentUid) => moveFolder(http, uid, parentUid),
    folderCounts: (uid) => folderCounts(http, uid),
    deleteFolder: (uid) => deleteFolder(http, uid),
    libraryElements: createLibraryElementsApi(http),
    close: () => http.close(),
  };
}
