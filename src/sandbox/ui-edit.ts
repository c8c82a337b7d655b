import { DASHBOARDS, type ApisContext } from './apis/apis-context.js';
import { convertV2Version } from './apis/convert/v2-versions.js';
import { ConversionError, variableDatasourcesOf } from './apis/convert/v1-to-v2-controls.js';
import { renderDashboardObject } from './apis/dashboard-object.js';
import { currentView, legacyManagerAnnotations } from './apis/dashboard-view.js';
import { namespaceForOrg } from './apis/namespaces.js';
import { managerOf } from './apis/ownership.js';
import { replaceDashboard } from './apis/write-dashboard.js';
import type { Identity } from './authenticate.js';
import { injectIdentity, isObject, type JsonObject } from './dashboard-model.js';
import type { EraRules, FeatureSet } from './era.js';
import { errorReply, type Reply } from './http/reply.js';
import type { RouteContext, RouteSettings } from './http/route-table.js';
import { saveDashboardLegacy } from './save-dashboard-legacy.js';
import { uiV2Spec } from './ui-v2-save.js';
import { DatasourceIndex } from '../grafana-migration/datasource-ref.js';
import type { JsonMap } from '../grafana-migration/go-values.js';
import { schemaVersionOf } from './migration/index.js';
import { datasourcesForMigration, datasourcesOfOrg } from './migration/instance-datasources.js';
import { v33 } from './migration/v33.js';
import { nowIso, orgDashboards, type DashboardRecord, type SandboxState, type UserRecord } from './state.js';

export interface UiEditDeps {
  state: SandboxState;
  era: EraRules;
  features: FeatureSet;
  settings: RouteSettings;
  changed(): void;
}

export interface UiEditRequest {
  uid: string;
  orgId: number;
  /** Login of the user making the edit (created as an Editor of the org when missing); default `editor`. */
  user: string;
  /** The user's name (Grafana's display name shows it, else the login); set when given. */
  name?: string;
  /** Spec fields to set (shallow); default: a new `description`. */
  spec?: JsonObject;
  message?: string;
  /** Store as v2, as the dynamic-dashboards editor does. */
  asV2: boolean;
}

/**
 * Simulates someone saving the dashboard in Grafana's UI: the edit goes through the same /apis write path a
 * client uses (a PUT with the resourceVersion the UI read); 11.2's UI saves through `POST /api/dashboards/db`
 * (the model it read, its version, `overwrite: false`), and so does this there (`legacyUiEdit`). A plain edit keeps the stored version family (a
 * v0alpha1 row is written at the release's v1 version, as the UI's v1 client does); `asV2` converts a v1
 * dashboard as the editor's save serializes it (ui-v2-save.ts) and writes it at the version the editor uses.
 * Like the UI, it refuses a dashboard whose manager does not allow edits.
 */
export function simulateUiEdit(deps: UiEditDeps, request: UiEditRequest): Reply {
  const rules = deps.era.apis;
  const record = orgDashboards(deps.state, request.orgId).get(request.uid);
  if (!record || record.deleted) return errorReply(404, `dashboard ${request.uid} not found in org ${request.orgId}`);
  if (!rules) {
    if (request.asV2) return errorReply(404, `Grafana ${deps.era.versionString} has no dashboard UI that saves v2 dashboards`);
    return legacyUiEdit(deps, request, record);
  }
  const view = currentView(record, deps.era.metaApiVersion ?? 'v0alpha1', deps.settings.storage);
  const manager = managerOf({ ...view.annotations, ...legacyManagerAnnotations(record) });
  if (manager && !manager.allowsEdits) {
    return errorReply(409, `the Grafana UI does not allow editing this dashboard: it is managed by ${manager.kind} (${manager.identity})`);
  }
  const stored = view.apiVersion;
  const version = request.asV2 ? rules.uiV2Version : stored === 'v0alpha1' ? rules.dashboardVersions.classic.find((v) => v.startsWith('v1'))! : stored;
  const object = JSON.parse(renderDashboardObject(view, stored, deps.era)) as JsonObject;
  let spec = object.spec as JsonObject;
  if (request.asV2 && !stored.startsWith('v2')) {
    try {
      const datasources = variableDatasourcesOf(datasourcesOfOrg(deps.settings.datasources ?? [], request.orgId));
      spec = convertV2Version(uiV2Spec(withDatasourceRefs(spec, deps.era, request.orgId), datasources), 'v2', version);
    } catch (error) {
      if (error instanceof ConversionError) return errorReply(422, `the dashboard cannot be converted to v2: ${error.message}`);
      throw error;
    }
  }
  const metadata = object.metadata as JsonObject;
  const annotations: Record<string, string> = { ...(metadata.annotations as Record<string, string>), 'grafana.app/saved-from-ui': deps.era.versionString };
  if (request.message) annotations['grafana.app/message'] = request.message;
  const { status: _status, ...rest } = object;
  const body = { ...rest, apiVersion: `${DASHBOARDS.group}/${version}`, metadata: { ...metadata, annotations }, spec: { ...spec, ...editOf(request, record) } };
  const context: ApisContext = {
    ...asEditor(deps, request, body),
    rules,
    gr: DASHBOARDS,
    version,
    namespace: namespaceForOrg(request.orgId),
    name: request.uid,
    bodyText: '',
    contentType: 'application/json',
  };
  return replaceDashboard(context, body);
}

