/** Helpers for the stored dashboard JSON text (ids are kept outside the text and injected on read). */

import { compareGoKeys, goSortedJson } from './go-json-text.js';
import { restoreNumberTexts } from './number-texts.js';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Where `id`, `uid` and `version` go back into a stored body, in that order: for each, the offset
 * of the top-level member it goes before, or of the closing brace.
 */
export type IdentityOffsets = readonly [number, number, number];

/** A body as stored, and where the identity goes back into it. */
export interface StoredBody {
  body: string;
  identityAt: IdentityOffsets;
}

const IDENTITY_KEYS = ['id', 'uid', 'version'] as const;

/**
 * The model as stored: JSON text with its keys sorted at every depth as Grafana stores and answers
 * a dashboard (a simplejson map, which Go's encoding/json writes with its keys in byte order, so
 * `"10"` before `"2"`: goSortedJson), without `id`, `uid` and `version`, which live in the record and
 * go back in at their sorted places on read.
 */
export function storedBody(model: JsonObject): StoredBody {
  const keys = Object.keys(model)
    .filter((key) => !(IDENTITY_KEYS as readonly string[]).includes(key))
    .sort(compareGoKeys);
  const identityAt: number[] = [];
  let body = '{';
  for (const key of keys) {
    while (identityAt.length < IDENTITY_KEYS.length && compareGoKeys(IDENTITY_KEYS[identityAt.length]!, key) < 0) identityAt.push(body.length);
    const value = goSortedJson(model[key]);
    if (value === undefined) continue;
    body += `${body === '{' ? '' : ','}${JSON.stringify(key)}:${restoreNumberTexts(value)}`;
  }
  while (identityAt.length < IDENTITY_KEYS.length) identityAt.push(body.length);
  // An offset at a member's separator moves past it: each points at a member's first character or at the brace.
  const at = identityAt.map((offset) => (body[offset] === ',' ? offset + 1 : offset));
  return { body: flatText(`${body}}`), identityAt: [at[0]!, at[1]!, at[2]!] };
}

const START = /^/;

/**
 * The text built member by member above is held by V8 as a tree of thousands of pieces (a cons string)
 * until something reads it whole. A regular expression always runs over flat text, so this flattens it
 * now, while the pieces are young: left as a tree, the first read of an old body cost ~100 µs (the
 * pieces scattered in the old generation), and a version never read kept the whole tree in memory.
 */
function flatText(text: string): string {
  START.test(text);
  return text;
}

/**
 * The stored text with `id`, `uid` and `version` put back at their sorted places, without
 * parsing it. A body stored without offsets (a state file from before) gets them in front.
 */
export function injectIdentity(stored: { body: string; identityAt?: IdentityOffsets }, id: number, uid: string, version: number): string {
  return inject(stored, [String(id), JSON.stringify(uid), String(version)]);
}

/** The stored text with only `uid` and `version` put back (a k8s history spec carries no `id`). */
export function injectUidVersion(stored: { body: string; identityAt?: IdentityOffsets }, uid: string, version: number): string {
  return inject(stored, [undefined, JSON.stringify(uid), String(version)]);
}

function inject({ body, identityAt = [1, 1, 1] }: { body: string; identityAt?: IdentityOffsets }, values: (string | undefined)[]): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < IDENTITY_KEYS.length; i += 1) {
    const value = values[i];
    if (value === undefined) continue;
    const offset = identityAt[i]!;
    out += body.slice(from, offset);
    from = offset;
    const member = `"${IDENTITY_KEYS[i]}":${value}`;
    if (body[offset] !== '}') out += `${member},`;
    else out += out.endsWith('{') ? member : `,${member}`;
  }
  return out + body.slice(from);
}

export function tagsOf(model: JsonObject): string[] {
  const tags = model.tags;
  if (!Array.isArray(tags)) return [];
  return tags.filter((tag): tag is string => typeof tag === 'string');
}

// gtime.ParseDuration: `<n>` + d|w|M|y as a whole string, otherwise Go's time.ParseDuration
// (sequences such as `1h30m`, `1.5s`, `300ms`).
const calendarUnitMs: Record<string, number> = { d: 86_400_000, w: 604_800_000, M: 2_629_800_000, y: 31_557_600_000 };
const goUnitMs: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Grafana's gtime duration (`5s`, `1m30s`, `2h`, `1d`…) in milliseconds; undefined when Grafana could not parse it. */
export function parseDurationMs(text: string): number | undefined {
  const calendar = /^(\d+)([dwMy])$/.exec(text);
  if (calendar) return Number(calendar[1]) * calendarUnitMs[calendar[2]!]!;
  if (text === '0') return 0;
  const parts = text.match(/(\d+\.?\d*|\.\d+)(ns|us|µs|ms|s|m|h)/g);
  if (!parts || parts.join('') !== text) return undefined;
  let total = 0;
  for (const part of parts) {
    const [, amount, unit] = /^(\d+\.?\d*|\.\d+)(ns|us|µs|ms|s|m|h)$/.exec(part)!;
    total += Number(amount) * goUnitMs[unit!]!;
  }
  return total;
}

/** Go's time.ParseDuration error text for a refresh gtime could not parse. */
function durationError(text: string): string {
  const quoted = JSON.stringify(text);
  if (/^\d+(\.\d*)?$/.test(text)) return `time: missing unit in duration ${quoted}`;
  const unit = /^\d+(?:\.\d*)?([^\d.]+)$/.exec(text);
  if (unit) return `time: unknown unit ${JSON.stringify(unit[1])} in duration ${quoted}`;
  return `time: invalid duration ${quoted}`;
}

/**
 * ValidateDashboardRefreshInterval as the era-D apiserver admission runs it (no clamping there):
 * the 400 message for a refresh that is too short or does not parse, undefined when it is fine.
 */
export function refreshProblem(model: JsonObject, minRefreshInterval: string): string | undefined {
  const refresh = model.refresh;
  if (typeof refresh !== 'string' || refresh === '' || refresh === 'auto') return undefined;
  const minMs = parseDurationMs(minRefreshInterval);
  if (minMs === undefined) return undefined;
  const refreshMs = parseDurationMs(refresh);
  if (refreshMs === undefined) return `parsing refresh duration ${JSON.stringify(refresh)} failed: ${durationError(refresh)}`;
  return refreshMs < minMs ? 'Dashboard refresh interval is too low' : undefined;
}

/**
 * SaveDashboard's refresh rule (validateDashboardRefreshInterval): a string refresh other than
 * '' and 'auto' that does not parse, or is below the minimum, is silently replaced by the minimum.
 */
export function clampRefresh(model: JsonObject, minRefreshInterval: string): void {
  const refresh = model.refresh;
  if (typeof refresh !== 'string' || refresh === '' || refresh === 'auto') return;
  const minMs = parseDurationMs(minRefreshInterval);
  if (minMs === undefined) return;
  const refreshMs = parseDurationMs(refresh);
  if (refreshMs === undefined || refreshMs < minMs) model.refresh = minRefreshInterval;
}
