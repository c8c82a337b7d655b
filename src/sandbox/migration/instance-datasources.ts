import type { DatasourceInfo } from '../../grafana-migration/datasource-ref.js';

/** A data source of the instance (SandboxOptions.datasources), in the org it belongs to (default: org 1). */
export interface InstanceDatasource extends DatasourceInfo {
  orgId?: number;
}

const orgOf = (ds: InstanceDatasource) => ds.orgId ?? 1;

/** The data sources of one org, as `/api/frontend/settings` lists them to an identity of that org. */
export function datasourcesOfOrg(datasources: readonly InstanceDatasource[], orgId: number): InstanceDatasource[] {
  return datasources.filter((ds) => orgOf(ds) === orgId);
}

/**
 * How the database orders data source names in `ORDER BY name`: 'binary' byte for byte (SQLite's BINARY collation);
 * 'unicode-ci' as MySQL's `utf8mb4_unicode_ci`, the collation of every text column Grafana's migrator creates there
 * (pkg/services/sqlstore/migrator/mysql_dialect.go SQLType): without case, so `graphite` sorts before `Prometheus`.
 */
export type NameCollation = 'binary' | 'unicode-ci';

/** The data source rules of a release's `/apis` (EraRules.apis) that datasourcesForMigration reads. */
export interface MigrationDatasourceRules {
  readonly datasources?: readonly InstanceDatasource[];
  readonly datasourcesOfEveryOrg: boolean;
  readonly datasourceNameCollation?: NameCollation;
}

/**
 * The list V33/V36 resolve a string and find the default in, for a write or read in `orgId`'s namespace. 12.3 on, the
 * org's own (the org-aware provider of PR #110447: `GetDataSourcesQuery{OrgID}` for the namespace's org). 12.0–12.2
 * (`datasourcesOfEveryOrg`): `GetAllDataSources`, every org's data sources ordered by name (`sess.Asc("name")`, in the
 * database's collation; names it holds equal, such as `loki` and `Loki` on MySQL, in the order they were created),
 * searched front to back by the steps' `getInstanceSettings` (the first whose name or uid matches, the first flagged
 * default). DatasourceIndex keeps the last of a name and the last default, so that list is handed over reversed: the
 * same data source wins.
 */
export function datasourcesForMigration(rules: MigrationDatasourceRules | undefined, orgId: number): InstanceDatasource[] {
  const datasources = rules?.datasources ?? [];
  if (rules?.datasourcesOfEveryOrg !== true) return datasourcesOfOrg(datasources, orgId);
  const compare = nameComparer(rules.datasourceNameCollation ?? 'binary');
  const byName = datasources.map((ds, order) => ({ ds, order })).sort((a, b) => compare(a.ds.name, b.ds.name) || a.order - b.order);
  return byName.map(({ ds }) => ds).reverse();
}

/**
 * `utf8mb4_unicode_ci` (UCA 4.0.0 weights, no case or accent) is approximated by ICU's root collation at base strength,
 * which orders letters, digits, spaces and common punctuation the same way (punctuation before digits before letters).
 */
const UNICODE_CI = new Intl.Collator('und', { sensitivity: 'base' });

function nameComparer(collation: NameCollation): (a: string, b: string) => number {
  if (collation === 'unicode-ci') return (a, b) => UNICODE_CI.compare(a, b);
  return (a, b) => (a < b ? -1 : a > b ? 1 : 0);
}
