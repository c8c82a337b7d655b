/**
 * The few Go `interface{}` rules the migration steps depend on, for values decoded from JSON
 * (numbers are float64, objects map[string]interface{}, arrays []interface{}).
 */

export type JsonMap = Record<string, unknown>;

export function asMap(value: unknown): JsonMap | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonMap) : undefined;
}

export function asList(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** The maps of a list; Go's `for … { p, ok := x.(map[string]interface{}); if !ok { continue } }`. */
export function mapsOf(value: unknown): JsonMap[] {
  const list = asList(value);
  if (!list) return [];
  const maps: JsonMap[] = [];
  for (const item of list) {
    const map = asMap(item);
    if (map) maps.push(map);
  }
  return maps;
}

/** GetStringValue: the string, or the default when absent or not a string. */
export function stringValue(map: JsonMap | undefined, key: string, fallback = ''): string {
  const value = map?.[key];
  return typeof value === 'string' ? value : fallback;
}

/** GetBoolValue: true only for a JSON `true`. */
export function boolValue(map: JsonMap | undefined, key: string): boolean {
  return map?.[key] === true;
}

/** IsTruthy: JavaScript's truthiness of a decoded JSON value (false, 0, "" and null are falsy), as the frontend tests it. */
export function isTruthy(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && value !== 0 && value !== '';
}

/** GetIntValue/ConvertToInt: a JSON number truncated toward zero; strings do not convert. */
export function intValue(map: JsonMap | undefined, key: string, fallback: number): number {
  const value = map?.[key];
  return typeof value === 'number' ? Math.trunc(value) : fallback;
}

/** ConvertToFloat: numbers, and strings that parse once a trailing `px` is dropped. */
export function convertToFloat(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  return parseGoFloat(value.endsWith('px') ? value.slice(0, -2) : value);
}

/** strconv.ParseFloat(s, 64): the whole string must be a number (no surrounding spaces). */
export function parseGoFloat(text: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|[Ii]nf(inity)?|NaN)$/.test(text)) return undefined;
  const value = Number(text.replace(/^([+-]?)[Ii]nf(inity)?$/, '$1Infinity'));
  return Number.isNaN(value) && text !== 'NaN' ? undefined : value;
}

/** strconv.FormatFloat(v, 'f', -1, 64): shortest decimal, never an exponent. */
export function formatGoFloat(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return String(value);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** V28/V31/V37/V38/V39's walk: every non-row panel, descending into row panels (recursively), rows themselves skipped. */
export function panelsInsideRows(panels: unknown): JsonMap[] {
  const found: JsonMap[] = [];
  for (const panel of mapsOf(panels)) {
    if (panel.type === 'row') found.push(...panelsInsideRows(panel.panels));
    else found.push(panel);
  }
  return found;
}

/** V30/V33–V36's walk: each top-level panel (rows included), then the panels nested one level inside it. */
export function panelsAndNested(panels: unknown): { panel: JsonMap; nested: boolean }[] {
  const found: { panel: JsonMap; nested: boolean }[] = [];
  for (const panel of mapsOf(panels)) {
    found.push({ panel, nested: false });
    for (const inner of mapsOf(panel.panels)) found.push({ panel: inner, nested: true });
  }
  return found;
}
