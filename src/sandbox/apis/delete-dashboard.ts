import { isObject } from '../dashboard-model.js';
import type { Reply } from '../http/reply.js';
import { disconnectLibraryPanels } from '../library-elements/connect-library-panels.js';
import { keepsApisTrash } from '../era.js';
import { orgDashboards } from '../state.js';
import { toApisTrash } from './apis-trash.js';
import { dryRunValues, isDryRun } from './dry-run.js';
import type { ApisContext } from './apis-context.js';
import { currentView, legacyManagerAnnotations } from './dashboard-view.js';
import { badRequest, conflict, notFound } from './k8s-status.js';
import { checkManagerWrite, managerOf } from './ownership.js';
import { liveDashboard } from './write-dashboard.js';

/**
 * DELETE one dashboard: DeleteOptions preconditions (resourceVersion, uid) as the registry checks them; a
 * provisioned dashboard is refused unless gracePeriodSeconds=0 (register.go validateDelete);
 * on unified storage it moves to "Recently deleted" (restoreDashboards or not: era.ts keepsApisTrash), on legacy storage it is gone. Answers a Success Status.
 */
export function deleteDashboard(context: ApisContext): Reply {
  const record = liveDashboard(context, context.name);
  if (!record) return notFound(context.gr, context.name);
  const view = currentView(record, context.era.metaApiVersion ?? 'v0alpha1', context.settings.storage);
  const options = isObject(context.body) ? context.body : {};
  const preconditions = isObject(options.preconditions) ? options.preconditions : {};
  if (typeof preconditions.uid === 'string' && preconditions.uid !== view.k8s.k8sUid) {
    const cause = `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${view.k8s.k8sUid}`;
    return conflict(context.gr, context.name, cause);
  }
  const rv = view.servedResourceVersion;
  if (typeof preconditions.resourceVersion === 'string' && preconditions.resourceVersion !== rv) {
    const cause =
      `the ResourceVersion in the precondition (${preconditions.resourceVersion}) does not match the ResourceVersion ` +
      `in record (${rv}). The object might have been modified`;
    return conflict(context.gr, context.name, cause);
  }
  const grace = options.gracePeriodSeconds ?? context.query.get('gracePeriodSeconds');
  if (record.provisioned && String(grace) !== '0') return badRequest('provisioned dashboard cannot be deleted');
  const refused = checkManagerWrite(managerOf({ ...view.annotations, ...legacyManagerAnnotations(record) }));
  if (refused) return refused;
  const dryRun = isDryRun(dryRunValues(context, 'delete'));
  if (!dryRun) {
    // Legacy storage's DeleteDashboard deletes the row through the store, whose statements leave the library element
    // connections (only `/api`'s handler disconnects first); unified storage's delete (the resource server's) touches no
    // SQL table at all. 12 counts those rows (`element-meta`, its SQL subquery, 12.4 on unified storage too): they stay
    // counted, not listed, until the panel's delete drops them. 13 reads connections through search, which finds no
    // deleted dashboard (src/sandbox/README.md, "Recently deleted on unified storage").
    const rowsOutlive = context.era.libraryConnections === 'element-meta';
    if (!rowsOutlive) disconnectLibraryPanels(context.state, context.identity.orgId, new Set([record.id]));
    const dashboards = orgDashboards(context.state, context.identity.orgId);
    if (keepsApisTrash(context.settings.storage)) dashboards.set(record.uid, toApisTrash(record, context.identity, context.state));
    else dashboards.delete(record.uid);
    context.changed();
  }
  const status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name: record.uid, group: context.gr.group, kind: context.gr.resource, uid: view.k8s.k8sUid },
  };
  return { status: 200, body: JSON.stringify(status) };
}
