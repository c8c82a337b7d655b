import { askOnce } from './ask-once.js';
import { AuthError, GrafanaHttpError, RequestInterruptedError } from '../errors.js';
import type { GrafanaRequester } from './http/request.js';
import { isObject } from './http/response-fields.js';
import { majorOf } from './parse-release.js';
import type { RecentlyDeleted, TrashToggle } from './port.js';

/**
 * Whether this Grafana's "Recently deleted" is switched on, read the way Grafana's own UI reads it:
 * `featureToggles` of `GET /api/frontend/settings` (`config.featureToggles`), which lists the toggles
 * that are on, defaults included. Grafana 11 has it behind `dashboardRestore`, 12 and later behind
 * `restoreDashboards` (on by default from 13). Any signed-in identity may read the settings; where
 * they cannot be read (403, 404 from a proxy, a 5xx) the answer stays open: `on: null`.
 */
async function readRecentlyDeleted(http: GrafanaRequester, version: string | null): Promise<RecentlyDeleted> {
  const major = majorOf(version);
  const expected: TrashToggle | null = major === null ? null : major < 12 ? 'dashboardRestore' : 'restoreDashboards';
  let settings: unknown;
  try {
    settings = await http.send('GET', '/api/frontend/settings', undefined, [403, 404]);
  } catch (error) {
    if (!(error instanceof GrafanaHttpError) || error instanceof AuthError || error instanceof RequestInterruptedError) throw error;
    return { on: null, toggle: expected };
  }
  if (!isObject(settings) || !isObject(settings.featureToggles)) return { on: null, toggle: expected };
  const toggles = settings.featureToggles;
  // A hidden version: whichever of the two is on names the release.
  const on = (['dashboardRestore', 'restoreDashboards'] as const).find((name) => toggles[name] === true);
  return { on: on !== undefined, toggle: on ?? expected };
}

/** readRecentlyDeleted once per port: the first call reads the settings, later ones get the same answer. */
export function recentlyDeletedReader(http: GrafanaRequester, readVersion: () => Promise<string | null>): () => Promise<RecentlyDeleted> {
  return askOnce(() => readVersion().then((version) => readRecentlyDeleted(http, version)));
}
