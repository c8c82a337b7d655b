import type { Route } from '../http/route-table.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { identityRoutes } from './identity-routes.js';

export const allRoutes: Route[] = [...identityRoutes, ...dashboardRoutes];
