import type { EraRules } from './era.js';
import type { SandboxState } from './state.js';

/**
 * Where folders and dashboards live once the sandbox has started: where the caller put them (Grafana's own
 * `[unified_storage.*]` settings), else the release's default, except that a 12.4+ instance small enough for the
 * startup auto migration (EraRules.autoMigrationThreshold) is on unified storage. Grafana counts the legacy
 * `dashboard` table's rows with `is_folder` false and true, with no `deleted` filter, over every org.
 */
export function startupStorage(era: EraRules, state: SandboxState, chosen: EraRules['defaultStorage'] | undefined): EraRules['defaultStorage'] {
  if (chosen !== undefined) return chosen;
  const threshold = era.autoMigrationThreshold;
  if (era.defaultStorage === 'unified' || threshold === undefined) return era.defaultStorage;
  return countRows(state.dashboards) <= threshold && countRows(state.folders) <= threshold ? 'unified' : 'legacy';
}

function countRows(byOrg: ReadonlyMap<number, ReadonlyMap<string, unknown>>): number {
  let rows = 0;
  for (const records of byOrg.values()) rows += records.size;
  return rows;
}
