import type { RouteContext } from '../http/route-table.js';
import { errorWithTrace, type Reply } from '../http/reply.js';
import type { DashboardRecord } from '../state.js';
import { connectLibraryPanels } from './connect-library-panels.js';

/**
 * postDashboard's last step (pkg/api/dashboard.go): connect the library panels of the stored dashboard.
 * On failure the dashboard stays saved and the answer is 500 "Error while connecting library panels".
 */
export function connectAfterSave(context: RouteContext, record: DashboardRecord, model: unknown): Reply | undefined {
  const result = connectLibraryPanels(context.state, context.identity.orgId, record.uid, model, context.identity.id, context.era.trash);
  if (!result.ok) return errorWithTrace(500, 'Error while connecting library panels');
  context.changed();
  return undefined;
}
