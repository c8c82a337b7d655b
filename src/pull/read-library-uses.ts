import pLimit from 'p-limit';
import type { GrafanaPort } from '../grafana/port.js';
import type { LiveLibraryUse } from './plan-library-pull.js';

/**
 * Every live library element with the dashboards Grafana connects to it: one list, and one
 * connections request per panel that Grafana counts as used, or per panel where the count is not to be trusted
 * (Capabilities.connectionCountTrusted: 13 on), `concurrency` at a time. Library
 * variables come without users: pull writes none, but their uids are taken (not "gone").
 */
export async function readLibraryUses(grafana: GrafanaPort, concurrency: number): Promise<LiveLibraryUse[]> {
  const elements = await grafana.listLibraryPanels();
  const limit = pLimit(Math.max(1, concurrency));
  const trusted = (await grafana.describeServer()).capabilities.connectionCountTrusted;
  const used = (panel: (typeof elements)[number]) => panel.kind === 1 && (!trusted || panel.connectedDashboards > 0);
  return Promise.all(
    elements.map((panel) => limit(async () => ({ panel, users: used(panel) ? ((await grafana.libraryPanelConnections(panel.uid)) ?? []) : [] }))),
  );
}