/** 11.2: the UI's save, `POST /api/dashboards/db` as the editing user, through the sandbox's own handler. */
function legacyUiEdit(deps: UiEditDeps, request: UiEditRequest, record: DashboardRecord): Reply {
  const model = JSON.parse(injectIdentity(record, record.id, record.uid, record.version)) as JsonObject;
  const body = { dashboard: { ...model, ...editOf(request, record) }, folderUid: record.folderUid, message: request.message ?? '', overwrite: false };
  return saveDashboardLegacy(asEditor(deps, request, body));
}

/** The spec fields the edit sets: the request's, else a new `description`. */
function editOf(request: UiEditRequest, record: DashboardRecord): JsonObject {
  return request.spec ?? { description: `Edited in the Grafana UI by ${request.user} (after version ${record.version})` };
}

/** A request by the UI user carrying `body`, as a route handler receives it. */
function asEditor(deps: UiEditDeps, request: UiEditRequest, body: JsonObject): RouteContext {
  return {
    ...deps,
    identity: editorIdentity(deps.state, request.user, request.orgId, request.name),
    params: {},
    query: new URLSearchParams(),
    body,
    invalidJson: false,
    headers: {},
  };
}

/** Reads a control request body: `{uid, orgId?, user?, name?, spec?, message?}`. */
export function readUiEditRequest(body: unknown, asV2: boolean): UiEditRequest | string {
  if (!isObject(body) || typeof body.uid !== 'string' || body.uid === '') return 'body must be a JSON object with a "uid"';
  if (body.spec !== undefined && !isObject(body.spec)) return '"spec" must be an object of spec fields to set';
  return {
    uid: body.uid,
    orgId: typeof body.orgId === 'number' ? body.orgId : 1,
    user: typeof body.user === 'string' && body.user !== '' ? body.user : 'editor',
    ...(typeof body.name === 'string' ? { name: body.name } : {}),
    ...(isObject(body.spec) ? { spec: body.spec } : {}),
    ...(typeof body.message === 'string' ? { message: body.message } : {}),
    asV2,
  };
}

/** The UI user: created on first use as an Editor of the org (it cannot sign in: there is no password). */
function editorIdentity(state: SandboxState, login: string, orgId: number, name: string | undefined): Identity {
  let user = [...state.users.values()].find((candidate) => candidate.login === login);
  if (!user) {
    const id = ++state.counters.userId;
    const email = `${login}@localhost`;
    user = { id, uid: `${login}-${id}`, login, email, name: '', isGrafanaAdmin: false, orgRoles: {}, defaultOrgId: orgId, created: nowIso() };
  }
  const role = user.orgRoles[String(orgId)] ?? 'Editor';
  const updated: UserRecord = { ...user, ...(name === undefined ? {} : { name }), orgRoles: { ...user.orgRoles, [String(orgId)]: role } };
  state.users.set(updated.id, updated);
  return { kind: 'user', id: updated.id, uid: updated.uid, login, name: updated.name, email: updated.email, orgId, role, isGrafanaAdmin: false };
}

/**
 * The editor loads a dashboard migrated to the newest schema (the v1 read, and the frontend's DashboardModel): a data
 * source by name (before schema 33) is a reference by then (V33), which its v2 save keeps on the panel's queries
 * (Grafana's testdata migrated_dashboards_from_v0_to_v2/v2beta1.v33.panel_ds_name_to_ref.json).
 */
function withDatasourceRefs(spec: JsonObject, era: EraRules, orgId: number): JsonObject {
  if (schemaVersionOf(spec as JsonMap) >= 33) return spec;
  const copy = structuredClone(spec) as JsonMap;
  v33(copy, new DatasourceIndex(datasourcesForMigration(era.apis, orgId)));
  return copy as JsonObject;
}
