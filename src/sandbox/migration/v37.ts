import { asMap, panelsInsideRows, type JsonMap } from '../../grafana-migration/go-values.js';

/**
 * V37 (schemaversion/v37.go): an object legend that is hidden (`displayMode: "hidden"` or
 * `showLegend: false`) becomes `{displayMode: "list", showLegend: false}`; any other gets `showLegend: true`.
 */
export function v37(dashboard: JsonMap): void {
  for (const panel of panelsInsideRows(dashboard.panels)) {
    const legend = asMap(asMap(panel.options)?.legend);
    if (!legend) continue;
    if (legend.displayMode === 'hidden' || legend.showLegend === false) {
      legend.displayMode = 'list';
      legend.showLegend = false;
    } else {
      legend.showLegend = true;
    }
  }
}
