import { datasourceNameToRef, type DatasourceIndex } from '../../grafana-migration/datasource-ref.js';
import { mapsOf, panelsAndNested, type JsonMap } from '../../grafana-migration/go-values.js';

/**
 * V33 (schemaversion/v33.go): panel and query datasource names become `{uid, type}` references.
 * A panel's datasource is always written (null for none or "default"); a query's only when it resolves.
 */
export function v33(dashboard: JsonMap, index: DatasourceIndex): void {
  for (const { panel } of panelsAndNested(dashboard.panels)) {
    panel.datasource = datasourceNameToRef(panel.datasource, true, index);
    for (const target of mapsOf(panel.targets)) {
      if (!('datasource' in target)) continue;
      const ref = datasourceNameToRef(target.datasource, true, index);
      if (ref !== null) target.datasource = ref;
    }
  }
}
