import { readClassicForm, readV2Form } from './read-classic-form.js';
import { createApiNeutralReads, type ApiNeutralReads } from '../api-neutral-reads.js';
import { createLibraryElementsApi } from '../library-elements/library-elements-api.js';
import { libraryPanelMethods } from '../library-elements/library-panel-methods.js';
import type { GrafanaRequester } from '../http/request.js';
import type { GrafanaPort, ServerDescription, WriteTarget } from '../port.js';
import { writeVersionFor, type K8sVersions } from './choose-versions.js';
import { DASHBOARD_GROUP } from './discover-apis.js';
import { deleteDashboardObject } from './endpoints/dashboards.js';
import { checkNamespaceAccess, createK8sContext } from './k8s-context.js';
import { keepAnswer } from '../ask-once.js';
import { createK8sFolders } from './k8s-folders.js';
import { findTrashedLibraryPanelUsers, listK8sTrashUids, listK8sTrashEntries, readK8sEarlierPush, readK8sLastSave, readK8sVersionsBetween, restoreFromK8sTrash } from './k8s-history.js';
import { createDisplayLookup, createInternalIdReader, createSaverNamer } from './name-savers.js';
import { createNotedSaverCheck } from './check-noted-saver.js';
import { findV2LibraryPanelUsers } from './find-v2-library-panel-users.js';
import { readDashboardsAsPushed } from './read-as-pushed.js';
import { keepListPages } from './kept-list-pages.js';
import { keepTrash } from './kept-trash.js';
import { listSummaries, readDashboardsFromPages, readLiveDashboard } from './read-dashboards.js';
import { listKeptDashboards } from './list-kept-dashboards.js';
import { saveK8sDashboard } from './save-k8s-dashboard.js';
import { parseRevision } from './to-live-dashboard.js';
import { capabilitiesOf } from '../legacy/capabilities.js';
import { majorOf } from '../parse-release.js';
import { recentlyDeletedReader } from '../read-recently-deleted.js';
import { defaultDatasourceOf, namedDatasourcesOf } from '../settings-datasources.js';
import { frontendSettingsReader } from '../frontend-settings.js';
import { dashboardPermissionsReader, writeAccessOf } from '../read-write-access.js';

export interface K8sPortOptions {
  orgId: number | undefined;
  /** Where orgId came from, as the refusal of an org names it (HttpClientOptions.orgIdFrom; default: the flag and the variable). */
  orgIdFrom?: () => string | undefined;
  versions: K8sVersions;
  /** `api: auto`: classic dashboards without labels or annotations are written through `POST /api/dashboards/db`. */
  classicWritesThroughLegacy: boolean;
  /** Items per LIST page (default 500). */
  pageSize?: number;
  /** The plans of several environments read through this port: their dashboard listings are kept for each other (keepListPages). */
  keepListPages?: boolean;
  /** The run's Ctrl-C (HttpClientOptions.signal): ends a write's wait for the pusher's uid (K8sContext.noteSaver). */
  signal?: AbortSignal;
  /** The health and user reads of a port that chose this API on discovery (deferPort), which may be under way; default: this port's own. */
  neutral?: ApiNeutralReads;
}

/**
 * The port on Grafana's Kubernetes-style API: dashboards read from LIST pages at their stored
 * version, written at a version of their own schema family with the resourceVersion read
 * (`revision` = `<generation>/<resourceVersion>`), folders through folder.grafana.app.
 */
