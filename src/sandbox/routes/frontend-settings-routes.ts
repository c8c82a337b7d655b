import { json, type Reply } from '../http/reply.js';
import type { Route, RouteContext } from '../http/route-table.js';
import { commits } from './identity-routes.js';

/**
 * GET /api/frontend/settings (pkg/api/frontendsettings.go): what Grafana's own UI boots from. In the `/api`
 * group behind `reqSignedIn` only (pkg/api/api.go), so any signed-in identity reads it — a Viewer service
 * account token too. `featureToggles` is `hs.Features.GetEnabled`: only the toggles that are on, defaults
 * included. The sandbox answers the part a client reads; Grafana adds data sources, panels, auth settings….
 */
export const frontendSettingsRoutes: Route[] = [{ method: 'GET', pattern: '/api/frontend/settings', handle: frontendSettings }];

function frontendSettings(context: RouteContext): Reply {
  const { era, features, settings } = context;
  const version = era.versionString;
  const commit = commits[version] ?? '';
  const featureToggles = Object.fromEntries(
    Object.entries(features)
      .filter(([, on]) => on)
      .map(([name]) => [name, true]),
  );
  return json(200, {
    appSubUrl: '',
    buildInfo: {
      hideVersion: false,
      version,
      versionString: `Grafana v${version} (${commit.slice(0, 10)})`,
      commit,
      env: 'production',
      edition: 'Open Source',
    },
    featureToggles,
    minRefreshInterval: settings.minRefreshInterval,
  });
}
