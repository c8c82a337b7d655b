import { readLibraryPanelConnections } from '../grafana/library-elements/read-library-panel-connections.js';
import type { GrafanaPort } from '../grafana/port.js';
import type { LiveLibraryUse } from './types.js';

/**
 * Every live library element with the dashboards Grafana connects to it: one list, and one
 * connections request per panel that Grafana counts as used, or per panel where the count is not to be trusted
 * (Capabilities.connectionCountTrusted: 13 on), `concurrency` at a time. Library
 * variables come without users: pull writes none, but their uids are taken (not "gone").
 */
export async function readLibraryUses(grafana: GrafanaPort, concurrency: number): Promise<LiveLibraryUse[]> {
  const elements = await grafana.listLibraryPanels();
  const trusted = (await grafana.describeServer()).capabilities.connectionCountTrusted;
  const used = elements.filter((panel) => panel.kind === 1 && (!trusted || panel.connectedDashboards > 0)).map((panel) => panel.uid);
  const connections = await readLibraryPanelConnections(grafana, used, concurrency);
  return elements.map((panel) => ({ panel, users: connections.get(panel.uid) ?? [] }));
}
