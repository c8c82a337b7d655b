import { orgLibraryConnections, orgLibraryElements, type LibraryConnectionRecord, type SandboxState } from '../state.js';
import { libraryPanelRefs } from './library-panel-refs.js';

/**
 * Unified storage's start over data another release wrote: the data migration (pkg/storage/unified/migrations,
 * `unifiedMigration.Migrate` then `RebuildIndexes`) writes every stored dashboard into unified storage and builds
 * the search index again, and a library panel's connections are that index's `reference.LibraryPanel` terms, read
 * from each dashboard's spec by the running release (v1 `libraryPanel` refs, and v2 `LibraryPanel` elements where
 * it reads them). So the connections become what the live dashboards reference; a row already there for a pair is
 * kept as it was, and a dashboard with a reference lacking a uid keeps its rows.
 */
export function reindexLibraryConnections(state: SandboxState, v2Elements: boolean): void {
  for (const [orgId, dashboards] of state.dashboards) {
    const elements = orgLibraryElements(state, orgId);
    const before = orgLibraryConnections(state, orgId);
    const existing = new Map(before.map((row) => [`${row.dashboardId}:${row.elementId}`, row]));
    const rows: LibraryConnectionRecord[] = [];
    for (const dashboard of dashboards.values()) {
      if (dashboard.deleted) continue;
      const refs = libraryPanelRefs(JSON.parse(dashboard.body) as unknown, v2Elements);
      if ('missingUid' in refs) {
        rows.push(...before.filter((row) => row.dashboardId === dashboard.id));
        continue;
      }
      for (const uid of refs.uids) {
        const element = elements.get(uid);
        if (!element) continue;
        const kept = existing.get(`${dashboard.id}:${element.id}`);
        rows.push(
          kept ?? {
            id: ++state.counters.libraryConnectionId,
            orgId,
            elementId: element.id,
            dashboardId: dashboard.id,
            created: dashboard.updated,
            createdBy: dashboard.updatedByUserId ?? 0,
          },
        );
      }
    }
    state.libraryConnections.set(orgId, rows);
  }
}
