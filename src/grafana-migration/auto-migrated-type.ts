import { asMap, type JsonMap } from './go-values.js';

/** The Angular panel types the migration's cleanup renames (applyPanelAutoMigration), `graph` apart. */
const ANGULAR_REPLACEMENTS: ReadonlyMap<string, string> = new Map([
  ['table-old', 'table'],
  ['singlestat', 'stat'],
  ['grafana-singlestat-panel', 'stat'],
  ['grafana-piechart-panel', 'piechart'],
  ['grafana-worldmap-panel', 'geomap'],
  ['natel-discrete-panel', 'state-timeline'],
]);

/**
 * The type applyPanelAutoMigration gives a panel (undefined: it keeps its type): `graph` → barchart, or bargauge where its
 * legend shows values (a series x-axis), histogram (a histogram x-axis), else timeseries; the Angular plugins above.
 */
export function autoMigratedType(panel: JsonMap): string | undefined {
  if (panel.type !== 'graph') return typeof panel.type === 'string' ? ANGULAR_REPLACEMENTS.get(panel.type) : undefined;
  const mode = asMap(panel.xaxis)?.mode;
  if (mode === 'series') return asMap(panel.legend)?.values === true ? 'bargauge' : 'barchart';
  return mode === 'histogram' ? 'histogram' : 'timeseries';
}
