/** Helpers for the stored dashboard JSON text (ids are kept outside the text and injected on read). */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The model as stored: without `id`, `uid` and `version`, which live in the record. */
export function storedBody(model: JsonObject): string {
  const { id: _id, uid: _uid, version: _version, ...rest } = model;
  return JSON.stringify(rest);
}

/** The stored text with `id`, `uid` and `version` put back, without parsing the text. */
export function injectIdentity(body: string, id: number, uid: string, version: number): string {
  const head = `{"id":${id},"uid":${JSON.stringify(uid)},"version":${version}`;
  return body === '{}' ? `${head}}` : `${head},${body.slice(1)}`;
}

/** The stored text with only `uid` and `version` put back (a k8s history spec carries no `id`). */
export function injectUidVersion(body: string, uid: string, version: number): string {
  const head = `{"uid":${JSON.stringify(uid)},"version":${version}`;
  return body === '{}' ? `${head}}` : `${head},${body.slice(1)}`;
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
