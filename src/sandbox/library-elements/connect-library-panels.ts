import { nowIso, orgDashboards, orgLibraryConnections, orgLibraryElements, type LibraryConnectionRecord, type SandboxState } from '../state.js';
import { libraryPanelRefs } from './library-panel-refs.js';

export type ConnectResult =
  | { ok: true; elementUids: string[] }
  | {
      ok: false;
      reason: 'dashboard-not-found' | 'library-panel-uid-missing' | 'library-element-not-found';
      /** Grafana's error text (the legacy API hides it behind 500 "Error while connecting library panels"). */
      message: string;
    };

/**
 * ConnectLibraryPanelsForDashboard (pkg/services/librarypanels) + connectElementsToDashboardID: after a
 * dashboard is stored, its connections are replaced by the library panels its spec references (v1
 * `libraryPanel` refs, also inside rows; v2 `LibraryPanel` elements where the release reads them). One transaction: when a
 * reference has no uid or names an unknown element, nothing changes and the caller reports a failure
 * (the dashboard itself stays saved, as in Grafana). Every save writes new connection rows.
 */
export function connectLibraryPanels(
  state: SandboxState,
  orgId: number,
  dashboardUid: string,
  spec: unknown,
  connectedBy: number,
  /** 11.x: the connections are written by dashboard id, whether the row is in Recently deleted or not. */
  trashedToo = false,
  /** Whether v2 `LibraryPanel` elements connect (EraRules.v2LibraryPanelConnections: not on 12.3). */
  v2Elements = true,
  /**
   * Unified storage (13): no connect step runs on a save — the connections are the search index's references — so a
   * reference to an element that does not exist, or without a uid, fails nothing and connects nothing.
   */
  storage: 'legacy' | 'unified' = 'legacy',
): ConnectResult {
  const dashboard = orgDashboards(state, orgId).get(dashboardUid);
  if (!dashboard || (dashboard.deleted && !trashedToo)) return { ok: false, reason: 'dashboard-not-found', message: 'Dashboard not found' };
  const refs = libraryPanelRefs(spec, v2Elements);
  const indexed = storage === 'unified';
  if ('missingUid' in refs) {
    if (indexed) return { ok: true, elementUids: [] };
    return { ok: false, reason: 'library-panel-uid-missing', message: 'library panel header is missing required property uid' };
  }
  const elements = orgLibraryElements(state, orgId);
  const ids: number[] = [];
  const elementUids: string[] = [];
  for (const uid of refs.uids) {
    const element = elements.get(uid);
    if (!element && indexed) continue;
    if (!element) return { ok: false, reason: 'library-element-not-found', message: 'library element could not be found' };
    ids.push(element.id);
    elementUids.push(uid);
  }
  const created = nowIso();
  const kept = orgLibraryConnections(state, orgId).filter((row) => row.dashboardId !== dashboard.id);
  const added: LibraryConnectionRecord[] = ids.map((elementId) => ({
    id: ++state.counters.libraryConnectionId,
    orgId,
    elementId,
    dashboardId: dashboard.id,
    created,
    createdBy: connectedBy,
  }));
  state.libraryConnections.set(orgId, [...kept, ...added]);
  return { ok: true, elementUids };
}

/**
 * An /apis save on 12.4 with unified storage (dual-writer mode 5): the resource server stores the dashboard and its
 * search document, whose `reference.LibraryPanel` terms are what the connections list and the panel's delete read; no
 * connect step runs (ConnectLibraryPanelsForDashboard is called by legacy storage's SaveDashboard only,
 * pkg/registry/apis/dashboard/legacy/sql_dashboards.go: "TODO: for modes 3+ … use search to return the connections,
 * rather than the connections table"), so the library_element_connection rows 12's count reads stay as they were. The
 * dashboard's references become the spec's (an unknown or uid-less one fails nothing); its rows stay, no longer indexed
 * where the spec dropped the panel.
 */
export function indexLibraryPanels(state: SandboxState, orgId: number, dashboardUid: string, spec: unknown, connectedBy: number, v2Elements: boolean): void {
  const dashboard = orgDashboards(state, orgId).get(dashboardUid);
  if (!dashboard) return;
  const refs = libraryPanelRefs(spec, v2Elements);
  if ('missingUid' in refs) return;
  const elements = orgLibraryElements(state, orgId);
  const referenced = new Set(refs.uids.flatMap((uid) => elements.get(uid)?.id ?? []));
  const rows = orgLibraryConnections(state, orgId);
  const others = rows.filter((row) => row.dashboardId !== dashboard.id);
  const sqlRows = rows.filter((row) => row.dashboardId === dashboard.id && row.sqlRow !== false);
  const kept = sqlRows.map(({ indexed: _indexed, ...row }): LibraryConnectionRecord => (referenced.has(row.elementId) ? row : { ...row, indexed: false }));
  const created = nowIso();
  const added = [...referenced]
    .filter((elementId) => !sqlRows.some((row) => row.elementId === elementId))
    .map((elementId): LibraryConnectionRecord => ({ id: ++state.counters.libraryConnectionId, orgId, elementId, dashboardId: dashboard.id, created, createdBy: connectedBy, sqlRow: false }));
  state.libraryConnections.set(orgId, [...others, ...kept, ...added]);
}

/** disconnectElementsFromDashboardID: a deleted dashboard uses no library element any more. */
export function disconnectLibraryPanels(state: SandboxState, orgId: number, dashboardIds: ReadonlySet<number>): void {
  const rows = orgLibraryConnections(state, orgId);
  if (!rows.some((row) => dashboardIds.has(row.dashboardId))) return;
  state.libraryConnections.set(orgId, rows.filter((row) => !dashboardIds.has(row.dashboardId)));
}

/** The element's delete takes its remaining connection rows with it (those the delete did not count). */
export function dropConnections(state: SandboxState, orgId: number, elementId: number): void {
  const rows = orgLibraryConnections(state, orgId);
  if (rows.some((row) => row.elementId === elementId)) state.libraryConnections.set(orgId, rows.filter((row) => row.elementId !== elementId));
}

/** The connections of one element the search index holds (on legacy storage, where search reads the rows: all of them). */
export function connectionsOf(state: SandboxState, orgId: number, elementId: number): LibraryConnectionRecord[] {
  return orgLibraryConnections(state, orgId).filter((row) => row.elementId === elementId && row.indexed !== false);
}
