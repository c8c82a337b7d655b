import type { DashboardRecord, SandboxState } from '../state.js';

/**
 * Connects a saved dashboard to the library panels it references (v1 `libraryPanel` refs, v2 `LibraryPanel`
 * elements), as Grafana does after every save (legacy sql_dashboards.go SaveDashboard:
 * libraryPanelSvc.ConnectLibraryPanelsForDashboard). Called by writeDashboard after every stored save, so
 * `/api` saves, `/apis` writes, restores and UI edits all connect (dry runs do not).
 *
 * A no-op until /api/library-elements exists (issue 12 item 8 puts the connection bookkeeping here).
 */
export function connectLibraryPanelsOnSave(_state: SandboxState, _record: DashboardRecord): void {}
