import { isPlainObject } from '../files/is-plain-object.js';
import { isDeepEqual } from './is-deep-equal.js';

type Variable = Record<string, unknown>;

/** The intervals of the classic variables editor's new interval variable (initialIntervalVariableModelState.query). */
const DEFAULT_INTERVALS: readonly string[] = ['1m', '10m', '30m', '1h', '6h', '12h', '1d', '7d', '14d', '30d'];

/**
 * Pure: a live interval variable, read through Grafana's conversion of a v2 dashboard to the classic model, with the
 * file's own form of what Grafana's UI and that conversion derive from the file's variable. The dashboard scene turns
 * the classic variable's query into a list of intervals (getIntervalsFromQueryString: quoted strings and words, quotes
 * removed, `$__auto_interval_…` and repeats left out; the default list for none) and picks one (getCurrentValueForOldIntervalModel:
 * `$__auto` for the old auto form, the file's where it is one of them, else the first); its v2 save writes the
 * intervals joined with commas as `query`, one `{text, value, selected}` per interval as `options` and the pick as
 * `current`; the conversion back (convertIntervalVariableToV1) writes no `refresh`. So:
 * - a live `query` that is the file's intervals so joined is the file's (or left out, where the file has none);
 * - a live `current` that is the pick from the file's current among the live intervals is the file's (or left out);
 * - live `options` that are exactly the live intervals, the live current's selected, are the file's (or left out):
 *   Grafana builds an interval variable's options anew from its query on load;
 * - a missing live `refresh` is the file's.
 * A live value that differs (another interval chosen and saved as the default, other intervals) stays.
 */
export function withFileIntervalForms(variable: Variable, twin: Variable): Variable {
  if (variable.type !== 'interval' || twin.type !== 'interval') return variable;
  const result: Variable = { ...variable };
  const intervals = sceneIntervals(result.query);
  const liveValue = isPlainObject(result.current) ? result.current.value : undefined;
  const picked = pickedInterval(twin, intervals);
  const derivedOptions = intervals.map((interval) => ({ text: interval, value: interval, selected: interval === liveValue }));
  if (isDeepEqual(result.options, derivedOptions)) takeFileKey(result, twin, 'options');
  if (isDeepEqual(result.current, { text: picked, value: picked })) takeFileKey(result, twin, 'current');
  if (result.query === sceneIntervals(twin.query).join(',')) takeFileKey(result, twin, 'query');
  if (!Object.hasOwn(result, 'refresh') && Object.hasOwn(twin, 'refresh')) result.refresh = twin.refresh;
  return result;
}

function takeFileKey(result: Variable, twin: Variable, key: string): void {
  if (Object.hasOwn(twin, key)) result[key] = twin[key];
  else delete result[key];
}

function sceneIntervals(query: unknown): readonly string[] {
  const matches = typeof query === 'string' && query !== '' ? query.match(/(["'])(.*?)\1|\w+/g) : null;
  if (matches === null) return DEFAULT_INTERVALS;
  const intervals = matches.map((match) => match.replace(/["']+/g, '')).filter((interval) => !interval.startsWith('$__auto_interval_'));
  return [...new Set(intervals)];
}

function pickedInterval(twin: Variable, intervals: readonly string[]): string {
  const chosen = isPlainObject(twin.current) ? twin.current.value : undefined;
  const selected = Array.isArray(chosen) ? chosen[0] : chosen;
  const first = intervals[0] ?? '';
  if (typeof selected !== 'string' || selected === '') return first;
  if (selected.startsWith('$__auto_interval_') || selected === '$__auto') return '$__auto';
  return intervals.includes(selected) ? selected : first;
}
