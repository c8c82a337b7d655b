import { asMap, stringValue, type JsonMap } from './go-values.js';

/**
 * What V36 (schemaversion/v36.go migratePanelDatasourcesInternal) writes into a query whose datasource is `own`, its panel
 * holding `panelDatasource` at that point: a query naming none (none, null, or a reference without a uid) copies the
 * panel's (`{}` where the panel has none), but on a `-- Mixed --` panel gets what `resolve` makes of it (the default);
 * any other (a string, "default" included, or a reference) is what `resolve` makes of it. `resolve` is
 * MigrateDatasourceNameToRef that does not return "default" as null (the sandbox: datasourceNameToRef(_, false, index);
 * the plan: from the instance's data sources read, undefined where it cannot tell).
 */
export function v36QueryDatasource<T>(own: unknown, panelDatasource: unknown, resolve: (datasource: unknown) => T): JsonMap | T {
  const ownMap = asMap(own);
  const named = !(own === undefined || own === null || (ownMap !== undefined && (ownMap.uid === undefined || ownMap.uid === null)));
  const panel = asMap(panelDatasource) ?? {};
  if (named || stringValue(panel, 'uid') === '-- Mixed --') return resolve(own);
  return { ...panel };
}
