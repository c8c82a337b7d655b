import type { AddressInfo, Socket } from 'node:net';
import { eraRules, hasLegacyTrash, resolveFeatures, type EraRules } from './era.js';
import { dropUnkeptTrash } from './drop-unkept-trash.js';
import { FaultInjector } from './faults.js';
import { createRouteTable } from './http/route-table.js';
import { parseDurationMs } from './dashboard-model.js';
import { resolveMaxNestedFolderDepth } from './folder-tree.js';
import { createControlRoutes } from './control-routes.js';
import { createSandboxServer } from './create-server.js';
import { StateSaver, readStateFile } from './persistence.js';
import { reindexLibraryConnections } from './library-elements/reindex-connections.js';
import { provisionDashboard, syncDashboardFromRepository } from './provision-dashboard.js';
import { HeldRequests } from './held-requests.js';
import { RequestLog } from './request-log.js';
import { routesFor } from './routes/index.js';
import { createRequestHandler } from './server.js';
import { addToken, createServiceAccount } from './service-accounts.js';
import { createInitialState, nowIso } from './state.js';
import { startupStorage } from './startup-storage.js';
import { applyUidCollation, findUidCaseTwins } from './uid-collation.js';
import type { FaultConfig, ProvisionInput, RepositoryFolderInput, RepositorySyncInput, SandboxHandle, SandboxOptions } from './types.js';
import { syncFolderFromRepository } from './repo-managed-folders.js';

export type * from './types.js';
export { KNOWN_FEATURES, releaseFeatures } from './era.js';

