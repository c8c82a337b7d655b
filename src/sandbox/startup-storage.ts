import type { EraRules } from './era.js';
import type { SandboxState } from './state.js';

/**
 * Where folders and dashboards live once the sandbox has started: where the caller put them (Grafana's own
 * `[unified_storage.*]` settings), else the release's default, except that a 12.4+ instance small enough for the
 * startup auto migration (EraRules.autoMigrationThreshold) is on unified storage. Grafana counts the legacy
 * `dashboard` table's rows with `is_folder` false and true, over every org, leaving out rows in 11.x's "Recently deleted"
 * (`deleted IS NULL`: PR #116988, merged 2026-01-28, before 12.4.0; the migration does not carry them over).
 */
export function startupStorage(era: EraRules, state: SandboxState, chosen: EraRules['defaultStorage'] | undefined): EraRules['defaultStorage'] {
  if (chosen !== undefined) return chosen;
  const threshold = era.autoMigrationThreshold;
  if (era.defaultStorage === 'unified' || threshold === undefined) return era.defaultStorage;
  // The sandbox soft-deletes dashboards only (11.2's trash); a folder delete removes the folder.
  const dashboards = countRows(state.dashboards, (dashboard) => dashboard.deleted === undefined);
  const folders = countRows(state.folders, () => true);
  return dashboards <= threshold && folders <= threshold ? 'unified' : 'legacy';
}

function countRows<T>(byOrg: ReadonlyMap<number, ReadonlyMap<string, T>>, isLive: (record: T) => boolean): number {
  let rows = 0;
  for (const records of byOrg.values()) {
    for (const record of records.values()) if (isLive(record)) rows += 1;
  }
  return rows;
}
