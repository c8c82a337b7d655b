import { formatGoValue } from './go-format.js';
import { asList, asMap, parseGoFloat, type JsonMap } from './go-values.js';

/**
 * V28's singlestat → stat conversion (schemaversion/v28.go, migrateSinglestatPanel and helpers).
 * Go quirks kept on purpose: the legacy `mappingType`/`type` switches only match a mapping type the
 * migration inferred itself (a JSON number never equals Go's int constant), so an explicit type yields
 * no mapping.
 */
export function migrateSinglestat(panel: JsonMap): void {
  const originalType = panel.type;
  panel.autoMigrateFrom = panel.type;
  panel.type = 'stat';
  panel.pluginVersion = '1.0.0';
  if (panel.fieldConfig === undefined || panel.fieldConfig === null) panel.fieldConfig = { defaults: {}, overrides: [] };
  const fieldConfig = asMap(panel.fieldConfig) ?? (panel.fieldConfig = { defaults: {}, overrides: [] });
  const defaults = asMap(fieldConfig.defaults) ?? (fieldConfig.defaults = {});
  const angular = angularOptions(panel);
  const fromPlugin = originalType === 'grafana-singlestat-panel';
  const options = statOptions(fromPlugin);
  const reducer = reducerFor(typeof angular.valueName === 'string' ? angular.valueName : '');
  if (reducer !== '') (options.reduceOptions as JsonMap).calcs = [reducer];
  migrateThresholds(angular, defaults);
  if (!('thresholds' in defaults)) defaults.thresholds = defaultThresholds();
  applyCommonAngularOptions(defaults, options, angular);
  panel.options = options;
  applySharedUnitRange(defaults);
  for (const key of cleanedPanelKeys) delete panel[key];
}

const angularKeys = ['valueName', 'tableColumn', 'format', 'decimals', 'nullPointMode', 'nullText', 'thresholds', 'colors', 'valueMaps', 'gauge', 'sparkline', 'colorBackground', 'colorValue'];
const cleanedPanelKeys = ['autoMigrateFrom', 'valueName', 'format', 'decimals', 'thresholds', 'colors', 'gauge', 'sparkline', 'colorBackground', 'colorValue', 'nullPointMode', 'nullText', 'valueMaps', 'tableColumn', 'angular'];
const reducers: Record<string, string> = {
  min: 'min', max: 'max', mean: 'mean', median: 'median', sum: 'sum', count: 'count',
  first: 'firstNotNull', last: 'lastNotNull', name: 'lastNotNull', current: 'lastNotNull', total: 'sum',
};

function reducerFor(valueName: string): string {
  return Object.hasOwn(reducers, valueName) ? reducers[valueName]! : '';
}

/** The panel itself when it carries any angular singlestat property, else nothing. */
function angularOptions(panel: JsonMap): JsonMap {
  return angularKeys.some((key) => key in panel) ? panel : {};
}

/** Explicit migration (singlestat) or auto-migration (grafana-singlestat-panel) defaults. */
function statOptions(fromPlugin: boolean): JsonMap {
  return {
    reduceOptions: { calcs: [fromPlugin ? 'lastNotNull' : 'mean'], fields: '', values: false },
    orientation: fromPlugin ? 'auto' : 'horizontal',
    justifyMode: 'auto',
    percentChangeColorMode: 'standard',
    showPercentChange: false,
    textMode: 'auto',
    wideLayout: true,
  };
}

function defaultThresholds(): JsonMap {
  return { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'red', value: 80 }] };
}

function migrateThresholds(angular: JsonMap, defaults: JsonMap): void {
  const colors = asList(angular.colors);
  if (typeof angular.thresholds !== 'string' || !colors) return;
  if (angular.thresholds === '') {
    defaults.thresholds = defaultThresholds();
    return;
  }
  const values = angular.thresholds.split(',');
  const steps = colors.map((color, i) => {
    const step: JsonMap = { color };
    if (i === 0) step.value = null;
    else if (i - 1 < values.length) {
      const parsed = parseGoFloat(values[i - 1]!.trim());
      if (parsed !== undefined) step.value = parsed;
    }
    return step;
  });
  defaults.thresholds = { mode: 'absolute', steps };
}

