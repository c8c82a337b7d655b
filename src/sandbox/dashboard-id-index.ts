import type { DashboardRecord } from './state.js';

/**
 * Per org's dashboard map: numeric id → the uid its row had when the map was last walked. Grafana finds a row by id
 * through an indexed column (`id=? AND org_id=?`); a walk of the map per save cost the sandbox ~25–110 µs of CPU per
 * update at 5,000 dashboards, which the benchmark charged to every client that sends the id (docs/performance.md, perf-73p).
 * Uids, not records, are kept: a record a save replaced is not held here.
 */
const idIndexes = new WeakMap<Map<string, DashboardRecord>, Map<number, string>>();

/**
 * The record of `dashboards` with numeric id `id` that `accepts` takes, as a walk of the map in its order finds it; ids
 * are the org's own counter's (a save keeps its row's id), so at most one record has it. The index answers when the
 * map's record under the uid it names still has that id; otherwise (a delete, a create or a rename since) the map is
 * walked again.
 */
export function dashboardWithId(dashboards: Map<string, DashboardRecord>, id: number, accepts: (record: DashboardRecord) => boolean): DashboardRecord | undefined {
  const uid = idIndexes.get(dashboards)?.get(id);
  const held = uid === undefined ? undefined : dashboards.get(uid);
  if (held?.id === id) return accepts(held) ? held : undefined;
  const index = new Map<number, string>();
  let found: DashboardRecord | undefined;
  for (const record of dashboards.values()) {
    if (!index.has(record.id)) index.set(record.id, record.uid);
    if (found === undefined && record.id === id && accepts(record)) found = record;
  }
  idIndexes.set(dashboards, index);
  return found;
}
