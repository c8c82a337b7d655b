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
 * The list V33/V36 resolve a string and find the default in, for a write or read in `orgId`'s namespace. 12.3 on, the
 * org's own (the org-aware provider of PR #110447: `GetDataSourcesQuery{OrgID}` for the namespace's org). 12.0–12.2
 * (`everyOrg`): `GetAllDataSources`, every org's data sources ordered by name (`sess.Asc("name")`, ties in the order
 * they were created), searched front to back by the steps' `getInstanceSettings` (the first whose name or uid matches,
 * the first flagged default). DatasourceIndex keeps the last of a name and the last default, so that list is handed
 * over reversed: the same data source wins.
 */
export function datasourcesForMigration(datasources: readonly InstanceDatasource[], orgId: number, everyOrg: boolean): InstanceDatasource[] {
  if (!everyOrg) return datasourcesOfOrg(datasources, orgId);
  const byName = datasources.map((ds, order) => ({ ds, order })).sort((a, b) => (a.ds.name < b.ds.name ? -1 : a.ds.name > b.ds.name ? 1 : a.order - b.order));
  return byName.map(({ ds }) => ds).reverse();
}
