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

/**
 * Pure: what V36 holds for a datasource a query, an annotation or (at 33 and above) a panel names by a string
 * (MigrateDatasourceNameToRef without "default" as null, schemaversion/datasource_utils.go): "default" → the instance's
 * default (`defaultDatasource`); where the settings were read (`datasources` given) and list none as the default, what
 * Grafana's index makes of the string itself: the data source of that name or uid, else `{uid: "default"}`. Any other
 * string → v33FormOf. Undefined for anything else, and for "default" where neither is known. A default these credentials
 * do not see is held as its own reference, which differs from `{uid: "default"}` and still shows.
 */
export function v36FormOf(named: unknown, defaultDatasource: Readonly<Json> | undefined, datasources?: NamedDatasources): Readonly<Json> | undefined {
  if (named !== 'default') return v33FormOf(named, datasources);
  if (defaultDatasource !== undefined) return defaultDatasource;
  return datasources === undefined ? undefined : (datasourceNameToRef(named, false, datasources) ?? undefined);
}
