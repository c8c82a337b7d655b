import { json, type Reply } from '../http/reply.js';
import type { Route, RouteContext } from '../http/route-table.js';
import { commits } from './identity-routes.js';
import type { DatasourceInfo } from '../migration/index.js';
import { datasourcesOfOrg } from '../migration/instance-datasources.js';

/**
 * GET /api/frontend/settings (pkg/api/frontendsettings.go): what Grafana's own UI boots from. In the `/api`
 * group behind `reqSignedIn` only (pkg/api/api.go), so any signed-in identity reads it — a Viewer service
 * account token too. `featureToggles` is `hs.Features.GetEnabled`: only the toggles that are on, defaults
 * included. `datasources` (getFSDataSources) are the org's data sources by name (SandboxOptions.datasources of the identity's
 * org: every identity may read them here; Grafana lists those the identity may read) beside the built-in ones, and `defaultDatasource` names the
 * one saved with `isDefault`, else `-- Grafana --`. The sandbox answers the part a client reads; Grafana adds panels, auth
 * settings….
 */
export const frontendSettingsRoutes: Route[] = [{ method: 'GET', pattern: '/api/frontend/settings', handle: frontendSettings }];

function frontendSettings(context: RouteContext): Reply {
  const { era, features, settings } = context;
  const datasources = datasourcesOfOrg(settings.datasources ?? [], context.identity.orgId);
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
    datasources: datasourcesByName(datasources),
    defaultDatasource: datasources.find((ds) => ds.isDefault)?.name ?? GRAFANA_DATASOURCE.name,
    featureToggles,
    minRefreshInterval: settings.minRefreshInterval,
  });
}

/** The built-in data sources Grafana lists beside the org's (their plugins' `builtIn`); only `-- Grafana --` has a uid. */
const GRAFANA_DATASOURCE = { name: '-- Grafana --', type: 'datasource', uid: 'grafana' };
const BUILT_IN = [GRAFANA_DATASOURCE, { name: '-- Mixed --', type: 'datasource' }, { name: '-- Dashboard --', type: 'datasource' }];

/** plugins.DataSourceDTO's fields a client reads (`uid` and `apiVersion` omitted when empty). */
function datasourcesByName(datasources: readonly DatasourceInfo[]): Record<string, unknown> {
  const listed: Record<string, unknown> = {};
  for (const ds of datasources) {
    listed[ds.name] = { ...(ds.uid ? { uid: ds.uid } : {}), type: ds.type, name: ds.name, isDefault: ds.isDefault === true, ...(ds.apiVersion ? { apiVersion: ds.apiVersion } : {}) };
  }
  for (const ds of BUILT_IN) listed[ds.name] = { ...ds, isDefault: false };
  return listed;
}
