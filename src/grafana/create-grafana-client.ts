import type { GrafanaAuth } from '../config/types.js';
import type { GrafanaApi, ServerInfo } from './types.js';
import { createRequester } from './request.js';
import { DEFAULT_RETRY_POLICY, type RetryEvent, type RetryPolicy } from './retry-policy.js';
import { defaultUserAgent } from './user-agent.js';
import { fetchCurrentLogin, fetchServerInfo } from './endpoints/server.js';
import { deleteDashboard, fetchDashboard, saveDashboard } from './endpoints/dashboards.js';
import { purgeFromTrash, restoreFromTrash } from './endpoints/trash.js';
import { listDashboardVersions } from './endpoints/dashboard-versions.js';
import { searchAll } from './endpoints/search.js';
import { fetchUserOrgIds } from './endpoints/user-orgs.js';
import { listAllFolders } from './endpoints/list-all-folders.js';
import { createFolder, deleteFolder, folderCounts, getFolder, moveFolder, updateFolder } from './endpoints/folders.js';

export type { RetryEvent, RetryPolicy } from './retry-policy.js';

export interface GrafanaClientOptions {
  /** Base URL, optionally with a sub-path (`https://example.com/grafana`). Credentials in it are ignored. */
  url: string;
  auth: GrafanaAuth;
  /** Sent as X-Grafana-Org-Id; undefined = the credentials' default org. */
  orgId?: number;
  /** Per request: connecting, waiting for headers, and each pause in the body. */
  timeoutMs: number;
  /** Keep-alive connections in the pool. */
  concurrency: number;
  /** PEM file added to the trusted CAs. */
  caCert?: string;
  /** Skip TLS verification (the CLI warns about it). */
  insecure?: boolean;
  retry?: Partial<RetryPolicy>;
  onRetry?: (event: RetryEvent) => void;
  /** Where HTTPS_PROXY, HTTP_PROXY, NO_PROXY and NODE_EXTRA_CA_CERTS are read; default process.env. */
  env?: Record<string, string | undefined>;
  /** Told once how requests reach Grafana (directly, or through which proxy), never with credentials. */
  onRoute?: (line: string) => void;
  /** Default `dashsync/<version>`. */
  userAgent?: string;
}

/** The Grafana HTTP API client over one keep-alive pool. Call close() when done. */
export function createGrafanaClient(options: GrafanaClientOptions): GrafanaApi {
  const http = createRequester({
    ...options,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    userAgent: options.userAgent ?? defaultUserAgent(),
  });
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
    close: () => http.close(),
  };
}
