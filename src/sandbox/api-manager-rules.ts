import { currentView, legacyManagerAnnotations } from './apis/dashboard-view.js';
import { checkManagerUpdate, checkManagerWrite, managerOf, type Manager } from './apis/ownership.js';
import { errorWithTrace, type Reply } from './http/reply.js';
import type { RouteContext } from './http/route-table.js';
import { repoFolderMismatch } from './repo-managed-folders.js';
import type { DashboardRecord } from './state.js';

/**
 * On 12 and 13 `/api/dashboards` writes and deletes through the dashboard apiserver as the caller
 * (`DashboardServiceImpl.saveDashboardThroughK8s` / `deleteDashboardThroughK8s`), so unified storage's manager rules
 * (pkg/storage/unified/apistore/managed.go, prepare.go) apply as on `/apis`; their Status comes back in `/api`'s form
 * (ToDashboardErrorResponse: code and message, with traceID). 11.x has no apiserver behind `/api`: undefined there.
 */
function storedManager(context: RouteContext, record: DashboardRecord): Manager | undefined {
  const view = currentView(record, context.era.metaApiVersion ?? 'v0alpha1', context.settings.storage);
  return managerOf({ ...view.annotations, ...legacyManagerAnnotations(record) });
}

function asApiError(reply: Reply | undefined): Reply | undefined {
  if (!reply) return undefined;
  const { message } = JSON.parse(reply.body) as { message: string };
  return errorWithTrace(reply.status, message);
}

/** A delete of a `repo`-managed dashboard is routed to its repository: the read-only one's 400 (apis/ownership.ts). */
export function apiDeleteManagerRefusal(context: RouteContext, record: DashboardRecord): Reply | undefined {
  if (!context.era.apis) return undefined;
  return asApiError(checkManagerWrite(storedManager(context, record)));
}

/**
 * Era C's save sends a fresh object (no annotations): in a `repo`-managed folder it is refused on a create or a move
 * (ensureRepoManagedByParentFolder, 403), and over a `repo`-managed dashboard it removes the manager, which
 * checkManagerPropertiesOnUpdateSpec refuses (403 `Can not remove resource manager from resource`, an Admin's too: the era C
 * releases, 12 and 13.0.x as emulated, have no Admin release: era.apis.lockManagerIdentity).
 * Another tool's manager (Terraform, kubectl, a plugin) is dropped without a word, as the apiserver allows it.
 */
export function apiSaveManagerRefusal(context: RouteContext, existing: DashboardRecord | undefined, folderUid: string): Reply | undefined {
  const rules = context.era.apis;
  if (!rules) return undefined;
  const mismatch = existing?.folderUid === folderUid ? undefined : repoFolderMismatch(context.state, context.identity.orgId, folderUid, undefined);
  if (mismatch) return errorWithTrace(403, mismatch);
  if (!existing) return undefined;
  return asApiError(checkManagerUpdate(context.identity, undefined, storedManager(context, existing), rules.lockManagerIdentity));
}
