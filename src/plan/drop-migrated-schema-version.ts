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
  const migrated = (change: DashboardAction['changes'][number]) => isMigratedSchemaVersion(change, fileSchemaVersion, capabilities);
  if (!action.changes.some(migrated)) return action;
  const changes = action.changes.filter((change) => !migrated(change));
  if (changes.length > 0 || action.action !== 'update') return { ...action, changes };
  const { write: _write, ...rest } = action;
  return { ...rest, action: 'noop', changes: [], dependsOn: [] };
}

/**
 * Pure: whether `change` is the `schemaVersion` Grafana's migration stores on a classic write through `/apis` of a file at
 * `fileSchemaVersion` (undefined: not such a write), so one the write does not make.
 */
export function isMigratedSchemaVersion(change: DashboardAction['changes'][number], fileSchemaVersion: number | undefined, capabilities: Capabilities): boolean {
  const target = capabilities.apisSchemaVersion;
  if (fileSchemaVersion === undefined || target === null || fileSchemaVersion >= target) return false;
  if (change.path !== 'schemaVersion' || change.kind !== 'changed' || typeof change.before !== 'number') return false;
  return change.before === target || (capabilities.apisSchemaVersionAtLeast && change.before > target);
}
