import { parseGrafanaDuration } from '../normalize/parse-grafana-duration.js';
import type { DeleteMode, PruneScope } from './types.js';

/** A value validator: the typed value, or what was expected (for the problem message). */
export type Check<T> = (value: unknown) => { ok: true; value: T } | { ok: false; expected: string };

const ok = <T>(value: T) => ({ ok: true as const, value });
const no = (expected: string) => ({ ok: false as const, expected });

export const integerIn =
  (min: number, max: number, expected: string): Check<number> =>
  (value) => {
    return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? ok(value) : no(expected);
  };

export const positiveNumber: Check<number> = (value) => {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? ok(value) : no('a number of seconds greater than 0');
};

export const nonEmptyString: Check<string> = (value) =>
  typeof value === 'string' && value.trim() !== '' ? ok(value.trim()) : no('a non-empty string');

export const stringList: Check<string[]> = (value) =>
  Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '')
    ? ok(value as string[])
    : no('an array of non-empty strings (globs relative to the root)');

export const stringMap: Check<Record<string, string>> = (value) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string')
    ? ok({ ...(value as Record<string, string>) })
    : no('an object of strings, e.g. { "DS_PROMETHEUS": "<datasource uid>" }');

export const pruneScope: Check<PruneScope> = (value) =>
  value === false || value === 'folders' || value === 'all' ? ok(value) : no('false, "folders" or "all"');

export const deleteMode: Check<DeleteMode> = (value) =>
  value === 'soft' || value === 'hard' ? ok(value) : no('"soft" or "hard"');

export const grafanaDuration: Check<string> = (value) =>
  typeof value === 'string' && parseGrafanaDuration(value) !== undefined && parseGrafanaDuration(value)! >= 0
    ? ok(value)
    : no('a Grafana duration such as "5s", "1m" or "1h"');

export const boolean: Check<boolean> = (value) => (typeof value === 'boolean' ? ok(value) : no('true or false'));

/** A short rendering of a bad value for a problem message (never used for credentials). */
export function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
