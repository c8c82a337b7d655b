import type { Identity } from '../authenticate.js';
import type { ApisRules } from '../era.js';
import type { Reply } from '../http/reply.js';
import type { RouteContext } from '../http/route-table.js';
import { holdsSomewhere, mayAsRequested } from '../folder-permissions.js';
import { k8sUserName } from '../identity-ref.js';
import { hasRole } from '../permissions.js';
import { orgDashboards, orgFolders, type SandboxState } from '../state.js';
import { DASHBOARDS, FOLDERS, type ApisContext } from './apis-context.js';
import { cannot, dashboardDenial, storageRefusesNamed, type Verb } from './dashboard-authorizer.js';
import { deleteDashboard } from './delete-dashboard.js';
import { dryRunRefusal, dryRunValues, isDryRun } from './dry-run.js';
import { keepState } from '../state-snapshot.js';
import { apiGroupDocument, apiGroupList, apiResourceList, DASHBOARD_GROUP, servedVersions } from './discovery.js';
import { displayIdentities, IAM_GROUP } from './display.js';
import { createFolderObject, deleteFolderObject, folderCounts, getFolder, listFolders, replaceFolderObject } from './folders.js';
import { getDashboard } from './get-dashboard.js';
import { forbidden, methodNotSupported, pathNotFound, statusReply, storageForbidden, type GroupResource } from './k8s-status.js';
import { listDashboards } from './list-dashboards.js';
import { orgForNamespace } from './namespaces.js';
import { patchDashboard } from './patch-dashboard.js';
import { createDashboard, replaceDashboard } from './write-dashboard.js';

type Handlers = Partial<Record<Verb, (context: ApisContext) => Reply>>;

const handlers: Record<string, Handlers> = {
  dashboards: { get: getDashboard, list: listDashboards, create: createDashboard, update: replaceDashboard, patch: patchDashboard, delete: deleteDashboard },
  folders: { get: getFolder, list: listFolders, create: createFolderObject, update: replaceFolderObject, delete: deleteFolderObject },
};

export interface ApisRequest {
  method: string;
  /** Path segments after `/apis`. */
  segments: string[];
  bodyText: string;
  contentType: string;
  /** The request's path and query as sent (k8s responsewriters quote it in an internal error). */
  requestUri: string;
}

/**
 * Everything under `/apis` once Grafana's middleware has signed the caller in (ReqSignedIn on /apis/*,
 * pkg/services/apiserver/service.go): discovery, then namespaced dashboards and folders. The namespace picks the
 * org; a caller without a role there is refused like the org authorizer does (pkg/services/apiserver/auth/authorizer).
 */
