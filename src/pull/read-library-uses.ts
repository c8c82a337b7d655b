import pLimit from 'p-limit';
import type { GrafanaPort } from '../grafana/port.js';
import type { LiveLibraryUse } from './plan-library-pull.js';

/**
 * Every live library panel with the dashboards Grafana connects to it: one list, and one
 * connections request per panel that Grafana counts as used (`concurrency` at a time).
 */
export async function readLibraryUses(grafana: GrafanaPort, concurrency: number): Promise<LiveLibraryUse[]> {
  const panels = (await grafana.listLibraryPanels()).filter((panel) => panel.kind === 1);
  const limit = pLimit(Math.max(1, concurrency));
  return Promise.all(
    panels.map((panel) => limit(async () => ({ panel, users: panel.connectedDashboards > 0 ? ((await grafana.libraryPanelConnections(panel.uid)) ?? []) : [] }))),
  );
}
