type Json = Record<string, unknown>;

/** An instance's data sources by name and uid (a name wins), as references: what Grafana's DatasourceIndex resolves a string against. */
export type NamedDatasources = ReadonlyMap<string, Readonly<Json>>;

/**
 * Pure: what Grafana's migration holds for a datasource the file names by a string (MigrateDatasourceNameToRef in
 * schemaversion/datasource_utils.go, called by V33 below 33 and by V36 below 36): `""` → `{}`; any other string but
 * "default" → the reference of the data source of that name (or uid) in `datasources`, where given and listed, else
 * `{uid: s}`, which Grafana writes for a string its index finds nothing for. grafonnet's `"$datasource"` is one: the Go
 * code looks a variable up like any name. Undefined for anything else ("default", none, null, a reference). A name
 * `datasources` does not list (unread, or one these credentials do not see) is taken as unresolved: where Grafana
 * resolved it, the two differ and it still shows.
 */
export function v33FormOf(named: unknown, datasources?: NamedDatasources): Readonly<Json> | undefined {
  if (typeof named !== 'string' || named === 'default') return undefined;
  return named === '' ? {} : (datasources?.get(named) ?? { uid: named });
}
