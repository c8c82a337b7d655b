import { migrateSinglestat } from '../../grafana-migration/v28-singlestat.js';
import { asMap, mapsOf, panelsInsideRows, type JsonMap } from '../../grafana-migration/go-values.js';

/**
 * V28 (schemaversion/v28.go): singlestat and grafana-singlestat-panel become stat panels (options and
 * field config carried over), existing stat panels get the current default options, and query
 * variables lose the deprecated tag properties.
 */
export function v28(dashboard: JsonMap): void {
  for (const panel of panelsInsideRows(dashboard.panels)) {
    if (panel.type === 'singlestat' || panel.type === 'grafana-singlestat-panel') migrateSinglestat(panel);
    if (panel.type === 'stat') normalizeStatPanel(panel);
  }
  for (const variable of mapsOf(asMap(dashboard.templating)?.list)) {
    for (const key of ['tags', 'tagsQuery', 'tagValuesQuery', 'useTags']) delete variable[key];
  }
}

const statDefaults: [string, unknown][] = [
  ['percentChangeColorMode', 'standard'],
  ['justifyMode', 'auto'],
  ['textMode', 'auto'],
  ['wideLayout', true],
  ['showPercentChange', false],
];

function normalizeStatPanel(panel: JsonMap): void {
  if (panel.options === undefined || panel.options === null) panel.options = {};
  const options = asMap(panel.options);
  if (!options) return;
  for (const [key, value] of statDefaults) if (!(key in options)) options[key] = value;
}
