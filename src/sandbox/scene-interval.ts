import { isObject, type JsonObject } from './dashboard-model.js';

/**
 * The intervals variables reducer's default query (public/app/features/variables/interval/reducer.ts,
 * initialIntervalVariableModelState.query), which the scene falls back to.
 */
const DEFAULT_INTERVALS = ['1m', '10m', '30m', '1h', '6h', '12h', '1d', '7d', '14d', '30d'];

/**
 * The intervals the dashboard scene builds from a classic interval variable's query
 * (public/app/features/dashboard-scene/utils/getIntervalsFromQueryString.ts): the quoted strings and words of the
 * query, quotes removed, without `$__auto_interval_…` ones and repeats, in order; the default list for a query
 * that is empty or has none.
 */
export function sceneIntervals(query: unknown): string[] {
  const text = typeof query === 'string' ? query : '';
  const matches = text === '' ? null : text.match(/(["'])(.*?)\1|\w+/g);
  if (matches === null) return [...DEFAULT_INTERVALS];
  const intervals = new Set<string>();
  for (const match of matches) {
    const interval = match.replace(/["']+/g, '');
    if (!interval.startsWith('$__auto_interval_')) intervals.add(interval);
  }
  return [...intervals];
}

/**
 * The interval the scene selects for a classic interval variable
 * (public/app/features/dashboard-scene/utils/getCurrentValueForOldIntervalModel.ts, the newest stored form: older
 * forms throw on a variable without `current`): none without intervals, the first for no chosen one, `$__auto` for the
 * old auto form, the chosen one where it is one of the intervals, else the first.
 */
export function sceneIntervalValue(classic: JsonObject, intervals: readonly string[]): string {
  const chosen = isObject(classic.current) ? classic.current.value : undefined;
  const selected = Array.isArray(chosen) ? chosen[0] : chosen;
  const first = intervals[0];
  if (first === undefined) return '';
  if (typeof selected !== 'string' || selected === '') return first;
  if (selected.startsWith('$__auto_interval_') || selected === '$__auto') return '$__auto';
  return intervals.includes(selected) ? selected : first;
}
