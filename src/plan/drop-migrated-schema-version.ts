import { schemaVersionOf } from '../files/schema-version.js';
import type { DesiredContent } from '../files/types.js';
import type { Capabilities, GrafanaPort, WriteTarget } from '../grafana/port.js';
import type { FieldChange } from '../diff/types.js';
import type { DashboardAction } from './types.js';

type Change = DashboardAction['changes'][number];

/**
 * Pure: the `schemaVersion` of a classic file written through `/apis`, as Grafana reads it (GetSchemaVersion: a number
 * truncated, a numeric string parsed, else 0), which Grafana's migration may rewrite on write; undefined for any other write.
 */
export function migratedFileSchemaVersion(write: Pick<WriteTarget, 'api'>, desired: Pick<DesiredContent, 'schema' | 'spec'>): number | undefined {
  return write.api === 'k8s' && desired.schema === 'v1' ? schemaVersionOf(desired.spec) : undefined;
}

/**
 * Pure: a classic file written through `/apis` at a schemaVersion below the one Grafana migrates it to, where Grafana
 * holds that migrated schemaVersion already: the `schemaVersion` change (`42 → 41`) is not one the write makes, since
 * the save stores what Grafana migrates to again (decidePlan's schema-migration note says so). It is left out beside
 * other changes as it is when it is the only difference: an update with nothing else to write is a noop.
 * `fileSchemaVersion`: DashboardDecision's, as Grafana reads the file.
 */
export function dropMigratedSchemaVersion(action: DashboardAction, fileSchemaVersion: number | undefined, capabilities: Capabilities): DashboardAction {
  const changes = changesWritten(action.changes, fileSchemaVersion, capabilities);
  if (changes.length === action.changes.length) return action;
  if (changes.length > 0 || action.action !== 'update') return { ...action, changes };
  const { write: _write, ...rest } = action;
  return { ...rest, action: 'noop', changes: [], dependsOn: [] };
}

/** Pure: `changes` but the migrated `schemaVersion` (isMigratedSchemaVersion): those a write of the file makes. */
export function changesWritten(changes: readonly Change[], fileSchemaVersion: number | undefined, capabilities: Capabilities): Change[] {
  return changes.filter((change) => !isMigratedSchemaVersion(change, fileSchemaVersion, capabilities));
}

/**
 * Pure: whether `change` is the `schemaVersion` Grafana's migration stores on a classic write through `/apis` of a file at
 * `fileSchemaVersion` (undefined: not such a write), so one the write does not make.
 */
function isMigratedSchemaVersion(change: Change, fileSchemaVersion: number | undefined, capabilities: Capabilities): boolean {
  const target = capabilities.apisSchemaVersion;
  if (fileSchemaVersion === undefined || target === null || fileSchemaVersion >= target) return false;
  if (change.path !== 'schemaVersion' || change.kind !== 'changed' || typeof change.before !== 'number') return false;
  return change.before === target || (capabilities.apisSchemaVersionAtLeast && change.before > target);
}

/**
 * Whether a field change between a committed version and the live dashboard is the schemaVersion Grafana's migration
 * stores where apply writes that version through `/apis` (changesWritten): no change of the file's (holdsLive's `noChange`).
 * Never through `/api`.
 */
export async function migratedSchemaVersionOf(grafana: Pick<GrafanaPort, 'describeServer' | 'writeTargetFor'>, committed: DesiredContent | null): Promise<(change: FieldChange) => boolean> {
  const target = committed === null ? null : grafana.writeTargetFor(committed);
  const from = target === null || 'refused' in target ? undefined : migratedFileSchemaVersion(target, committed!);
  if (from === undefined) return () => false;
  const { capabilities } = await grafana.describeServer();
  return (change) => changesWritten([change], from, capabilities).length === 0;
}
