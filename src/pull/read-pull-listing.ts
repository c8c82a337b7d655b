import type { Tree } from '../files/types.js';
import type { DashboardListing, DashboardSummary, GrafanaPort, ListedSave, LiveFolder } from '../grafana/port.js';
import { listDashboardsToRead } from '../grafana/list-dashboards-to-read.js';
import { readLibraryUses } from './read-library-uses.js';
import { readMissingFolders } from './read-missing-folders.js';
import { scopeFolderUids } from './resolve-pull-scope.js';
import type { LiveLibraryUse, PullScope } from './types.js';

export interface PullListing {
  /** The listed folders, plus those the pull needs that a lagging search missed (readMissingFolders). */
  liveFolders: LiveFolder[];
  /** Every dashboard the search lists. */
  liveDashboards: DashboardSummary[];
  /** Their newest saves as listed (`/apis`; DashboardListing.savedHeads): the other repositories' pushes are told from them without a read of each. */
  savedHeads?: ReadonlyMap<string, ListedSave>;
  /** Reads dashboards of that listing: from its own pages where the port keeps them (`/apis`), else as the port reads. */
  readDashboards: DashboardListing['readDashboards'];
  libraryUses: LiveLibraryUse[];
  /** The search may lag behind writes (Capabilities.searchMayLag): a dashboard it leaves out may still be there. */
  searchMayLag: boolean;
}

/**
 * What Grafana holds, as the pull plans from it: after the access check, the folder and
 * dashboard listings, the library panels with their users and the server's capabilities, all
 * at once; then, where the search may lag, the folders it missed that the pulled dashboards,
 * library panels or the scope name (read through `folderReads`).
 */
export async function readPullListing(
  grafana: GrafanaPort,
  folderReads: Pick<GrafanaPort, 'getFolder'>,
  input: { scope: PullScope; tree: Tree; concurrency: number },
): Promise<PullListing> {
  await grafana.checkAccess();
  const [listedFolders, dashboards, libraryUses, server] = await Promise.all([
    grafana.listFolders(),
    listDashboardsToRead(grafana),
    readLibraryUses(grafana, input.concurrency),
    grafana.describeServer(),
  ]);
  const liveDashboards = dashboards.summaries;
  const usedFolders = [
    ...liveDashboards.map((hit) => hit.folderUid),
    ...libraryUses.filter((use) => use.panel.kind === 1).map((use) => use.panel.folderUid),
    // The scope's own folders: one created seconds ago may hold nothing the search shows yet.
    ...scopeFolderUids(input.scope, input.tree, new Set(liveDashboards.map((hit) => hit.uid))),
  ];
  const { searchMayLag } = server.capabilities;
  const liveFolders = await readMissingFolders(folderReads, listedFolders, usedFolders, { concurrency: input.concurrency, mayLag: searchMayLag });
  return { liveFolders, liveDashboards, ...(dashboards.savedHeads && { savedHeads: dashboards.savedHeads }), readDashboards: (uids, options) => dashboards.readDashboards(uids, options), libraryUses, searchMayLag };
}
