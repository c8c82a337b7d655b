import { hasLegacyTrash, type EraRules, type FeatureSet } from '../era.js';
import type { Route } from '../http/route-table.js';
import { accessControlRoutes } from './access-control-routes.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { folderPermissionRoutes } from './folder-permission-routes.js';
import { folderRoutes } from './folder-routes.js';
import { frontendSettingsRoutes } from './frontend-settings-routes.js';
import { identityRoutes } from './identity-routes.js';
import { libraryElementReadRoutes } from './library-element-read-routes.js';
import { libraryElementWriteRoutes } from './library-element-routes.js';
import { orgRoutes } from './org-routes.js';
import { preferenceRoutes } from './preference-routes.js';
import { searchRoutes } from './search-routes.js';
import { serviceAccountRoutes } from './service-account-routes.js';
import { trashRoutes } from './trash-routes.js';
import { versionRoutes } from './version-routes.js';

/** The API of the emulated release: the trash routes exist only in 11.x with dashboardRestore on (pkg/api/api.go). */
export function routesFor(era: EraRules, features: FeatureSet): Route[] {
  return [
    ...identityRoutes,
    ...accessControlRoutes,
    ...dashboardRoutes,
    ...versionRoutes,
    ...(hasLegacyTrash(era, features) ? trashRoutes : []),
    ...frontendSettingsRoutes,
    ...searchRoutes,
    ...folderRoutes,
    ...folderPermissionRoutes,
    ...libraryElementReadRoutes,
    ...libraryElementWriteRoutes,
    ...orgRoutes,
    ...preferenceRoutes,
    ...serviceAccountRoutes,
  ];
}
