import type { NormalizeOptions } from './normalize-dashboard.js';
import { clampRefresh } from './normalize-dashboard.js';
import { stripLibraryPanelRefs } from './strip-library-panel-refs.js';

/**
 * The canonical form of a v2 spec: what Grafana stores and returns for it, so that a file and
 * the live dashboard compare equal when Grafana holds what the file says. Pure; the input is
 * not mutated. Grafana changes a v2 spec in two ways a file notices:
 * - a panel query without a `refId` gets the first free one of A, B, … Z, AA, … on read
 *   (v2beta1 defaults.go EnsureUniqueRefIds, as the frontend's ensureQueryIds);
 * - `timeSettings.autoRefresh` below the server's `min_refresh_interval` is refused (400), where
 *   a classic dashboard's `refresh` is raised: dashsync raises it the same way for both, so
 *   what it pushes is accepted and compares equal.
 * A `LibraryPanel` element's reference is cut to `{uid, name}`, as a classic panel's: what a UI
 * saves beside it is not what the library panel is.
 * The title is not trimmed (the v2 API stores it as sent) and nothing else is dropped: a v2
 * spec carries no `id`, `uid` or `version`.
 */
export function normalizeV2Spec(spec: Record<string, unknown>, options: NormalizeOptions): Record<string, unknown> {
  const result: Record<string, unknown> = { ...stripLibraryPanelRefs(spec) };
  const time = result.timeSettings;
  if (isObject(time)) {
    const autoRefresh = clampRefresh(time.autoRefresh, options.minRefreshInterval);
    if (autoRefresh !== time.autoRefresh) result.timeSettings = { ...time, autoRefresh };
  }
  if (isObject(result.elements)) {
    let elements: Record<string, unknown> | undefined;
    for (const [name, element] of Object.entries(result.elements)) {
      const filled = withRefIds(element);
      if (filled === element) continue;
      elements ??= { ...result.elements };
      elements[name] = filled;
    }
    if (elements) result.elements = elements;
  }
  return result;
}

/** The element with every query's `refId` filled in, or the element itself when none is missing. */
function withRefIds(element: unknown): unknown {
  if (!isObject(element) || element.kind !== 'Panel' || !isObject(element.spec)) return element;
  const data = element.spec.data;
  const queries = isObject(data) && isObject(data.spec) && Array.isArray(data.spec.queries) ? data.spec.queries : undefined;
  if (!queries || queries.every((query) => refIdOf(query) !== '')) return element;
  const taken = new Set(queries.map(refIdOf).filter((refId) => refId !== ''));
  const filled = queries.map((query) => {
    if (refIdOf(query) !== '' || !isObject(query)) return query;
    const refId = nextRefId(taken);
    taken.add(refId);
    return { ...query, spec: { ...(isObject(query.spec) ? query.spec : {}), refId } };
  });
  const dataObject = data as Record<string, unknown>;
  return { ...element, spec: { ...element.spec, data: { ...dataObject, spec: { ...(dataObject.spec as object), queries: filled } } } };
}

function refIdOf(query: unknown): string {
  const refId = isObject(query) && isObject(query.spec) ? query.spec.refId : undefined;
  return typeof refId === 'string' ? refId : '';
}

/** A, B, … Z, AA, AB, …: the first not taken. */
function nextRefId(taken: ReadonlySet<string>): string {
  for (let n = 0; ; n += 1) {
    const refId = refIdFromNumber(n);
    if (!taken.has(refId)) return refId;
  }
}

function refIdFromNumber(n: number): string {
  const letter = String.fromCharCode(65 + (n % 26));
  return n < 26 ? letter : refIdFromNumber(Math.floor(n / 26) - 1) + letter;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
