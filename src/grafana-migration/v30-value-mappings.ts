import { asList, asMap, convertToFloat, formatGoFloat, intValue, mapsOf, parseGoFloat, type JsonMap } from './go-values.js';

/**
 * V30's value-mapping upgrade (schemaversion/v30.go upgradeValueMappingsForPanel), on a panel's field config defaults and
 * its `mappings` overrides: legacy mappings (type 1 value→text, 2 range→text) become the new format, and every value
 * mapping, new-format ones included, is merged into one `{type: "value"}` entry placed first. Changes `panel`.
 */
export function upgradePanelMappings(panel: JsonMap): void {
  const fieldConfig = asMap(panel.fieldConfig);
  if (!fieldConfig) return;
  const defaults = asMap(fieldConfig.defaults);
  const defaultMappings = asList(defaults?.mappings);
  if (defaults && defaultMappings) defaults.mappings = upgradeMappings(defaultMappings, asMap(defaults.thresholds));
  for (const override of mapsOf(fieldConfig.overrides)) {
    for (const property of mapsOf(override.properties)) {
      const mappings = asList(property.value);
      if (property.id === 'mappings' && mappings) property.value = upgradeMappings(mappings, undefined);
    }
  }
}

/** Returns null where Go's nil slice would be marshalled (every entry dropped). */
function upgradeMappings(old: unknown[], thresholds: JsonMap | undefined): unknown[] | null {
  if (old.length === 0) return old;
  const valueOptions: JsonMap = {};
  let hasValueMappings = false;
  const others: unknown[] = [];
  for (const mapping of mapsOf(old)) {
    if (typeof mapping.type === 'string' && mapping.type !== '') {
      if (mapping.type !== 'value') others.push(mapping);
      else {
        const options = asMap(mapping.options);
        if (options) {
          Object.assign(valueOptions, options);
          hasValueMappings = true;
        }
      }
      continue;
    }
    const color = thresholds ? colorForText(mapping.text, thresholds) : undefined;
    const result: JsonMap = { text: mapping.text ?? null };
    if (color !== undefined && color !== null) result.color = color;
    const type = intValue(mapping, 'type', -1);
    if (type === 1 && 'value' in mapping && mapping.value !== null) {
      if (mapping.value === 'null') others.push({ type: 'special', options: { match: 'null', result } });
      else {
        valueOptions[stringifyValue(mapping.value)] = result;
        hasValueMappings = true;
      }
    } else if (type === 2) {
      const from = parseGoFloat(stringifyValue(mapping.from)) ?? 0;
      const to = parseGoFloat(stringifyValue(mapping.to)) ?? 0;
      others.push({ type: 'range', options: { from, to, result } });
    }
  }
  const upgraded = hasValueMappings ? [{ type: 'value', options: valueOptions }, ...others] : others;
  return upgraded.length === 0 ? null : upgraded;
}

/** The mapping text read as a number picks the active threshold's colour (frontend getActiveThreshold). */
function colorForText(text: unknown, thresholds: JsonMap): unknown {
  if (typeof text !== 'string') return undefined;
  const value = parseGoFloat(text);
  if (value === undefined) return undefined;
  const steps = asList(thresholds.steps);
  if (!steps || steps.length === 0) return '#808080';
  let active = asMap(steps[0]);
  for (const step of steps) {
    const map = asMap(step);
    if (!map) continue;
    if (!('value' in map)) break;
    let stepValue = 0;
    if (map.value !== null) {
      const numeric = convertToFloat(map.value);
      if (numeric === undefined) break;
      stepValue = numeric;
    }
    if (value >= stepValue) active = map;
    else break;
  }
  return active ? (active.color ?? null) : null;
}

function stringifyValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatGoFloat(value);
  if (typeof value === 'boolean') return String(value);
  return '';
}
