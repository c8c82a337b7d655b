import type { GrafanaRequester } from './http/request.js';
import { fetchServerInfo } from './legacy/endpoints/server.js';
import type { ServerInfo } from './legacy/legacy-api.js';
import { createIdentityLookup, type IdentityLookup } from './own-identity.js';

/**
 * The reads both of Grafana's APIs make alike, over one pool: `GET /api/health` and `GET /api/user`. A port that chooses
 * its API on discovery (deferPort) shares them with the port it opens, so a caller can start them beside discovery
 * instead of after it.
 */
export interface ApiNeutralReads {
  /** GET /api/health, read once; a failed read is asked again by the next call. */
  serverInfo(): Promise<ServerInfo>;
  /** GET /api/user, read once. */
  identity: IdentityLookup;
}

export function createApiNeutralReads(http: GrafanaRequester): ApiNeutralReads {
  let serverInfo: Promise<ServerInfo> | undefined;
  return {
    serverInfo() {
      if (serverInfo === undefined) {
        serverInfo = fetchServerInfo(http);
        serverInfo.catch(() => (serverInfo = undefined));
      }
      return serverInfo;
    },
    identity: createIdentityLookup(http),
  };
}
