import { parseGrafanaDuration } from '../normalize/parse-grafana-duration.js';
import { cutText } from '../report/cut-text.js';
import { parseGrafanaUrl } from './parse-grafana-url.js';
import type { ApiMode, DeleteMode, PruneScope } from './types.js';

/** A JSON Schema fragment (draft 2020-12) describing the values a check accepts. */
export type JsonSchema = Record<string, unknown>;

type CheckResult<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * A value validator that also describes itself as JSON Schema, so the resolver and the
 * shipped dashsync.schema.json are built from the same rules (build-config-schema.ts).
 * `label` names where the value came from (`--url`, `dashsync.config.json: "url"`).
 */
export interface Check<T> {
  (value: unknown, label: string): CheckResult<T>;
  readonly schema: JsonSchema;
}

const INVALID = Symbol('invalid');

/** A check whose problem reads `<label> must be <expected>, got <value>`; `convert` returns INVALID to refuse. */
function defineCheck<T>(schema: JsonSchema, expected: string, convert: (value: unknown) => T | typeof INVALID): Check<T> {
  const check = (value: unknown, label: string): CheckResult<T> => {
    const converted = convert(value);
    return converted === INVALID ? { ok: false, problem: `${label} must be ${expected}, got ${describeValue(value)}` } : { ok: true, value: converted };
  };
  return Object.assign(check, { schema });
}

export const integerIn = (min: number, max: number, expected: string): Check<number> =>
  defineCheck({ type: 'integer', minimum: min, maximum: max }, expected, (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : INVALID,
  );

export const positiveNumber = defineCheck<number>({ type: 'number', exclusiveMinimum: 0 }, 'a number of seconds greater than 0', (value) =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : INVALID,
);

export const secondsUpTo = (max: number): Check<number> =>
  defineCheck({ type: 'number', minimum: 0, maximum: max }, `a number of seconds from 0 to ${max}`, (value) =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= max ? value : INVALID,
  );

export const nonEmptyString = defineCheck<string>({ type: 'string', pattern: '\\S' }, 'a non-empty string', (value) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : INVALID,
);

/** Any string, kept as it is (`$schema`). */
export const anyString = defineCheck<string>({ type: 'string' }, 'a string', (value) => (typeof value === 'string' ? value : INVALID));

/** An array of non-empty strings, kept as they are; `what` says what they are in the error. */
const nonEmptyStrings = (what: string): Check<string[]> =>
  defineCheck<string[]>({ type: 'array', items: { type: 'string', minLength: 1 } }, what, (value) =>
    Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '') ? [...(value as string[])] : INVALID,
  );

export const stringList = nonEmptyStrings('an array of non-empty strings (globs relative to the root)');

export const libraryPanelUidList = nonEmptyStrings('an array of library panel uids, e.g. ["lp-cpu"]');

export const uidList = defineCheck<string[]>(
  { type: 'array', items: { type: 'string', minLength: 1 } },
  'an array of uids, e.g. ["ds-applications-fd54e5a8"]',
  (value) => (Array.isArray(value) && value.every((item) => typeof item === 'string' && item.trim() !== '') ? (value as string[]).map((item) => item.trim()) : INVALID),
);

/** A datasource uid an input maps to: not empty, no space at either end (an empty uid points every panel using it at no datasource). */
export const isInputValue = (value: unknown): value is string => typeof value === 'string' && value !== '' && value.trim() === value;

export const inputsMap = defineCheck<Record<string, string>>(
  { type: 'object', additionalProperties: { type: 'string', minLength: 1, pattern: '^\\S(?:.*\\S)?$' } },
  'an object of datasource uids, e.g. { "DS_PROMETHEUS": "<datasource uid>" }',
  (value) => (isPlainObject(value) && Object.values(value).every(isInputValue) ? { ...(value as Record<string, string>) } : INVALID),
);

export const pruneScope = defineCheck<PruneScope>({ enum: [false, 'folders', 'all'] }, 'false, "folders" or "all"', (value) =>
  value === false || value === 'folders' || value === 'all' ? value : INVALID,
);

export const deleteMode = defineCheck<DeleteMode>({ enum: ['soft', 'hard'] }, '"soft" or "hard"', (value) =>
  value === 'soft' || value === 'hard' ? value : INVALID,
);

export const apiMode = defineCheck<ApiMode>({ enum: ['auto', 'legacy', 'k8s'] }, '"auto", "legacy" or "k8s"', (value) =>
  value === 'auto' || value === 'legacy' || value === 'k8s' ? value : INVALID,
);

/**
 * Grafana's duration grammar (parseGrafanaDuration), never negative. The pattern is the same
 * grammar written as one regular expression; a test holds the two together.
 */
export const grafanaDuration = defineCheck<string>(
  { type: 'string', pattern: '^(\\d+[dwMy]|\\+?0|\\+?((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h))+)$' },
  'a Grafana duration such as "5s", "1m" or "1h"',
  (value) => {
    if (typeof value !== 'string' || value.startsWith('-')) return INVALID;
    const ms = parseGrafanaDuration(value);
    return ms !== undefined && ms >= 0 ? value : INVALID;
  },
);

/** A Grafana release as people write it: `"12"`, `"12.3"`, `"13.0.2"` (a whole number is read as the major: `12`). */
export const grafanaRelease = defineCheck<string>(
  { anyOf: [{ type: 'string', pattern: '^\\d+(\\.\\d+){0,2}$' }, { type: 'integer', minimum: 1 }] },
  'a Grafana release such as "12", "12.3" or "13.0.2"',
  (value) => {
    if (typeof value === 'number') return Number.isInteger(value) && value >= 1 ? String(value) : INVALID;
    return typeof value === 'string' && /^\d+(\.\d+){0,2}$/.test(value) ? value : INVALID;
  },
);

export const boolean = defineCheck<boolean>({ type: 'boolean' }, 'true or false', (value) => (typeof value === 'boolean' ? value : INVALID));

/**
 * A Grafana base URL (parseGrafanaUrl): http(s), no credentials, query or fragment. Its own
 * problems, because a refused URL may hold a password and is never echoed.
 */
export const grafanaUrl: Check<string> = Object.assign(
  (value: unknown, label: string): CheckResult<string> => {
    if (typeof value !== 'string' || value.trim() === '') {
      return { ok: false, problem: `${label} must be a URL such as "https://grafana.example.com", got ${describeValue(value)}` };
    }
    const parsed = parseGrafanaUrl(value, label);
    return 'url' in parsed ? { ok: true, value: parsed.url } : { ok: false, problem: parsed.problem };
  },
  { schema: { type: 'string', pattern: '^\\s*[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#@]+(/[^\\s?#]*)?\\s*$' } },
);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short rendering of a bad value for a problem message (never used for credentials). */
export function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return cutText(text, 60);
}
