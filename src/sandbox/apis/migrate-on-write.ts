import type { JsonObject } from '../dashboard-model.js';
import type { EraRules } from '../era.js';

export type MigrationResult = { ok: true; spec: JsonObject } | { ok: false; error: string };

/**
 * Schema migration of a v1-family spec (mutate.go: `migration.Migrate(spec, schemaversion.LATEST_VERSION)`),
 * called for every v1beta1/v1 write through /apis and when a v0alpha1-stored dashboard is read at a v1 version
 * (conversion v0 → v1 migrates too). v0alpha1 writes do not call it.
 *
 * For now it only raises `schemaVersion` to the release's latest (42 for both "12" = 12.x latest and 13). The real
 * steps of apps/dashboard/pkg/migration/schemaversion/ belong here (issue 12 item 5); an `{ok: false}` result makes
 * the write a 422 Invalid, as a failed migration does in Grafana. The input is not modified.
 */
export function migrateSpecOnWrite(spec: JsonObject, era: EraRules): MigrationResult {
  const latest = era.apis?.latestSchemaVersion ?? 39;
  const current = typeof spec.schemaVersion === 'number' ? spec.schemaVersion : 0;
  if (current >= latest) return { ok: true, spec };
  return { ok: true, spec: { ...spec, schemaVersion: latest } };
}