function applyCommonAngularOptions(defaults: JsonMap, options: JsonMap, angular: JsonMap): void {
  if (typeof angular.tableColumn === 'string' && angular.tableColumn !== '') {
    (options.reduceOptions as JsonMap).fields = `/^${angular.tableColumn}$/`;
  }
  if (typeof angular.format === 'string') defaults.unit = angular.format;
  if ('decimals' in angular) defaults.decimals = angular.decimals;
  if ('nullPointMode' in angular) defaults.nullValueMode = angular.nullPointMode;
  if (typeof angular.nullText === 'string') defaults.noValue = angular.nullText;
  defaults.mappings = legacyMappings(angular, defaults.thresholds);
  const sparkline = asMap(angular.sparkline);
  options.graphMode = sparkline?.show === true ? 'area' : 'none';
  if (sparkline?.show === true && typeof sparkline.lineColor === 'string') {
    defaults.color = { mode: 'fixed', fixedColor: sparkline.lineColor };
  }
  options.colorMode = angular.colorBackground === true ? 'background' : angular.colorValue === true ? 'value' : 'none';
  if (angular.valueName === 'name') options.textMode = 'name';
  const gauge = asMap(angular.gauge);
  if (gauge?.show === true) {
    defaults.min = gauge.minValue ?? null;
    defaults.max = gauge.maxValue ?? null;
  }
}

function applySharedUnitRange(defaults: JsonMap): void {
  const range = defaults.unit === 'percent' ? [0, 100] : defaults.unit === 'percentunit' ? [0, 1] : undefined;
  if (!range) return;
  if (defaults.min === undefined || defaults.min === null) defaults.min = range[0];
  if (defaults.max === undefined || defaults.max === null) defaults.max = range[1];
}

function legacyMappings(angular: JsonMap, thresholds: unknown): unknown[] {
  let inferred: 1 | 2 | undefined;
  if (angular.mappingType === undefined || angular.mappingType === null) {
    if ((asList(angular.valueMaps)?.length ?? 0) > 0) inferred = 1;
    else if ((asList(angular.rangeMaps)?.length ?? 0) > 0) inferred = 2;
  }
  const source = inferred === 1 ? asList(angular.valueMaps) : inferred === 2 ? asList(angular.rangeMaps) : undefined;
  const mappings: unknown[] = [];
  for (const old of source ?? []) {
    const upgraded = upgradeOldMapping(asMap(old) ?? {}, thresholds);
    if (upgraded) mappings.push(upgraded);
  }
  return mappings;
}

/** upgradeOldAngularValueMapping: one new-format mapping, or nothing. */
function upgradeOldMapping(old: JsonMap, thresholds: unknown): JsonMap | undefined {
  const color = 'value' in old ? thresholdColor(old.value, thresholds) : null;
  const result = () => ({ text: old.text ?? null, color });
  let inferred: 1 | 2 | undefined;
  if (old.type === undefined || old.type === null) {
    if (old.value !== undefined && old.value !== null) inferred = 1;
    else if ((old.from ?? null) !== null || (old.to ?? null) !== null) inferred = 2;
  }
  const special = { type: 'special', options: { match: 'null', result: result() } };
  if (inferred === 1) {
    if (old.value === 'null') return special;
    return { type: 'value', options: { [formatGoValue(old.value)]: result() } };
  }
  if (inferred === 2) {
    const from = old.from ?? null;
    const to = old.to ?? null;
    if ((from !== null && formatGoValue(from) === 'null') || (to !== null && formatGoValue(to) === 'null')) return special;
    return { type: 'range', options: { from: rangeBound(from), to: rangeBound(to), result: result() } };
  }
  return undefined;
}

function rangeBound(value: unknown): unknown {
  if (value === null) return null;
  if (typeof value === 'string') return parseGoFloat(value) ?? null;
  return value;
}

/** getActiveThreshold as v28.go has it: the last step, from the end, whose value is null or ≤ the value. */
function thresholdColor(value: unknown, thresholds: unknown): unknown {
  const numeric = typeof value === 'number' ? value : typeof value === 'string' ? parseGoFloat(value) : undefined;
  const steps = asList(asMap(thresholds)?.steps);
  if (numeric === undefined || !steps) return null;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = asMap(steps[i]);
    if (!step || !('value' in step)) continue;
    if (step.value === null || (typeof step.value === 'number' && numeric >= step.value)) return 'color' in step ? step.color : null;
  }
  return null;
}
