import type { Reply } from '../http/reply.js';
import { connectLibraryPanels, indexLibraryPanels } from '../library-elements/connect-library-panels.js';
import type { DashboardRecord } from '../state.js';
import type { ApisContext } from './apis-context.js';
import { statusReply } from './k8s-status.js';

/**
 * Connects a dashboard written through /apis to the library panels it references (v1 `libraryPanel` refs, v2
 * `LibraryPanel` elements from 12.4 on: 12.3 connects a v2 dashboard to none, issue #113874): legacy storage's SaveDashboard calls libraryPanelSvc.ConnectLibraryPanelsForDashboard
 * after storing (pkg/registry/apis/dashboard/legacy/sql_dashboards.go). When that fails the dashboard stays saved
 * and the error comes back through the resource server as a Status with code 500 and no reason. 13 on unified storage:
 * the rows stand for the search index (connectLibraryPanels `unified`); 12.4 on unified storage: indexLibraryPanels.
 */
export function connectLibraryPanelsOnSave(context: ApisContext, record: DashboardRecord, spec: unknown): Reply | undefined {
  const v2Elements = context.era.v2LibraryPanelConnections ?? true;
  // 12.4 on unified storage: no legacy storage in the path, so no connect step and no SQL row (12 counts those rows).
  if (context.settings.storage === 'unified' && context.era.libraryConnections === 'element-meta') {
    indexLibraryPanels(context.state, context.identity.orgId, record.uid, spec, context.identity.id, v2Elements);
    return undefined;
  }
  const result = connectLibraryPanels(context.state, context.identity.orgId, record.uid, spec, context.identity.id, false, v2Elements, context.settings.storage);
  return result.ok ? undefined : statusReply({ message: result.message, code: 500 });
}
