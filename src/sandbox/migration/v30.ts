import { asMap, panelsAndNested, type JsonMap } from '../../grafana-migration/go-values.js';
import { upgradePanelMappings } from '../../grafana-migration/v30-value-mappings.js';

/**
 * V30 (schemaversion/v30.go): legacy value mappings (type 1 value→text, 2 range→text) become the
 * new format, all value mappings merged into one `{type: "value"}` entry placed first; timeseries
 * and xychart panels rename `options.tooltipOptions` to `options.tooltip`.
 */
export function v30(dashboard: JsonMap): void {
  for (const { panel } of panelsAndNested(dashboard.panels)) {
    upgradePanelMappings(panel);
    renameTooltipOptions(panel);
  }
}

function renameTooltipOptions(panel: JsonMap): void {
  if (panel.type !== 'timeseries' && panel.type !== 'xychart' && panel.type !== 'xychart2') return;
  const options = asMap(panel.options);
  if (!options || !('tooltipOptions' in options)) return;
  options.tooltip = options.tooltipOptions;
  delete options.tooltipOptions;
}
