import { GrafanaHttpError, RequestInterruptedError } from '../errors.js';
import type { GrafanaPort } from '../grafana/port.js';

/**
 * Grafana saved the dashboard and then failed to connect its library panels (one it references does not exist):
 * Grafana 11's `/api` answers 500 "Error while connecting library panels" after the save (pkg/api/dashboard.go
 * postDashboard); legacy storage behind the apiserver (12's `/api`, which saves through it, and `/apis`) the 500 of
 * ConnectLibraryPanelsForDashboard's error, "library element could not be found" (pkg/registry/apis/dashboard/legacy/
 * sql_dashboards.go SaveDashboard). Unified storage connects nothing on a save.
 */
export function failedToConnectLibraryPanels(error: unknown): boolean {
  if (!(error instanceof GrafanaHttpError) || error.status !== 500) return false;
  const text = error.grafanaMessage.trim();
  return text === 'Error while connecting library panels' || text === 'library element could not be found';
}

/** Which of these library panels Grafana does not have; none named when the list cannot be read (the line then says only that one is missing). */
export async function missingLibraryPanelsOf(grafana: GrafanaPort, uids: readonly string[]): Promise<string[]> {
  try {
    const live = new Set((await grafana.listLibraryPanels()).filter((panel) => panel.kind === 1).map((panel) => panel.uid));
    return uids.filter((uid) => !live.has(uid));
  } catch (error) {
    if (error instanceof RequestInterruptedError) throw error;
    return [];
  }
}

/** `its library panel lp-0-0 is missing: the panel shows an error` (what the save's line adds). */
export function describeMissingPanels(missing: readonly string[]): string {
  if (missing.length === 0) return 'Grafana could not connect a library panel it uses: that panel shows an error';
  const named = missing.map((uid) => `"${uid}"`).join(', ');
  return missing.length === 1 ? `its library panel ${named} is missing: the panel shows an error` : `its library panels ${named} are missing: those panels show an error`;
}
