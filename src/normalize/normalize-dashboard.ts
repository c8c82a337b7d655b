import { parseGrafanaDuration } from './parse-grafana-duration.js';
import { stripLibraryPanelRefs } from './strip-library-panel-refs.js';

export interface NormalizeOptions {
  /** Grafana's `[dashboards] min_refresh_interval` (default `5s`). */
  minRefreshInterval: string;
}

/**
 * The canonical form of SPEC §5, shared by plan, apply, check and pull: what Grafana
 * would store for this model, minus what Grafana owns (library panel references keep only
 * `uid` and `name`). Pure; the input is not mutated.
 */
export function normalizeDashboard(
  model: Record<string, unknown>,
  options: NormalizeOptions,
): Record<string, unknown> {
  const result = stripOwnedFields(stripLibraryPanelRefs(model));
  const refresh = clampRefresh(result.refresh, options.minRefreshInterval);
  if (refresh !== result.refresh) result.refresh = refresh;
  return result;
}

/**
 * The option-free part of normalisation: drops the keys Grafana owns (`id`, `version`) or that only exports carry (never
 * compared, never pushed) and trims title and uid. Left out of a copy, not deleted from one: V8 turns an object a key is
 * deleted from into a dictionary, slower to copy and to walk, and every comparison walks Grafana's copy, which holds both.
 */
function stripOwnedFields(model: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, version: _version, __inputs: _inputs, __requires: _requires, __elements: _elements, ...result } = model;
  // Grafana trims both on save and writes the trimmed value back (grafana-api.md §1.4, §1.7).
  if (typeof result.title === 'string') result.title = result.title.trim();
  if (typeof result.uid === 'string') result.uid = result.uid.trim();
  return result;
}

/**
 * What Grafana's SaveDashboard does to `refresh` (validateDashboardRefreshInterval): a string
 * that is not '' or 'auto' and either does not parse or is shorter than the minimum is
 * replaced by the minimum. Non-strings (`false`) count as '' and are kept.
 */
export function clampRefresh(refresh: unknown, minRefreshInterval: string): unknown {
  if (typeof refresh !== 'string' || refresh === '' || refresh === 'auto') return refresh;
  const minimum = parseGrafanaDuration(minRefreshInterval);
  if (minimum === undefined) return refresh;
  const actual = parseGrafanaDuration(refresh);
  return actual === undefined || actual < minimum ? minRefreshInterval : refresh;
}
