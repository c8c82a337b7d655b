import { LOOKS_LIKE_V2, looksLikeV2Spec } from './apis/dashboard-admission.js';
import { currentView, legacyManagerAnnotations } from './apis/dashboard-view.js';
import { decodeV2Transformations } from './apis/convert/v2-versions.js';
import { migrateSpecOnWrite } from './apis/migrate-on-write.js';
import { managerOf } from './apis/ownership.js';
import { isObject, refreshProblem, type JsonObject } from './dashboard-model.js';
import { DASHBOARDS } from './apis/apis-context.js';
import { cannot, dashboardDenial, mayWriteDashboardIn, storageRefusesNamed } from './apis/dashboard-authorizer.js';
import { forbidden } from './apis/k8s-status.js';
import { namespaceForOrg } from './apis/namespaces.js';
import type { DashboardRecord } from './state.js';
import { repoFolderMismatch } from './repo-managed-folders.js';
import { floatOverflowMessage } from './float-overflow.js';
import { findDashboardById, findLiveDashboard, saveSuccess, writeDashboard } from './dashboard-writer.js';
import type { RouteContext } from './http/route-table.js';
import { errorReply, errorWithTrace, mapJson, type Reply } from './http/reply.js';
import { resolveSaveFolder } from './save-folder.js';
import { connectLibraryPanels } from './library-elements/connect-library-panels.js';

const validUid = /^[a-zA-Z0-9\-_]*$/;

