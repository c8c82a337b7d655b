import type { Capabilities } from '../grafana/port.js';
import type { DashboardAction } from './types.js';

/**
 * Pure: a classic file written through `/apis` at a schemaVersion below the one Grafana migrates it to, where Grafana
 * holds that migrated schemaVersion already: the `schemaVersion` change (`42 → 41`) is not one the write makes, since
 * the save stores what Grafana migrates to again (decidePlan's schema-migration note says so). It is left out beside
 * other changes as it is when it is the only difference: an update with nothing else to write is a noop.
 * `fileSchemaVersion`: DashboardDecision's, as Grafana reads the file.
 */
export function dropMigratedSchemaVersion(action: DashboardAction, fileSchemaVersion: number | undefined, capabilities: Capabilities): DashboardAction {
  const target = capabilities.apisSchemaVersion;
  if (fileSchemaVersion === undefined || target === null || fileSchemaVersion >= target) return action;
  const migrated = (change: DashboardAction['changes'][number]) =>
    change.path === 'schemaVersion' &&
    change.kind === 'changed' &&
    typeof change.before === 'number' &&
    (change.before === target || (capabilities.apisSchemaVersionAtLeast && change.before > target));
  if (!action.changes.some(migrated)) return action;
  const changes = action.changes.filter((change) => !migrated(change));
  if (changes.length > 0 || action.action !== 'update') return { ...action, changes };
  const { write: _write, ...rest } = action;
  return { ...rest, action: 'noop', changes: [], dependsOn: [] };
}
