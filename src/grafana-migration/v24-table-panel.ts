import { asList, mapsOf, parseGoFloat, type JsonMap } from './go-values.js';

const DEFAULT_PATTERN = '/.*/';
const TRANSFORMS: Readonly<Record<string, string>> = { timeseries_to_rows: 'seriesToRows', timeseries_to_columns: 'seriesToColumns', timeseries_aggregations: 'reduce', table: 'merge' };
const REDUCERS: Readonly<Record<string, string>> = { avg: 'mean', min: 'min', max: 'max', total: 'sum', current: 'lastNotNull', count: 'count' };
const COLOR_MODES: Readonly<Record<string, string>> = { cell: 'color-background', row: 'color-background', value: 'color-text' };

/**
 * V24 (schemaversion/v24.go, tablePanelChangedHandler): an Angular `table` panel (one with `styles`) becomes the React
 * table: `pluginVersion` the instance's table plugin version, `fieldConfig` from the `/.*\/` style (defaults) and the
 * other patterned styles (overrides), the old `transform` appended to `transformations`, `options` replaced by the
 * table's defaults; `styles`, `transform` and `columns` removed.
 */
export function migrateAngularTable(panel: JsonMap, tablePluginVersion: string): void {
  if (!isAngularTable(panel)) return;
  const styles = mapsOf(panel.styles).filter((style) => typeof style.pattern === 'string');
  panel.pluginVersion = tablePluginVersion;
  panel.transformations = [...(asList(panel.transformations) ?? []), ...transformationOf(panel)];
  panel.fieldConfig = {
    defaults: fieldDefaults(styles.find((style) => style.pattern === DEFAULT_PATTERN)),
    overrides: styles.filter((style) => style.pattern !== DEFAULT_PATTERN).map(styleOverride),
  };
  // The footer is `show: false`, so the footer migration that follows in Go has nothing to move.
  panel.options = { cellHeight: 'sm', footer: { countRows: false, fields: '', reducer: ['sum'], show: false }, showHeader: true };
  delete panel.styles;
  delete panel.transform;
  delete panel.columns;
}

function transformationOf(panel: JsonMap): JsonMap[] {
  const transform = panel.transform;
  if (typeof transform !== 'string' || !Object.hasOwn(TRANSFORMS, transform)) return [];
  const options: JsonMap = { reducers: [] };
  if (transform === 'timeseries_aggregations') {
    options.includeTimeField = false;
    if (Array.isArray(panel.columns)) {
      // Go leaves a nil slice where no column maps: JSON null.
      const reducers = mapsOf(panel.columns).flatMap((column) => (typeof column.value === 'string' && Object.hasOwn(REDUCERS, column.value) ? [REDUCERS[column.value]] : []));
      options.reducers = reducers.length > 0 ? reducers : null;
    }
  }
  return [{ id: TRANSFORMS[transform], options }];
}

function fieldDefaults(style: JsonMap | undefined): JsonMap {
  const custom: JsonMap = { align: 'auto', cellOptions: { type: 'auto' }, inspect: false, footer: { reducer: [] } };
  const defaults: JsonMap = { custom, mappings: [] };
  const steps = style ? thresholdSteps(style) : undefined;
  defaults.thresholds = steps ? { mode: 'absolute', steps } : { mode: 'absolute', steps: [{ color: 'green' }, { color: 'red', value: 80 }] };
  if (!style) return defaults;
  if (typeof style.unit === 'string' && style.unit !== '') defaults.unit = style.unit;
  if (typeof style.decimals === 'number') defaults.decimals = Math.trunc(style.decimals);
  if (typeof style.alias === 'string' && style.alias !== '') defaults.displayName = style.alias;
  if (typeof style.align === 'string' && style.align !== '') custom.align = style.align === 'auto' ? '' : style.align;
  const colorMode = cellColorMode(style);
  if (colorMode) custom.cellOptions = { type: colorMode };
  return defaults;
}

function styleOverride(style: JsonMap): JsonMap {
  const pattern = style.pattern as string;
  const byRegexp = pattern.length >= 2 && pattern.startsWith('/') && pattern.endsWith('/');
  const properties: JsonMap[] = [];
  const add = (id: string, value: unknown) => properties.push({ id, value });
  if (typeof style.alias === 'string' && style.alias !== '') add('displayName', style.alias);
  if (typeof style.unit === 'string' && style.unit !== '') add('unit', style.unit);
  if (typeof style.decimals === 'number') add('decimals', Math.trunc(style.decimals));
  if (style.type === 'date' && typeof style.dateFormat === 'string') add('unit', `time: ${style.dateFormat}`);
  if (style.type === 'hidden') add('custom.hideFrom.viz', true);
  if (style.link === true) {
    const text = (key: string) => (typeof style[key] === 'string' ? style[key] : '');
    add('links', [{ title: text('linkTooltip'), url: text('linkUrl'), targetBlank: style.linkTargetBlank === true }]);
  }
  const colorMode = cellColorMode(style);
  if (colorMode) add('custom.cellOptions', { type: colorMode });
  if (typeof style.align === 'string' && style.align !== '') add('custom.align', style.align === 'auto' ? '' : style.align);
  const steps = thresholdSteps(style);
  if (steps) add('thresholds', { mode: 'absolute', steps });
  return { matcher: { id: byRegexp ? 'byRegexp' : 'byName', options: pattern }, properties };
}

function cellColorMode(style: JsonMap): string | undefined {
  const mode = style.colorMode;
  return typeof mode === 'string' && Object.hasOwn(COLOR_MODES, mode) ? COLOR_MODES[mode] : undefined;
}

/** A base step in the first color, then each threshold in the next color ("red" past the list); unparsable values 0. */
function thresholdSteps(style: JsonMap): JsonMap[] | undefined {
  const thresholds = asList(style.thresholds);
  const colors = asList(style.colors);
  if (!thresholds || thresholds.length === 0 || !colors || colors.length === 0) return undefined;
  const colorAt = (index: number) => (index < colors.length && colors[index] !== null ? colors[index] : 'red');
  const valueOf = (threshold: unknown) => (typeof threshold === 'number' ? threshold : typeof threshold === 'string' ? (parseGoFloat(threshold) ?? 0) : 0);
  return [{ color: colorAt(0), value: null }, ...thresholds.map((threshold, index) => ({ color: colorAt(index + 1), value: valueOf(threshold) }))];
}

/** Whether V24 rewrites this panel: a `table` with `styles` (null counts as none), unless marked `table: "table2"`. */
export function isAngularTable(panel: JsonMap): boolean {
  return panel.type === 'table' && panel.styles !== undefined && panel.styles !== null && panel.table !== 'table2';
}
