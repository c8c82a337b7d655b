import { collect } from '../collect.js';
import type { DashboardSummary, GrafanaPort, LiveFolder, LiveLibraryPanel } from '../grafana/port.js';

export interface LiveListing {
  folders: LiveFolder[];
  /** Every dashboard of the org, as summaries. */
  dashboards: DashboardSummary[];
  /** Every library panel, when asked for; else none. */
  libraryPanels: LiveLibraryPanel[];
}

/**
 * Starts the plan's listings: every folder (on /api one paged search, which may miss a folder
 * created seconds ago: readLiveFolders confirms the tree's), with `dashboards` the search
 * listing (not on /apis, where the pages that read the dashboards list them) and, with
 * `libraryPanels`, the library panels (`folders`: a folder list already asked for). The plan may read the
 * dashboards meanwhile, on the same connections, so the listing's round trips overlap theirs.
 * The promise is marked handled: when the dashboard reads fail first, that error is the one
 * reported; a failed listing is thrown where it is awaited.
 */
export function listLive(grafana: GrafanaPort, options: { dashboards: boolean; libraryPanels: boolean; folders?: Promise<LiveFolder[]> }): Promise<LiveListing> {
  const listing = Promise.all([
    options.folders ?? grafana.listFolders(),
    options.dashboards ? collect(grafana.listDashboards()) : Promise.resolve([]),
    options.libraryPanels ? grafana.listLibraryPanels() : Promise.resolve([]),
  ]).then(([folders, dashboards, libraryPanels]) => ({ folders, dashboards, libraryPanels }));
  listing.catch(() => undefined);
  return listing;
}
