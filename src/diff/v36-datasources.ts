import { isPlainObject } from '../files/is-plain-object.js';
import { v36QueryDatasource } from '../grafana-migration/v36-query-datasource.js';
import { v36FormOf, type NamedDatasources } from './v33-datasources.js';

type Json = Record<string, unknown>;

/** What V36 writes into a panel whose file names no datasource: the panel's, and each query's, by index. */
export interface V36Datasources {
  panel: Readonly<Json>;
  queries: Readonly<Json>[];
}

/**
 * What V36 (schemaversion/v36.go migratePanelDatasourcesInternal) writes into a panel whose file names no datasource
 * (none, null, or "default", which V33 makes null below 33), given the instance's default: the panel gets the default,
 * then, query by query, a query without a datasource (or one without a uid) copies the panel's as it is at that point,
 * a query naming "default" gets the default, and a query's datasource with a uid (not an expression) becomes the panel's. A panel without queries is given one.
 * A query's string is held as V33/V36 resolve it (v36FormOf, against `datasources`): a name they list, as its reference;
 * another as `{uid: s}`. Undefined where the file names the panel's datasource.
 */
export function v36Datasources(file: Json, schemaVersion: number, defaultDatasource: Readonly<Json>, datasources?: NamedDatasources): V36Datasources | undefined {
  const named = file.datasource;
  const unnamed = named === undefined || named === null || (named === 'default' && schemaVersion < 33);
  if (!unnamed && named !== 'default') return undefined;
  const fileQueries = Array.isArray(file.targets) && file.targets.length > 0 ? file.targets : [{ refId: 'A' }];
  let panel = defaultDatasource;
  const queries: Readonly<Json>[] = [];
  // What V36 resolves a query's datasource to: "default" (V33 leaves it so), like none on a `-- Mixed --` panel, the default.
  const resolve = (datasource: unknown) => (datasource === undefined || datasource === null ? defaultDatasource : isPlainObject(datasource) ? datasource : v36FormOf(datasource, defaultDatasource, datasources));
  for (const query of fileQueries) {
    const own = isPlainObject(query) ? query.datasource : undefined;
    // Below 33, V33 writes `{}` for "", which V36 fills, having no uid (and resolves a name as V36 would).
    const written = v36QueryDatasource(own === '' && schemaVersion < 33 ? {} : own, panel, resolve);
    if (written === undefined) return undefined;
    queries.push(written);
    if (unnamed && typeof written.uid === 'string' && written.uid !== '' && written.uid !== '__expr__') panel = written;
  }
  return { panel, queries };
}
