import type { RouteContext } from '../http/route-table.js';
import { errorWithTrace, type Reply } from '../http/reply.js';
import type { DashboardRecord } from '../state.js';
import { connectLibraryPanels } from './connect-library-panels.js';

/**
 * Connect the library panels of the stored dashboard; on failure the dashboard stays saved and the answer is a 500.
 * 11.2: postDashboard's last step (pkg/api/dashboard.go), 500 "Error while connecting library panels". 12: the dashboard
 * service saves through the apiserver (`saveDashboard` → `saveDashboardThroughK8s`), whose legacy storage connects after
 * writing the row (`dashboardSqlAccess.SaveDashboard`, legacy/sql_dashboards.go) and returns the connect error as it is;
 * the resource server makes it a 500 (`AsErrorResult`), ToDashboardErrorResponse's StatusError branch answers its text:
 * `library element could not be found` (model.ErrLibraryElementNotFound) or the missing-uid one. On unified storage (13.0.x's
 * default, 12 opted in) no connect step runs, as for 13.1+'s save (connectLibraryPanels `storage`): nothing fails.
 */
export function connectAfterSave(context: RouteContext, record: DashboardRecord, model: unknown): Reply | undefined {
  const result = connectLibraryPanels(context.state, context.identity.orgId, record.uid, model, context.identity.id, context.era.trash, true, context.settings.storage ?? 'legacy');
  if (!result.ok) return errorWithTrace(500, context.era.apis ? result.message : 'Error while connecting library panels');
  context.changed();
  return undefined;
}
