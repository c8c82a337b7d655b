/** A classic model's `schemaVersion` as Grafana's migration reads it (GetSchemaVersion, apps/dashboard/pkg/migration; the sandbox README, "Schema migration"). */
export function schemaVersionOf(spec: Record<string, unknown>): number {
  const value = spec.schemaVersion;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : 0;
  if (typeof value === 'string' && /^[+-]?\d+$/.test(value)) return Number(value);
  return 0;
}
