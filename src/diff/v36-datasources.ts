import { isPlainObject } from '../files/is-plain-object.js';
import { v33FormOf, type NamedDatasources } from './v33-datasources.js';

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
 * A query's string is held as V33/V36 resolve it (v33FormOf, against `datasources`): a name they list, as its reference;
 * another as `{uid: s}`. Undefined where the file names the panel's datasource.
 */
export function v36Datasources(file: Json, schemaVersion: number, defaultDatasource: Readonly<Json>, datasources?: NamedDatasources): V36Datasources | undefined {
  const named = file.datasource;
  const unnamed = named === undefined || named === null || (named === 'default' && schemaVersion < 33);
  if (!unnamed && named !== 'default') return undefined;
  const fileQueries = Array.isArray(file.targets) && file.targets.length > 0 ? file.targets : [{ refId: 'A' }];
  let panel = defaultDatasource;
  const queries: Readonly<Json>[] = [];
  for (const query of fileQueries) {
    const own = isPlainObject(query) ? query.datasource : undefined;
    // V33 leaves a query's "default" as it is, and V36 resolves it to the default whatever the panel holds; below 33, V33
    // writes `{}` for "", which V36 fills, having no uid.
    const datasource = own === 'default' ? defaultDatasource : own === '' && schemaVersion < 33 ? null : own;
    let written: Readonly<Json>;
    if (datasource === undefined || datasource === null || (isPlainObject(datasource) && (datasource.uid === undefined || datasource.uid === null))) {
      if (panel.uid === '-- Mixed --') return undefined;
      written = { ...panel };
    } else if (isPlainObject(datasource)) written = datasource;
    else {
      const nameForm = v33FormOf(datasource, datasources);
      if (nameForm === undefined) return undefined;
      written = nameForm;
    }
    queries.push(written);
    if (unnamed && typeof written.uid === 'string' && written.uid !== '' && written.uid !== '__expr__') panel = written;
  }
  return { panel, queries };
}
