import { keepAnswer } from '../grafana/ask-once.js';
import type { DashboardSummary, GrafanaPort } from '../grafana/port.js';
import { collect } from './list-live.js';

/**
 * The port as the plans of one run over several environments see it, where they share it (same Grafana, org and
 * credentials): the listings every plan starts from (every folder, the search listing of every dashboard, every
 * library panel) are read once for them all. A plan writes nothing, so the run is one look at Grafana, as one plan
 * is; each plan gets its own copy of the lists. A failed listing is not kept (the next plan reads again and sees its
 * own error). A filtered search and every other member are the port's.
 */
export function shareListings(grafana: GrafanaPort): GrafanaPort {
  const listed = new Map<'folders' | 'dashboards' | 'libraryPanels', Promise<unknown[]>>();
  const once = <T>(key: 'folders' | 'dashboards' | 'libraryPanels', list: () => Promise<T[]>): Promise<T[]> =>
    (keepAnswer(listed, key, list) as Promise<T[]>).then((items) => [...items]);
  async function* listDashboards(): AsyncGenerator<DashboardSummary> {
    yield* await once('dashboards', () => collect(grafana.listDashboards()));
  }
  // The port's getters (`api`, `readsWholeOrg` of a deferred port) stay the port's: only the listings are shared.
  const shared: GrafanaPort = Object.create(grafana);
  return Object.assign(shared, {
    listFolders: () => once('folders', () => grafana.listFolders()),
    listDashboards: (filter?: Parameters<GrafanaPort['listDashboards']>[0]) => (filter === undefined ? listDashboards() : grafana.listDashboards(filter)),
    listLibraryPanels: () => once('libraryPanels', () => grafana.listLibraryPanels()),
  });
}