/** POST /api/dashboards/db for era D (13.1 on; Grafana main after 13.0.1): grafana-api.md §1.6. */
export function saveDashboardK8s(context: RouteContext): Reply {
  const request = context.body;
  if (context.invalidJson || !isObject(request) || request.dashboard === undefined || request.dashboard === null) {
    return errorWithTrace(400, 'bad request data');
  }
  if (request.isFolder === true) return errorReply(400, 'Use folders endpoint for saving folders.');
  if (!isObject(request.dashboard)) return errorReply(400, 'Failed to read dashboard');
  if (looksLikeV2Spec(request.dashboard)) {
    return errorReply(400, `${LOOKS_LIKE_V2} OR it should include a object wrapper with an explicit 'apiVersion' and move the body into a 'spec' element`);
  }
  const unwrapped = unwrapK8sBody(request.dashboard);
  if ('status' in unwrapped) return unwrapped;
  const { metadataName, apiVersion } = unwrapped;
  let { spec } = unwrapped;
  const overwrite = request.overwrite === true;
  const message = typeof request.message === 'string' ? request.message : '';

  if (typeof spec.title !== 'string' || spec.title === '') {
    return errorReply(400, 'Dashboard spec is missing required title property');
  }
  // saveDashboardViaK8s: the object's name (metadata.name, or a root uid) wins; spec.uid only fills an empty name.
  const uid = metadataName !== '' ? metadataName : typeof spec.uid === 'string' ? spec.uid : '';
  const legacyId = typeof spec.id === 'number' ? spec.id : 0;
  const version = typeof spec.version === 'number' ? spec.version : undefined;

  let targetUid = uid;
  if (legacyId > 0) {
    const byId = findDashboardById(context, legacyId);
    // resolveLegacyInternalID: response.Error(404, ErrDashboardNotFound.Error(), nil), no `status` field.
    if (!byId && uid === '') return errorReply(404, 'Dashboard not found');
    if (byId && uid === '') targetUid = byId.uid;
    if (byId && uid !== '' && byId.uid !== uid && findLiveDashboard(context, uid)) {
      return errorReply(400, 'A dashboard with the same uid already exists');
    }
  }
  const existing = targetUid === '' ? undefined : findLiveDashboard(context, targetUid);
  if (existing) {
    // Found by name (on MySQL whatever the case): the update is that object's, under its stored name.
    targetUid = existing.uid;
    // "Check if provisioning allows edits": any manager (file provisioning, Git Sync, Terraform…).
    const manager = managerOf({ ...currentView(existing, apiVersion, context.settings.storage).annotations, ...legacyManagerAnnotations(existing) });
    if (manager && !manager.allowsEdits) return errorReply(400, 'Cannot save provisioned dashboard');
    if (!overwrite && version !== existing.version) {
      return errorReply(409, 'Dashboard already exists. Use overwrite flag to update.');
    }
  }
  // The write reaches the apiserver, whose decode (before admission) refuses a number beyond a float64 (float-overflow.ts).
  if (context.floatOverflow !== undefined) return errorWithTrace(400, floatOverflowMessage('Dashboard', apiVersion, context.floatOverflow));
  const v2 = apiVersion.startsWith('v2');
  const refresh = v2 && isObject(spec.timeSettings) ? { refresh: spec.timeSettings.autoRefresh } : spec;
  const refused = admissionProblem(spec.title, uid, message, refreshProblem(refresh, context.settings.minRefreshInterval));
  if (refused) return refused;
  const folder = resolveSaveFolder(context, request, false);
  if ('status' in folder) return folder;
  const denied = apiserverDenial(context, existing, targetUid, folder.uid);
  if (denied) return denied;
  // The handler resets the annotations (below), so the resource is unmanaged: prepare.go's ensureRepoManagedByParentFolder
  // refuses it on a create or a move into a Git Sync folder; the StatusError reaches ToDashboardErrorResponse (403, message).
  const mismatch = existing?.folderUid === folder.uid ? undefined : repoFolderMismatch(context.state, context.identity.orgId, folder.uid, undefined);
  if (mismatch) return errorWithTrace(403, mismatch);
  if (!v2 && apiVersion !== 'v0alpha1') {
    // A k8s-style v1 body is written at its own version, so the mutation hook migrates it (FieldValidation Warn).
    const { uid: _uid, version: _version, id: _id, ...rest } = spec;
    const migrated = migrateSpecOnWrite(rest, context.era, context.identity.orgId);
    if (migrated.ok) spec = migrated.spec;
  }
  // The handler resets the object's annotations and labels: a save through /api drops a manager that allows edits.
  const record = writeDashboard(context, {
    existing,
    uid: targetUid,
    model: { ...spec },
    folderUid: folder.uid,
    message,
    apiVersion,
    annotations: {},
    labels: {},
  });
  // No connect step in saveDashboardViaK8s: the storage connects (legacy storage's SaveDashboard, whose error comes back
  // through ToDashboardErrorResponse's StatusError branch with the dashboard saved); unified storage connects nothing.
  const connected = connectLibraryPanels(context.state, context.identity.orgId, record.uid, spec, context.identity.id, false, true, context.settings.storage);
  if (!connected.ok) return errorWithTrace(500, connected.message);
  context.changed();
  return saveSuccess(record);
}

/**
 * saveDashboardViaK8s writes through the dashboard API server as the caller, so the apiserver's checks apply, and their
 * Status comes back through ToDashboardErrorResponse's StatusError branch: `response.Error(code, message, err)`, which
 * writes no `message` key for an empty one (only 404 and 500 get a default text) and adds the traceID
 * (pkg/api/response/response.go `Error`). 13 has no dashboard authorizer (PR #111571, `era.apis.rbacDashboardAuthorizer`
 * false): the update reads the dashboard through the storage first (`read`: 403 without message), a move (and on 13.1+ a
 * create into a folder) meets the validating admission (`dashboardMoveAdmission`, `dashboardCreateAdmission`: its 500
 * `access denied to folder`), then the storage's `newEvent`
 * (write-dashboard.ts `storageFolderDenied`: the same checks, answered here in `/api`'s form).
 */
