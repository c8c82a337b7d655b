import type { EraRules } from '../era.js';
import type { Route } from '../http/route-table.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { folderRoutes } from './folder-routes.js';
import { identityRoutes } from './identity-routes.js';
import { libraryElementReadRoutes } from './library-element-read-routes.js';
import { libraryElementWriteRoutes } from './library-element-routes.js';
import { orgRoutes } from './org-routes.js';
import { searchRoutes } from './search-routes.js';
import { serviceAccountRoutes } from './service-account-routes.js';
import { trashRoutes } from './trash-routes.js';
import { versionRoutes } from './version-routes.js';

/** The API of the emulated release: the trash routes exist only where the era has them. */
export function routesFor(era: EraRules): Route[] {
  return [
    ...identityRoutes,
    ...dashboardRoutes,
    ...versionRoutes,
    ...(era.trash ? trashRoutes : []),
    ...searchRoutes,
    ...folderRoutes,
    ...libraryElementReadRoutes,
    ...libraryElementWriteRoutes,
    ...orgRoutes,
    ...serviceAccountRoutes,
  ];
}
