import { keepAnswer } from '../grafana/ask-once.js';
import type { DashboardSummary, GrafanaPort } from '../grafana/port.js';
import { collect } from '../collect.js';

/**
 * The port as the plans of one run over several environments see it, where they share it (same Grafana, org and
 * credentials): the listings every plan starts from (every folder, the search listing of every dashboard, every
 * library panel) are read once for them all, at the first plan's start: a later plan sees the org as listed then, with
 * its dashboards read fresh (docs/environments.md). Each plan gets its own copy of the lists; their items are frozen,
 * deeply, so no plan can change what the next one sees (a write throws). A failed listing is not kept (the next plan
 * reads again and sees its own error). A filtered search and every other member are the port's.
 */
export function shareListings(grafana: GrafanaPort): GrafanaPort {
  const listed = new Map<'folders' | 'dashboards' | 'libraryPanels', Promise<unknown[]>>();
  const once = <T>(key: 'folders' | 'dashboards' | 'libraryPanels', list: () => Promise<T[]>): Promise<T[]> =>
    (keepAnswer(listed, key, async () => (await list()).map(frozen)) as Promise<T[]>).then((items) => [...items]);
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

/** `value` and everything it holds made read-only (plain data: objects and arrays). */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) frozen(inner);
  }
  return value;
}