function apiserverDenial(context: RouteContext, existing: DashboardRecord | undefined, uid: string, folderUid: string): Reply | undefined {
  const apis = context.era.apis;
  if (apis?.rbacDashboardAuthorizer) {
    const reason = existing ? dashboardDenial(context.state, context.identity, 'update', existing.uid) : undefined;
    if (reason) {
      const status = forbidden(DASHBOARDS, uid, `${cannot(context.identity, existing ? 'update' : 'create', DASHBOARDS, namespaceForOrg(context.identity.orgId))}: ${reason}`);
      return errorWithTrace(403, (JSON.parse(status.body) as { message: string }).message);
    }
  } else if (existing && storageRefusesNamed(context.state, context.identity, 'update', existing.uid)) {
    return mapJson(403, { traceID: '' });
  }
  const may = (folder: string) => mayWriteDashboardIn(context.state, context.identity, folder);
  if (!existing) {
    if (may(folderUid)) return undefined;
    return folderUid !== '' && apis?.dashboardCreateAdmission ? errorWithTrace(500, 'access denied to folder') : mapJson(403, { traceID: '' });
  }
  const moved = existing.folderUid !== folderUid;
  if (moved && folderUid !== '' && apis?.dashboardMoveAdmission && !may(folderUid)) return errorWithTrace(500, 'access denied to folder');
  if (!apis?.rbacDashboardAuthorizer && !may(existing.folderUid)) {
    return moved ? errorWithTrace(403, 'not allowed to update resource in the source folder') : mapJson(403, { traceID: '' });
  }
  if (moved && !may(folderUid)) return errorWithTrace(403, 'not allowed to create resource in the destination folder');
  return undefined;
}

/**
 * The apiserver admission (validateCreate/validateUpdate) runs after the handler's own checks:
 * ValidateBasicDashboardProperties, then the refresh (era D skips SaveDashboard's clamping, so a
 * short or unparseable refresh is refused). Its BadRequest comes back through ToDashboardErrorResponse's
 * k8s StatusError branch: response.Error(code, message, err), so with `traceID`.
 */
function admissionProblem(title: string, uid: string, message: string, refresh: string | undefined): Reply | undefined {
  let problem: string | undefined;
  if (Buffer.byteLength(title) > 5000) problem = 'Dashboard title cannot contain more than 5 000 characters';
  else if (Buffer.byteLength(message) > 500) problem = 'message too long, max 500 characters';
  else if (!validUid.test(uid)) problem = 'uid contains illegal characters';
  else if (uid.length > 40) problem = 'uid too long, max 40 characters';
  else problem = refresh;
  return problem === undefined ? undefined : errorWithTrace(400, problem);
}

/**
 * Classic JSON passes through (written as v0alpha1: no migration); a k8s-style object must be a
 * dashboard.grafana.app resource with a spec, and is written at its own version.
 */
function unwrapK8sBody(dashboard: JsonObject): { spec: JsonObject; metadataName: string; apiVersion: string } | Reply {
  const looksK8s = 'apiVersion' in dashboard || ('metadata' in dashboard && 'spec' in dashboard);
  if (!looksK8s) return { spec: dashboard, metadataName: '', apiVersion: 'v0alpha1' };
  const apiVersion = dashboard.apiVersion;
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    return errorReply(400, 'Dashboard appears to be a k8s style resource, but is missing an explicit apiVersion.');
  }
  if (!apiVersion.startsWith('dashboard.grafana.app/')) {
    return errorReply(
      400,
      'The dashboard payload references a non dashboard apiVersion.  This should be sent to the requested api directly',
    );
  }
  if ('id' in dashboard) return errorReply(400, 'The k8s style dashboard must not include an id on the root element');
  if (!isObject(dashboard.spec)) {
    return errorReply(400, 'The k8s style dashboard must include the dashboard contents in the spec property');
  }
  const metadata = isObject(dashboard.metadata) ? dashboard.metadata : {};
  const rootUid = typeof dashboard.uid === 'string' ? dashboard.uid : undefined;
  const name = rootUid ?? (typeof metadata.name === 'string' ? metadata.name : '');
  const version = apiVersion.slice('dashboard.grafana.app/'.length);
  // The apiserver decodes the object sent through the dynamic client into that version's Go structs.
  return { spec: decodeV2Transformations({ ...dashboard.spec }, version), metadataName: name, apiVersion: version };
}
