import pLimit from 'p-limit';
import type { GrafanaPort } from '../port.js';

/** The dashboards Grafana connects to each of these library panels (none for one that is gone), `concurrency` asked at a time. */
export async function readLibraryPanelConnections(
  grafana: Pick<GrafanaPort, 'libraryPanelConnections'>,
  panelUids: readonly string[],
  concurrency: number,
): Promise<Map<string, string[]>> {
  const limit = pLimit(Math.max(1, concurrency));
  return new Map(await Promise.all(panelUids.map((uid) => limit(async () => [uid, (await grafana.libraryPanelConnections(uid)) ?? []] as const))));
}
