import { askOnce } from './ask-once.js';
import { isObject, type JsonObject } from './http/response-fields.js';
import { majorOf } from './parse-release.js';
import type { RecentlyDeleted, TrashToggle } from './port.js';

/**
 * Whether this Grafana's "Recently deleted" is switched on, read the way Grafana's own UI reads it:
 * `featureToggles` of `GET /api/frontend/settings` (`config.featureToggles`), which lists the toggles
 * that are on, defaults included. Grafana 11 has it behind `dashboardRestore`, 12 and later behind
 * `restoreDashboards` (on by default from 13). Where the settings cannot be read (frontendSettingsReader: null) the
 * answer stays open: `on: null`.
 */
function readRecentlyDeleted(settings: JsonObject | null, version: string | null): RecentlyDeleted {
  const major = majorOf(version);
  const expected: TrashToggle | null = major === null ? null : major < 12 ? 'dashboardRestore' : 'restoreDashboards';
  if (settings === null || !isObject(settings.featureToggles)) return { on: null, toggle: expected };
  const toggles = settings.featureToggles;
  // A hidden version: whichever of the two is on names the release.
  const on = (['dashboardRestore', 'restoreDashboards'] as const).find((name) => toggles[name] === true);
  return { on: on !== undefined, toggle: on ?? expected };
}

/** readRecentlyDeleted of the port's settings (frontendSettingsReader) and release, once per port: later calls get the same answer. */
export function recentlyDeletedReader(readSettings: () => Promise<JsonObject | null>, readVersion: () => Promise<string | null>): () => Promise<RecentlyDeleted> {
  return askOnce(async () => {
    const version = await readVersion();
    return readRecentlyDeleted(await readSettings(), version);
  });
}
