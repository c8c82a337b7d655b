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

export function tagsOf(model: JsonObject): string[] {
  const tags = model.tags;
  if (!Array.isArray(tags)) return [];
  return tags.filter((tag): tag is string => typeof tag === 'string');
}

const unitMs: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  M: 2_592_000_000,
  y: 31_536_000_000,
};

/** Grafana's gtime duration (`5s`, `1m`, `2h`, `1d`…) in milliseconds; undefined when unparseable. */
export function parseDurationMs(text: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h|d|w|M|y)$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * unitMs[match[2]!]!;
}

/** A refresh below the server minimum is silently replaced by the minimum (grafana-api.md §1.10). */
export function clampRefresh(model: JsonObject, minRefreshInterval: string): void {
  const refresh = model.refresh;
  if (typeof refresh !== 'string' || refresh === '') return;
  const refreshMs = parseDurationMs(refresh);
  const minMs = parseDurationMs(minRefreshInterval);
  if (refreshMs !== undefined && minMs !== undefined && refreshMs < minMs) model.refresh = minRefreshInterval;
}
