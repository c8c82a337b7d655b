import { datasourceNameToRef, datasourceRef, type DatasourceIndex } from '../../grafana-migration/datasource-ref.js';
import { asList, asMap, mapsOf, panelsAndNested, stringValue, type JsonMap } from '../../grafana-migration/go-values.js';
import { v36QueryDatasource } from '../../grafana-migration/v36-query-datasource.js';

/**
 * V36 (schemaversion/v36.go): every annotation gets a datasource reference (the default datasource, or
 * null when there is none); query variables with a null datasource get the default; top-level panels
 * without queries get `[{refId: "A"}]`; panel and query datasources become references, a query
 * without one copying its panel's (an empty `{}` when the panel has none).
 */
export function v36(dashboard: JsonMap, index: DatasourceIndex): void {
  for (const query of mapsOf(asMap(dashboard.annotations)?.list)) {
    query.datasource = datasourceNameToRef(query.datasource, false, index);
  }
  for (const variable of mapsOf(asMap(dashboard.templating)?.list)) {
    if (stringValue(variable, 'type') === 'query' && 'datasource' in variable && variable.datasource === null) {
      variable.datasource = datasourceRef(index.defaultDatasource);
    }
  }
  for (const { panel, nested } of panelsAndNested(dashboard.panels)) migratePanel(panel, nested, index);
}

function migratePanel(panel: JsonMap, nested: boolean, index: DatasourceIndex): void {
  let targets = asList(panel.targets);
  if (!targets || targets.length === 0) {
    if (nested) return;
    targets = [{ refId: 'A' }];
    panel.targets = targets;
  }
  let panelDefaulted = false;
  const current = panel.datasource;
  if (current === undefined || current === null) {
    panel.datasource = datasourceRef(index.defaultDatasource);
    panelDefaulted = true;
  } else if (!(asMap(current) && Object.keys(current as object).length === 0)) {
    panel.datasource = datasourceNameToRef(current, false, index);
  }
  for (const target of mapsOf(targets)) {
    // Go: the panel datasource is always a map here (a nil map when none), so it is copied.
    target.datasource = v36QueryDatasource(target.datasource, panel.datasource, (ds) => datasourceNameToRef(ds, false, index));
    const targetDs = asMap(target.datasource);
    const uid = stringValue(targetDs, 'uid');
    if (panelDefaulted && targetDs && uid !== '' && uid !== '__expr__') panel.datasource = targetDs;
  }
}
