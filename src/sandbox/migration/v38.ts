import { asMap, mapsOf, panelsInsideRows, type JsonMap } from '../../grafana-migration/go-values.js';

/**
 * V38 (schemaversion/v38.go): table panels' `custom.displayMode` becomes `custom.cellOptions`
 * (`{type, mode?}`), in the field defaults and in overrides (`custom.displayMode` → `custom.cellOptions`).
 * Overrides are only rewritten when the defaults have a `custom` object, as in Go.
 */
export function v38(dashboard: JsonMap): void {
  for (const panel of panelsInsideRows(dashboard.panels)) {
    if (panel.type !== 'table') continue;
    const fieldConfig = asMap(panel.fieldConfig);
    const custom = asMap(asMap(fieldConfig?.defaults)?.custom);
    if (!fieldConfig || !custom) continue;
    if ('displayMode' in custom) {
      if (typeof custom.displayMode === 'string') custom.cellOptions = cellOptions(custom.displayMode);
      delete custom.displayMode;
    }
    for (const override of mapsOf(fieldConfig.overrides)) {
      for (const property of mapsOf(override.properties)) {
        if (property.id !== 'custom.displayMode') continue;
        property.id = 'custom.cellOptions';
        if (typeof property.value === 'string') property.value = cellOptions(property.value);
      }
    }
  }
}

function cellOptions(displayMode: string): JsonMap {
  switch (displayMode) {
    case 'basic':
      return { type: 'gauge', mode: 'basic' };
    case 'gradient-gauge':
      return { type: 'gauge', mode: 'gradient' };
    case 'lcd-gauge':
      return { type: 'gauge', mode: 'lcd' };
    case 'color-background':
      return { type: 'color-background', mode: 'gradient' };
    case 'color-background-solid':
      return { type: 'color-background', mode: 'basic' };
    default:
      return { type: displayMode };
  }
}
