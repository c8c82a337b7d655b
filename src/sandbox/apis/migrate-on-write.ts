import type { JsonObject } from '../dashboard-model.js';
import type { EraRules } from '../era.js';
import { LATEST_SCHEMA_VERSION, migrateDashboardSpec } from '../migration/index.js';
import { datasourcesForMigration } from '../migration/instance-datasources.js';

export type MigrationResult = { ok: true; spec: JsonObject } | { ok: false; error: string };

/**
 * Schema migration of a v1-family spec (mutate.go: `migration.Migrate(spec, schemaversion.LATEST_VERSION)`),
 * called for every v1beta1/v1 write through /apis (and era D's k8s-style `/api` bodies at those versions) and when
 * a v0alpha1-stored dashboard is read at a v1 or v2 version (conversion v0 → v1 migrates too). v0alpha1 writes do
 * not call it. 12.3 on, the frontend-defaults passes run first and the cleanup last (`apis.frontendDefaultsOnMigrate`; `apis.cleanupBeforeSteps` runs both first). The steps are src/sandbox/migration's (`migrateDashboardSpec`); a failure makes the write a
 * 422 Invalid, as a failed migration does in Grafana. V33/V36 resolve against the data sources of `orgId`, the org of the
 * object's namespace (12.0–12.2: every org's, `apis.datasourcesOfEveryOrg`). The input is not modified.
 */
export function migrateSpecOnWrite(spec: JsonObject, era: EraRules, orgId: number): MigrationResult {
  const result = migrateDashboardSpec(spec, era.apis?.latestSchemaVersion ?? LATEST_SCHEMA_VERSION, {
    frontendDefaults: era.apis?.frontendDefaultsOnMigrate ?? false,
    cleanupBeforeSteps: era.apis?.cleanupBeforeSteps ?? false,
    nestedPanelsAutoMigrate: era.apis?.nestedPanelsAutoMigrate ?? false,
    collapsedRowSteps: era.apis?.collapsedRowSteps ?? false,
    truthyRepeats: era.apis?.truthyRepeats ?? false,
    datasources: datasourcesForMigration(era.apis, orgId),
    tablePluginVersion: era.versionString,
  });
  if ('error' in result) return { ok: false, error: result.error.message };
  return { ok: true, spec: result.spec };
}
