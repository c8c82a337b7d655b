import { asMap, boolValue, mapsOf, type JsonMap } from '../../grafana-migration/go-values.js';

/**
 * V42 (schemaversion/v42.go): a field hidden from the visualization (`custom.hideFrom` override with
 * `viz: true`) is hidden from tooltips too (`tooltip: true`), in every panel and nested panel.
 */
export function v42(dashboard: JsonMap): void {
  for (const panel of mapsOf(dashboard.panels)) hideFromTooltips(panel);
}

function hideFromTooltips(panel: JsonMap): void {
  for (const override of mapsOf(asMap(panel.fieldConfig)?.overrides)) {
    for (const property of mapsOf(override.properties)) {
      const value = asMap(property.value);
      if (property.id === 'custom.hideFrom' && value && boolValue(value, 'viz')) value.tooltip = true;
    }
  }
  for (const nested of mapsOf(panel.panels)) hideFromTooltips(nested);
}