export function createK8sPort(http: GrafanaRequester, options: K8sPortOptions): GrafanaPort {
  const neutral = options.neutral ?? createApiNeutralReads(http);
  const context = createK8sContext(http, options.versions, options.orgId, options.pageSize ?? 500, options.keepListPages ? keepListPages() : null, options.signal, neutral.identity);
  /** Whether the last recentlyDeletedEntries read a list (GrafanaPort.trashStorageUntold). */
  let trashListed = false;
  const libraryElements = createLibraryElementsApi(http);
  const permissions = dashboardPermissionsReader(http);
  const folders = createK8sFolders(context, (uid) => libraryElements.countPanelsIn(uid));
  const displayLookup = createDisplayLookup(context);
  const internalIdsOf = createInternalIdReader(displayLookup);
  const checkNotedSaver = createNotedSaverCheck(context, internalIdsOf);
  let server: Promise<ServerDescription> | undefined;
  // An apply that plans first asks once: the plan's check holds for its writes (a refusal since then is each write's 403).
  const accessChecks = new Map<null, Promise<void>>();
  const checkAccess: GrafanaPort['checkAccess'] = (check) =>
    keepAnswer(accessChecks, null, async () => checkNamespaceAccess(context, options.orgId, options.orgIdFrom?.(), check?.listingFollows === true && (await listsMetadataFirst())));
  // A plan's reads list metadata first where the tree's dashboards are written through /apis and the storage keeps their
  // push records (readDashboards below): with `api: auto` classic files go through /api, which keeps none, and on 12's
  // default legacy SQL storage no write keeps one; both plans read full pages. 13 keeps dashboards in unified storage by
  // default. The release is read beside discovery already; a hidden one or a failed read: as on 12.
  const listsMetadataFirst = async () =>
    !options.classicWritesThroughLegacy && (await neutral.serverInfo().then(({ version }) => (majorOf(version) ?? 0) >= 13, () => false));

  const writeTargetFor: GrafanaPort['writeTargetFor'] = (content) => {
    const hasMetadata = Object.keys(content.metadata.labels).length + Object.keys(content.metadata.annotations).length > 0;
    // /api drops labels and annotations (12 builds a fresh object, 13 resets them): those go through /apis.
    if (content.schema === 'v1' && options.classicWritesThroughLegacy && !hasMetadata && content.recorded !== true) return { api: 'legacy', apiVersion: null };
    const chosen = writeVersionFor(options.versions, content.schema, content.apiVersion);
    return 'refused' in chosen ? chosen : ({ api: 'k8s', apiVersion: `${DASHBOARD_GROUP}/${chosen.version}` } satisfies WriteTarget);
  };
  const describe = (): Promise<ServerDescription> => {
    // /apis is Grafana 12 or later: titles repeat freely, folders have their own uids, and "Recently deleted" is a LIST away.
    server ??= neutral.serverInfo().then(({ version }) => {
      const known = capabilitiesOf(version);
      return {
        version,
        capabilities: {
          uniqueTitlesPerFolder: false,
          sharedUidSpace: false,
          trash: true,
          softDeleteTrash: false,
          trashHoldsLibraryPanels: false,
          trashHangsOnStorage: false,
          trashListsOwnEntries: known.trashListsOwnEntries,
          searchMayLag: false,
          saveRefusesUnknownId: known.saveRefusesUnknownId,
          v2LibraryPanelUsesUncounted: known.v2LibraryPanelUsesUncounted,
          connectionCountTrusted: known.connectionCountTrusted,
          // A hidden version: /apis is there all the same, and every release that serves it migrates to 41 at least.
          apisSchemaVersion: known.apisSchemaVersion ?? 41,
          apisSchemaVersionAtLeast: version === null || known.apisSchemaVersionAtLeast,
          apisKeepsLabels: true,
        },
      };
    });
    server.catch(() => (server = undefined));
    return server;
  };
  const settings = frontendSettingsReader(http);
  return {
    url: http.baseUrl,
    urlSha256: http.baseUrlSha256,
    orgId: options.orgId,
    api: 'k8s',
    writeTargetFor,
    describeServer: describe,
    checkAccess,
    ...folders,
    listDashboards: (filter) => listSummaries(context, filter),
    listDashboardsToRead: (signal) => listKeptDashboards(context, signal),
    readsWholeOrg: true,
    readDashboards: ((uids, options) => {
      // The metadata pass pays off when most of them may be as pushed; with `api: auto` most classic
      // dashboards go through /api, which keeps no record, and legacy SQL storage (12's default) keeps
      // none at all, as the access check's listing showed: then it would only add requests.
      const pushedFrom = 'pushedFrom' in options ? options.pushedFrom : undefined;
      const mayBeAsPushed = pushedFrom !== undefined && pushedFrom.size > 0 && pushedFrom.size * 2 >= uids.length && context.listedFromLegacySql !== true;
      if (mayBeAsPushed) return readDashboardsAsPushed(context, uids, { ...options, pushedFrom });
      return readDashboardsFromPages(context, uids, options);
    }) as GrafanaPort['readDashboards'],
    getDashboard: (uid, tally, readAt) => readLiveDashboard(context, uid, tally, readAt),
    readLastSave: (dashboard) => readK8sLastSave(context, dashboard),
    readEarlierPush: (uid, version, options) => readK8sEarlierPush(context, uid, version, options, checkNotedSaver),
    readVersionsBetween: (uid, range, as) => readK8sVersionsBetween(context, uid, range, as),
    readClassicForm: (uid) => readClassicForm(context, uid),
    readV2Form: (uid, version) => readV2Form(context, uid, version),
    nameSavers: createSaverNamer(displayLookup),
    internalIdsOf,
    async saveDashboard(request, tally) {
      const target = request.target ?? writeTargetFor({ schema: request.schema ?? 'v1', apiVersion: null, metadata: request.metadata ?? { labels: {}, annotations: {} } });
      if ('refused' in target) return { kind: 'refused', message: target.refused };
      const saved = await saveK8sDashboard(context, request, target, async () => (await describe()).capabilities.saveRefusesUnknownId, tally).catch((error: unknown) => {
        // Whether it landed may not be known: the kept trash listing is read again.
        context.keptTrash?.forget();
        throw error;
      });
      // A dashboard holds the name now (this save, or one a refused save found there), which Grafana then lists in "Recently
      // deleted" no more; a save refused because the dashboard was deleted meanwhile means an entry the listing lacks.
      const name = request.uid ?? String(request.model.uid ?? '');
      if (saved.kind === 'saved' || (saved.kind === 'conflict' && saved.current !== null)) context.keptTrash?.left(name);
      else if (saved.kind === 'conflict') context.keptTrash?.forget();
      return saved;
    },
    async deleteDashboard(uid, { expect }, tally) {
      const revision = expect === undefined ? null : parseRevision(expect);
      try {
        return await deleteDashboardObject(http, await context.namespace(), options.versions.v1Read, uid, revision?.resourceVersion ?? null, tally);
      } finally {
        // A delete puts an entry in "Recently deleted": the kept listing is read again.
        context.keptTrash?.forget();
      }
    },
    restoreFromTrash: (uid, into, asPushed, asRestore) => restoreFromK8sTrash(context, uid, into, asPushed, asRestore),
    recentlyDeleted: recentlyDeletedReader(settings, async () => (await describe()).version),
    defaultDatasource: async () => defaultDatasourceOf(await settings()),
    namedDatasources: async () => namedDatasourcesOf(await settings()),
    // 12 and later: a dashboard in "Recently deleted" leaves its uid free for a create.
    trashedDashboardUids: async () => null,
    recentlyDeletedUids: () => listK8sTrashUids(context),
    recentlyDeletedEntries: async () => {
      const listed = await listK8sTrashEntries(context, () => checkAccess().catch(() => undefined));
      trashListed = listed instanceof Map;
      return listed;
    },
    // An entry tells unified storage (legacy SQL storage lists none); an empty list of an org that lists no dashboard tells
    // nothing. Empty as fetched (K8sContext.trashFetchedEmpty), not as the run's take-backs left the kept copy (rev-70b L3).
    trashStorageUntold: () => trashListed && context.trashFetchedEmpty && context.listedFromLegacySql === null,
    keepRecentlyDeleted: () => {
      context.keptTrash ??= keepTrash();
    },
    dashboardWriteAccess: async () => writeAccessOf(await permissions()),
    dashboardPermissions: () => permissions(),
    // Library panels have no /apis group a sync tool can use: /api/library-elements on every Grafana.
    ...libraryPanelMethods(libraryElements, async (tally) => (await context.identity.identity(tally)).login),
    identityFailure: () => context.identity.failure(),
    unnotedSaves: () => context.unnotedSaves,
    credentialsOrgId: () => context.identity.orgId(),
    v2LibraryPanelUsers: (panelUids, options) => findV2LibraryPanelUsers(context, panelUids, options),
    recentlyDeletedLibraryPanelUsers: (panelUids) => findTrashedLibraryPanelUsers(context, panelUids),
    close: () => http.close(),
  };
}
