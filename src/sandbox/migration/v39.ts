import { asMap, mapsOf, panelsInsideRows, type JsonMap } from '../../grafana-migration/go-values.js';

/**
 * V39 (schemaversion/v39.go): a `timeSeriesTable` transformation's `options.refIdToStat` map becomes
 * per-query options (`{"A": {stat: "mean"}}`); the rest of its options are dropped, as in Go.
 */
export function v39(dashboard: JsonMap): void {
  for (const panel of panelsInsideRows(dashboard.panels)) {
    for (const transformation of mapsOf(panel.transformations)) {
      if (transformation.id !== 'timeSeriesTable') continue;
      const refIdToStat = asMap(asMap(transformation.options)?.refIdToStat);
      if (!refIdToStat) continue;
      const options: JsonMap = {};
      for (const [refId, stat] of Object.entries(refIdToStat)) options[refId] = { stat };
      transformation.options = options;
    }
  }
}