export function handleApis(base: RouteContext, rules: ApisRules, request: ApisRequest): { reply: Reply; orgId: number } {
  const { method, segments } = request;
  const [group, version, namespacesKeyword, namespace, resource, name, ...rest] = segments;
  const reply = (r: Reply) => ({ reply: r, orgId: base.identity.orgId });
  if (segments.length <= 2) {
    if (method !== 'GET') return reply(methodNotAllowed());
    if (group === undefined) return reply(apiGroupList(rules, base.features));
    const versions = servedVersions(rules, base.features, group);
    if (!versions) return reply(pathNotFound());
    if (version === undefined) return reply(apiGroupDocument(group, versions));
    return reply(versions.includes(version) ? apiResourceList(group, version) : pathNotFound());
  }
  if (group === IAM_GROUP) return reply(handleIam(base, request));
  const gr: GroupResource = group === DASHBOARD_GROUP ? DASHBOARDS : FOLDERS;
  const versions = servedVersions(rules, base.features, group!);
  // The one subresource served: a folder's descendant counts (GET …/folders/<name>/counts).
  const subresource = rest.length === 1 && gr === FOLDERS && rest[0] === 'counts' ? 'counts' : null;
  if (!versions?.includes(version!) || namespacesKeyword !== 'namespaces' || !namespace || resource !== gr.resource || (rest.length > 0 && !subresource)) {
    return reply(pathNotFound());
  }
  const verb = verbOf(method, name);
  if (subresource && verb !== 'get') return reply(methodNotAllowed());
  const handler = subresource ? folderCounts : verb ? handlers[gr.resource]![verb] : undefined;
  if (!verb || !handler) return reply(verb === undefined && method === 'DELETE' ? methodNotSupported(gr, 'deletecollection') : methodNotAllowed());
  const orgId = orgForNamespace(namespace);
  const identity = orgId === undefined ? undefined : identityInOrg(base.state, base.identity, orgId);
  if (!identity) {
    const reason = orgId === undefined ? 'org id is required' : `user ${base.identity.id} is not a member of org ${orgId}`;
    return reply(forbidden(gr, name ?? '', `${cannot(base.identity, verb, gr, namespace)}: ${reason}`));
  }
  if (
    gr === DASHBOARDS && !subresource && name !== undefined && rules.rbacDashboardAuthorizer
    && !hasRole(identity, 'Admin') && !isLiveDashboard(base.state, identity.orgId, name)
  ) {
    // 12.0–12.2: the dashboard authorizer's scope (dashboards:uid:<name>) is resolved for anyone without Admin's
    // dashboards:*: the resolver's GetDashboard answers dashboards.ErrDashboardNotFound, returned with its Deny.
    return { reply: authorizerError(request.requestUri, `could not resolve dashboards:uid:${name}: Dashboard not found`), orgId: identity.orgId };
  }
  if (gr === DASHBOARDS && !subresource && rules.rbacDashboardAuthorizer) {
    const denial = dashboardDenial(base.state, identity, verb, name ?? '');
    if (denial) return { reply: forbidden(gr, name ?? '', `${cannot(identity, verb, gr, namespace)}: ${denial}`), orgId: identity.orgId };
  }
  if (gr === DASHBOARDS && !subresource && !rules.rbacDashboardAuthorizer && storageRefusesNamed(base.state, identity, verb, name)) {
    // 12.3+: no authorizer of its own; every named verb reads through the storage first (`read`: `get` in the dashboard's
    // folder) and a delete is checked by the storage's `delete`; updates meet `newEvent` (write-dashboard.ts).
    return { reply: storageForbidden(), orgId: identity.orgId };
  }
  if (gr === FOLDERS && name === undefined && !mayListOrCreateFolders(base.state, identity, verb)) {
    return { reply: forbidden(gr, '', `${cannot(identity, verb, gr, namespace)}: folder`), orgId: identity.orgId };
  }
  if (gr === FOLDERS && name !== undefined && !hasRole(identity, 'Admin') && !orgFolders(base.state, identity.orgId).has(name)) {
    // The folder authorizer's scope (folders:uid:<name>) matches no grant of a caller without Admin's folders:*, so it is
    // resolved — the folder's parents, which a missing folder does not have — and the resolver's error is the
    // authorizer's: the apiserver's WithAuthorization answers any authorizer error with responsewriters.InternalError.
    const error = `could not resolve folders:uid:${name}: [accesscontrol.internal] could not retrieve folder parents: folder not found`;
    return { reply: authorizerError(request.requestUri, error), orgId: identity.orgId };
  }
  if (gr === FOLDERS && name !== undefined && !mayOnFolder(base.state, identity, name, verb === 'get' ? 'read' : 'write')) {
    // The folder API's authorizer (pkg/registry/apis/folders: folders:read, or for update, patch and delete
    // folders:write / folders:delete, on folders:uid:<name>, ancestors included) denies with the reason "folder",
    // before the storage is asked.
    return { reply: forbidden(gr, name, `${cannot(identity, verb, gr, namespace, subresource ?? undefined)}: folder`), orgId: identity.orgId };
  }
  const context: ApisContext = {
    ...base,
    identity,
    rules,
    gr,
    version: version!,
    namespace,
    name: name ?? '',
    bodyText: request.bodyText,
    contentType: request.contentType,
  };
  // The handlers check their options before the body is decoded (a patch after its content type: patch-dashboard.ts).
  if (verb === 'create' || verb === 'update' || verb === 'delete') {
    const values = dryRunValues(context, verb);
    const refused = dryRunRefusal(verb, values);
    if (refused) return { reply: refused, orgId: identity.orgId };
    if (gr === FOLDERS && !subresource && isDryRun(values) && context.settings.storage === 'unified') {
      // Unified storage's registry store runs a dry run's checks and stores nothing (k8s DryRunnableStorage); the folder
      // routes write through the `/api` code, so the write is made and then undone.
      const undo = keepState(context.state);
      const reply = handler(context);
      undo();
      return { reply, orgId: identity.orgId };
    }
  }
  return { reply: handler(context), orgId: identity.orgId };
}

/**
 * iam.grafana.app: only its `display` route (the names of typed identities). Discovery does not list the group:
 * the sandbox lists only what it serves in full. Any member of the namespace's org may ask (the route is unchecked).
 */
