import type { ApiNeutralReads } from './api-neutral-reads.js';
import type { GrafanaPort } from './port.js';
import { listDashboardsToRead } from './list-dashboards-to-read.js';

/**
 * A port that opens on first use: `api: auto` and `k8s` read discovery (`GET /apis`) before
 * they know which port to be, and nothing may reach Grafana before the tree has been read and
 * validated. `api`, `writeTargetFor` and `readsWholeOrg` are known once any request has been made (callers
 * `await checkAccess()` first); asked earlier, they throw. `base.neutral`: the health and user reads the port it opens
 * shares, which describeServer and credentialsOrgId start at once, beside discovery, when asked before it has answered.
 */
export function deferPort(
  base: { url: string; urlSha256: string; orgId: number | undefined; close: () => Promise<void>; neutral?: ApiNeutralReads },
  open: () => Promise<GrafanaPort>,
): GrafanaPort {
  let opened: GrafanaPort | undefined;
  let opening: Promise<GrafanaPort> | undefined;
  // keepRecentlyDeleted asked before the port opened: passed on once it has.
  let keepTrash = false;
  const port = (): Promise<GrafanaPort> => {
    opening ??= open().then((ready) => {
      if (keepTrash) ready.keepRecentlyDeleted();
      return (opened = ready);
    });
    opening.catch(() => (opening = undefined));
    return opening;
  };
  const known = (): GrafanaPort => {
    if (opened === undefined) throw new Error('internal: the Grafana API is chosen on the first request; await checkAccess() first');
    return opened;
  };
  async function* iterate<T>(items: (ready: GrafanaPort) => AsyncIterable<T>): AsyncGenerator<T> {
    yield* items(await port());
  }
  return {
    url: base.url,
    urlSha256: base.urlSha256,
    orgId: base.orgId,
    get api() {
      return known().api;
    },
    writeTargetFor: (content) => known().writeTargetFor(content),
    get readsWholeOrg() {
      return known().readsWholeOrg;
    },
    describeServer: async () => {
      // Awaited through the port below, which describes the release from this same read.
      if (opened === undefined) base.neutral?.serverInfo().catch(() => undefined);
      return (await port()).describeServer();
    },
    checkAccess: async (check) => (await port()).checkAccess(check),
    apiChosen: async () => {
      await port();
    },
    listFolders: async () => (await port()).listFolders(),
    getFolder: async (uid, tally) => (await port()).getFolder(uid, tally),
    getFolderWithLastChange: async (uid, tally) => (await port()).getFolderWithLastChange(uid, tally),
    createFolder: async (folder, tally) => (await port()).createFolder(folder, tally),
    updateFolder: async (uid, change, tally) => (await port()).updateFolder(uid, change, tally),
    folderContents: async (uid) => (await port()).folderContents(uid),
    deleteFolder: async (uid, tally) => (await port()).deleteFolder(uid, tally),
    listDashboards: (filter) => iterate((ready) => ready.listDashboards(filter)),
    listDashboardsToRead: async (signal) => listDashboardsToRead(await port(), signal),
    readDashboards: ((uids: readonly string[], options: Parameters<GrafanaPort['readDashboards']>[1]) =>
      iterate((ready) => ready.readDashboards(uids, options))) as GrafanaPort['readDashboards'],
    getDashboard: async (uid, tally, readAt) => (await port()).getDashboard(uid, tally, readAt),
    readLastSave: async (dashboard) => (await port()).readLastSave(dashboard),
    // Absent once the port chosen has none (`/apis` keeps every message as given): a caller reads the listed message then,
    // not a null that hides it. Before the first request it cannot be known, and reading asks the port chosen.
    get readSaveMessage() {
      if (opened !== undefined && opened.readSaveMessage === undefined) return undefined;
      return async (uid: string, version: number) => (await port()).readSaveMessage?.(uid, version) ?? null;
    },
    readEarlierPush: async (uid, version, options) => (await port()).readEarlierPush?.(uid, version, options) ?? null,
    readVersionsBetween: async (uid, range, as) => (await port()).readVersionsBetween?.(uid, range, as) ?? [],
    readClassicForm: async (uid) => {
      const ready = await port();
      return ready.readClassicForm ? ready.readClassicForm(uid) : { failed: 'this API serves no v2 dashboards' };
    },
    readV2Form: async (uid, version) => {
      const ready = await port();
      return ready.readV2Form ? ready.readV2Form(uid, version) : { failed: 'this API serves no v2 dashboards' };
    },
    nameSavers: async (refs) => (await port()).nameSavers(refs),
    internalIdsOf: async (uids) => (await port()).internalIdsOf?.(uids) ?? new Map(),
    identityFailure: () => opened?.identityFailure() ?? null,
    unnotedSaves: () => opened?.unnotedSaves() ?? new Set(),
    credentialsOrgId: async () => {
      if (opened === undefined) base.neutral?.identity.orgId().catch(() => undefined);
      return (await port()).credentialsOrgId();
    },
    orgAdmin: async () => (await port()).orgAdmin?.() ?? null,
    saveDashboard: async (request, tally) => (await port()).saveDashboard(request, tally),
    deleteDashboard: async (uid, options, tally) => (await port()).deleteDashboard(uid, options, tally),
    restoreFromTrash: async (uid, into, asPushed, asRestore) => (await port()).restoreFromTrash(uid, into, asPushed, asRestore),
    recentlyDeleted: async () => (await port()).recentlyDeleted(),
    defaultDatasource: async () => (await port()).defaultDatasource?.(),
    namedDatasources: async () => (await port()).namedDatasources?.(),
    trashedDashboardUids: async (uid) => (await port()).trashedDashboardUids(uid),
    recentlyDeletedUids: async () => (await port()).recentlyDeletedUids(),
    recentlyDeletedEntries: async () => (await port()).recentlyDeletedEntries(),
    keepRecentlyDeleted: () => {
      keepTrash = true;
      opened?.keepRecentlyDeleted();
    },
    trashStorageUntold: () => opened?.trashStorageUntold?.() ?? false,
    dashboardWriteAccess: async () => (await port()).dashboardWriteAccess(),
    dashboardPermissions: async () => (await port()).dashboardPermissions(),
    listLibraryPanels: async () => (await port()).listLibraryPanels(),
    getLibraryPanel: async (uid, tally) => (await port()).getLibraryPanel(uid, tally),
    saveLibraryPanel: async (request, tally) => (await port()).saveLibraryPanel(request, tally),
    deleteLibraryPanel: async (uid, tally) => (await port()).deleteLibraryPanel(uid, tally),
    libraryPanelConnections: async (uid) => (await port()).libraryPanelConnections(uid),
    v2LibraryPanelUsers: async (panelUids, options) => (await port()).v2LibraryPanelUsers(panelUids, options),
    recentlyDeletedLibraryPanelUsers: async (panelUids) => (await port()).recentlyDeletedLibraryPanelUsers(panelUids),
    close: async () => {
      const ready = opening && (await opening.catch(() => undefined));
      await (ready ?? base).close();
    },
  };
}
