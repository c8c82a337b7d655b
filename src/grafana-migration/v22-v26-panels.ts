import { asMap, mapsOf, type JsonMap } from './go-values.js';

/** V22 (schemaversion/v22.go migrateTableStyles): every style object of a `table` panel gets `align: "auto"`. */
export function migrateTableAlign(panel: JsonMap): void {
  if (panel.type !== 'table') return;
  for (const style of mapsOf(panel.styles)) style.align = 'auto';
}

/** V26 (schemaversion/v26.go migrateText2Panel): a `text2` panel becomes `text`, without `options.angular`. */
export function migrateText2(panel: JsonMap): void {
  if (panel.type !== 'text2') return;
  panel.type = 'text';
  delete asMap(panel.options)?.angular;
}
