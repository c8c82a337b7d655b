import { asList, asMap, type JsonMap } from './go-values.js';

const VALUE_OPTION_KEYS = ['unit', 'stat', 'decimals', 'prefix', 'suffix'];
const MOVED_KEYS = new Set([...VALUE_OPTION_KEYS, 'thresholds', 'options']);

/**
 * V18 (schemaversion/v18.go migrateGaugePanelOptions): an old React gauge's `options-gauge` object becomes its `options`
 * (replacing any): unit, stat, decimals, prefix and suffix (where present, null included) under `valueOptions`, a non-empty
 * `thresholds` list reversed, every other key as it is but `options` (a bug's leftover, dropped).
 */
export function migrateGaugeOptions(panel: JsonMap): void {
  const gauge = asMap(panel['options-gauge']);
  if (!gauge) return;
  const valueOptions: JsonMap = {};
  for (const key of VALUE_OPTION_KEYS) if (Object.hasOwn(gauge, key)) valueOptions[key] = gauge[key];
  const options: JsonMap = { valueOptions };
  const thresholds = asList(gauge.thresholds);
  if (thresholds && thresholds.length > 0) options.thresholds = [...thresholds].reverse();
  for (const [key, value] of Object.entries(gauge)) if (!MOVED_KEYS.has(key)) options[key] = value;
  panel.options = options;
  delete panel['options-gauge'];
}
