import { DatasourceIndex, datasourceNameToRef } from '../grafana-migration/datasource-ref.js';

type Json = Record<string, unknown>;

/** An instance's data sources as Grafana's migration resolves a string against them (DatasourceIndex: by name, then uid). */
export type NamedDatasources = DatasourceIndex;

const NONE_KNOWN = new DatasourceIndex([]);

/**
 * Pure: what Grafana's migration holds for a datasource the file names by a string (MigrateDatasourceNameToRef in
 * schemaversion/datasource_utils.go, called by V33 below 33 and by V36 below 36; datasourceNameToRef, the sandbox's too):
 * `""` → `{}`; any other string but "default" → the reference of the data source of that name (or uid) in `datasources`,
 * where given and listed, else `{uid: s}`, which Grafana writes for a string its index finds nothing for. grafonnet's
 * `"$datasource"` is one: the Go code looks a variable up like any name. Undefined for anything else ("default", none,
 * null, a reference). A name `datasources` does not list (unread, or one these credentials do not see) is taken as
 * unresolved: where Grafana resolved it, the two differ and it still shows.
 */
export function v33FormOf(named: unknown, datasources?: NamedDatasources): Readonly<Json> | undefined {
  if (typeof named !== 'string' || named === 'default') return undefined;
  return datasourceNameToRef(named, true, datasources ?? NONE_KNOWN) ?? undefined;
}
