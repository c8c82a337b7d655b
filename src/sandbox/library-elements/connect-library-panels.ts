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

/** The connection rows of one element. */
export function connectionsOf(state: SandboxState, orgId: number, elementId: number): LibraryConnectionRecord[] {
  return orgLibraryConnections(state, orgId).filter((row) => row.elementId === elementId);
}
