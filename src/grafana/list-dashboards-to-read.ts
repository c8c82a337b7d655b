import { collect } from '../collect.js';
import type { DashboardListing, GrafanaPort } from './port.js';

/**
 * The org's dashboards listed once for a caller that reads many of them after (pull): the port's own listing that keeps
 * them (GrafanaPort.listDashboardsToRead), else its summaries and its readDashboards (`/api`: the search carries no model).
 */
export async function listDashboardsToRead(grafana: Pick<GrafanaPort, 'listDashboards' | 'readDashboards' | 'listDashboardsToRead'>, signal?: AbortSignal): Promise<DashboardListing> {
  if (grafana.listDashboardsToRead) return grafana.listDashboardsToRead(signal);
  return { summaries: await collect(grafana.listDashboards()), readDashboards: (uids, options) => grafana.readDashboards(uids, options) };
}