function handleIam(base: RouteContext, request: ApisRequest): Reply {
  const [, version, namespacesKeyword, namespace, route, ...rest] = request.segments;
  if (version !== 'v0alpha1' || namespacesKeyword !== 'namespaces' || !namespace || route !== 'display' || rest.length > 0) return pathNotFound();
  if (request.method !== 'GET') return methodNotAllowed();
  const orgId = orgForNamespace(namespace);
  const identity = orgId === undefined ? undefined : identityInOrg(base.state, base.identity, orgId);
  if (!identity) {
    const reason = orgId === undefined ? 'org id is required' : `user ${base.identity.id} is not a member of org ${orgId}`;
    return forbidden({ group: IAM_GROUP, resource: 'display' }, '', `User "${k8sUserName(base.identity)}" cannot get resource "display" in API group "${IAM_GROUP}" in the namespace "${namespace}": ${reason}`);
  }
  return displayIdentities(base.state, identity.orgId, base.query);
}

function verbOf(method: string, name: string | undefined): Verb | undefined {
  if (name === undefined) return method === 'GET' ? 'list' : method === 'POST' ? 'create' : undefined;
  return ({ GET: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as Record<string, Verb>)[method];
}

/** The caller with its role in the namespace's org; service accounts exist in one org only. */
function identityInOrg(state: SandboxState, identity: Identity, orgId: number): Identity | undefined {
  if (!state.orgs.has(orgId)) return undefined;
  if (identity.kind === 'service-account') return identity.orgId === orgId ? identity : undefined;
  const role = state.users.get(identity.id)?.orgRoles[String(orgId)];
  return role ? { ...identity, orgId, role } : undefined;
}

/**
 * The authorizer's check on `folders:uid:<name as requested>` (`folders:read` for get and its subresources; `folders:write`
 * / `folders:delete`, both in Edit, for update, patch and delete), before the storage is asked: as the `/api` route
 * check (`mayAsRequested`), an identity without `folders:*` is refused a name the scope resolver cannot find, and one
 * found in another case (MySQL) by its own grants.
 */
function mayOnFolder(state: SandboxState, identity: Identity, uid: string, level: 'read' | 'write'): boolean {
  const folders = orgFolders(state, identity.orgId);
  return mayAsRequested(folders, identity, folders.get(uid), uid, level);
}

/**
 * The authorizer's unscoped checks (`authorizerFunc`, pkg/registry/apis/folders/authorizer.go): list needs `folders:read`
 * at any scope (the Viewer role's `folders:uid:general`, or View on some folder); create `folders:create`, which only the
 * Editor role holds (fixed:folders:creator: no folder permission carries it, `FolderEditActions`).
 */
function mayListOrCreateFolders(state: SandboxState, identity: Identity, verb: Verb): boolean {
  if (verb === 'create') return hasRole(identity, 'Editor');
  return holdsSomewhere(orgFolders(state, identity.orgId), identity, 'read');
}

/** Whether the org has the dashboard and it is not in "Recently deleted" (what the dashboard service's GetDashboard finds). */
function isLiveDashboard(state: SandboxState, orgId: number, name: string): boolean {
  const record = orgDashboards(state, orgId).get(name);
  return record !== undefined && !record.deleted;
}

/**
 * k8s responsewriters.InternalError: `http.Error` with `Internal Server Error: %q: %v` (the request URI, the error; `&`, `<`,
 * `>` escaped as HTML), text/plain. The error is Resolvers' `could not resolve <scope>: %w` around the scope resolver's:
 * for a folder GetInheritedScopes' `ac.ErrInternal.Errorf("could not retrieve folder parents: %w", …)` of the folder
 * store's plain "folder not found" (its errutil text `[<message id>] <log message>`); for a dashboard
 * `NewDashboardUIDScopeResolver`'s GetDashboard error, `dashboards.ErrDashboardNotFound` ("Dashboard not found").
 */
function authorizerError(requestUri: string, error: string): Reply {
  const text = `Internal Server Error: ${JSON.stringify(requestUri)}: ${error}`.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return { status: 500, body: `${text}\n`, contentType: 'text/plain; charset=utf-8', escaped: true };
}

const methodNotAllowed = (): Reply =>
  statusReply({ message: 'the server does not allow this method on the requested resource', reason: 'MethodNotAllowed', details: {}, code: 405 });