/** Starts the Grafana-compatible API server (SPEC §9) and resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const grafanaVersion = options.grafanaVersion ?? '12';
  const released = eraRules(grafanaVersion, options.release);
  const era = withApisOptions(released, options);
  const features = resolveFeatures(era, grafanaVersion, options.features);
  const adminUser = options.adminUser ?? 'admin';
  const minRefreshInterval = options.minRefreshInterval ?? '5s';
  const minRefreshMs = parseDurationMs(minRefreshInterval);
  if (minRefreshMs === undefined) throw new Error(`minRefreshInterval "${minRefreshInterval}" is not a duration like 5s or 1m`);
  const stored = options.dataFile ? readStateFile(options.dataFile) : undefined;
  const state = stored ?? createInitialState(adminUser, nowIso());
  if (options.database === 'mysql') {
    const twins = findUidCaseTwins(state);
    if (twins.length > 0) {
      throw new Error(
        `sandbox data file ${options.dataFile} holds ${twins.join(', ')}, which Grafana on MySQL cannot hold both of (its uids compare without case); ` +
          'start it without --database mysql, or with another --data file',
      );
    }
  }
  const storage = startupStorage(era, state, options.storage);
  // Legacy SQL storage (12's default) deletes for good whatever the toggles: no row waits in "Recently deleted" there.
  if (stored && era.apis !== undefined && storage === 'legacy' && !hasLegacyTrash(era, features)) {
    const dropped = dropUnkeptTrash(state);
    if (dropped > 0) {
      process.stderr.write(
        `sandbox: note: dropped ${dropped} dashboard${dropped === 1 ? '' : 's'} in "Recently deleted" from ${options.dataFile}: ` +
          `Grafana ${grafanaVersion} on legacy SQL storage deletes for good (an older sandbox kept them)\n`,
      );
    }
  }
  applyUidCollation(state, options.database === 'mysql' ? 'case-insensitive' : 'binary');
  const saver = options.dataFile ? new StateSaver(options.dataFile, state) : undefined;
  const changed = () => saver?.changed();
  const current: { faults?: FaultConfig } = { faults: options.faults };
  const faults = new FaultInjector(options.faults);
  const log = new RequestLog();
  const held = new HeldRequests();
  const maxNestedFolderDepth = resolveMaxNestedFolderDepth(grafanaVersion, options.maxNestedFolderDepth);
  const routeSettings = {
    minRefreshInterval,
    minRefreshSeconds: minRefreshMs / 1000,
    versionsToKeep: options.versionsToKeep ?? 20,
    ...(options.maxPageSizeBytes !== undefined && options.maxPageSizeBytes > 0 ? { maxPageSizeBytes: options.maxPageSizeBytes } : {}),
    storage,
    maxNestedFolderDepth,
    staleConnectionCounts: options.staleConnectionCounts === true && grafanaVersion === '13',
    hideVersion: options.hideVersion === true,
    datasources: options.datasources ?? [],
  };
  if (stored && routeSettings.storage === 'unified') reindexLibraryConnections(state, era.v2LibraryPanelConnections ?? true);
  const storeSettings = { minRefreshInterval, versionsToKeep: options.versionsToKeep ?? 20 };
  const storeProvisioned = (input: ProvisionInput) => {
    const record = provisionDashboard(state, era, storeSettings, input);
    changed();
    return { uid: record.uid, version: record.version };
  };
  const storeSynced = (input: RepositorySyncInput) => {
    const record = syncDashboardFromRepository(state, era, storeSettings, input);
    changed();
    return { uid: record.uid, version: record.version };
  };
  const storeSyncedFolder = (input: RepositoryFolderInput) => {
    if (routeSettings.storage !== 'unified') throw new Error('syncFolderFromRepository: Git Sync folders need unified storage (legacy storage keeps no folder annotations)');
    const record = syncFolderFromRepository(state, era, input);
    changed();
    return { uid: record.uid, version: record.version };
  };
  const shutdown = new AbortController();
  const handler = createRequestHandler({
    state,
    era,
    features,
    credentials: { adminUser, adminPassword: options.adminPassword ?? 'admin' },
    settings: routeSettings,
    faults,
    log,
    held,
    match: createRouteTable(routesFor(era, features)),
    control: createControlRoutes({
      faults, log, held, current, state, era, features, settings: routeSettings, changed,
      provision: storeProvisioned,
      syncFromRepository: storeSynced,
      syncFolderFromRepository: storeSyncedFolder,
    }),
    changed,
    signal: shutdown.signal,
    // Node's close() closes the idle connections too.
    stopListening: () => server.close(),
  });
  const server = createSandboxServer(options.tls, (request, response) => {
    handler(request, response).catch((error: Error) => {
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ message: 'Internal Server Error', traceID: '' }));
      }
      process.stderr.write(`sandbox: ${error.stack ?? error.message}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  let closing: Promise<void> | undefined;
  let gone = false;
  // Gone: a connection is reset as soon as it is accepted (the listener stays, so the port stays ours).
  server.prependListener('connection', (socket: Socket) => {
    if (gone) socket.resetAndDestroy();
  });
  return {
    url: `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    grafanaVersion,
    features,
    storage: routeSettings.storage,
    close() {
      closing ??= (async () => {
        shutdown.abort();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await saver?.close();
      })();
      return closing;
    },
    async goAway() {
      gone = true;
      shutdown.abort();
      server.closeAllConnections();
    },
    setFaults(config) {
      current.faults = config;
      faults.set(config);
    },
    releaseHeld: () => held.releaseAll(),
    whenHeld: (count) => held.whenHeld(count),
    requests: () => log.list(),
    clearRequests: () => log.clear(),
    async createToken(role, orgId = 1) {
      if (!state.orgs.has(orgId)) throw new Error(`createToken: org ${orgId} does not exist`);
      const account = createServiceAccount(state, orgId, `sandbox-${role.toLowerCase()}-${state.counters.userId + 1}`, role);
      const { key } = addToken(state, account, `${account.name}-token`);
      changed();
      return key;
    },
    async provisionDashboard(input) {
      return storeProvisioned(input);
    },
    async syncFromRepository(input) {
      return storeSynced(input);
    },
  };
}

/** The instance's data sources, their database's name order and the cleanup's opt-in form (SandboxOptions) carried into the release's `/apis` rules. */
function withApisOptions(released: EraRules, options: SandboxOptions): EraRules {
  if (!released.apis) return released;
  const apis = {
    ...released.apis,
    ...(options.datasources ? { datasources: options.datasources } : {}),
    ...(options.database === 'mysql' ? { datasourceNameCollation: 'unicode-ci' as const } : {}),
    ...(options.cleanupBeforeSteps ? { cleanupBeforeSteps: true } : {}),
  };
  return { ...released, apis };
}
