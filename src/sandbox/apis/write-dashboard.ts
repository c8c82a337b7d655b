import { writeDashboard } from '../dashboard-writer.js';
import { isObject } from '../dashboard-model.js';
import type { Reply } from '../http/reply.js';
import { orgDashboards, type DashboardRecord } from '../state.js';
import type { ApisContext } from './apis-context.js';
import { connectLibraryPanelsOnSave } from './connect-library-panels.js';
import { mutateDashboardSpec, validateDashboardAdmission } from './dashboard-admission.js';
import { renderDashboardObject } from './dashboard-object.js';
import { currentView, legacyManagerAnnotations, type DashboardView } from './dashboard-view.js';
import { generateName } from './generate-name.js';
import { isDryRun } from './dry-run.js';
import { mayWriteDashboardIn } from './dashboard-authorizer.js';
import { alreadyExists, badRequest, conflict, forbidden, invalid, OPTIMISTIC_LOCK_MESSAGE, plainForbidden, storageForbidden, unknownError } from './k8s-status.js';
import { checkManagerUpdate, checkManagerWrite, managerOf, sameManager, type Manager } from './ownership.js';
import { repoFolderMismatch } from '../repo-managed-folders.js';
import { readObjectInput, type ObjectInput } from './read-object-input.js';

/**
 * POST (create) and PUT (replace) of a dashboard, in the order Grafana's apiserver runs them: decode, mutating
 * admission (mutate.go), name generation, resourceVersion check (registry Store.Update), validating admission
 * (register.go), then storage (apistore prepare.go + managed.go). The row is the one `/api` writes too.
 */
export function createDashboard(context: ApisContext, body: unknown = context.body): Reply {
  const input = readObjectInput(context, body, 'Dashboard');
  if ('status' in input) return input;
  return create(context, input, input.name);
}

export function replaceDashboard(context: ApisContext, body: unknown = context.body): Reply {
  const input = readObjectInput(context, body, 'Dashboard');
  if ('status' in input) return input;
  if (input.name !== context.name) {
    return badRequest(`the name of the object (${input.name}) does not match the name on the URL (${context.name})`);
  }
  const existing = liveDashboard(context, context.name);
  // AllowCreateOnUpdate (pkg/apiserver/registry/generic/strategy.go): a PUT to a missing name creates it.
  if (!existing) return create(context, input, context.name);
  const mutated = mutateDashboardSpec(input.spec, context.version, context.name, context.era, context.identity.orgId, context.query.get('fieldValidation') ?? '');
  if (!mutated.ok) return mutated.reply;
  const spec = mutated.spec;
  const current = currentView(existing, context.era.metaApiVersion ?? 'v0alpha1', context.settings.storage);
  // AllowUnconditionalUpdate: an empty resourceVersion overwrites whatever is stored.
  if (input.resourceVersion !== '' && input.resourceVersion !== current.servedResourceVersion) {
    return conflict(context.gr, context.name, OPTIMISTIC_LOCK_MESSAGE);
  }
  const folderToCheck = input.folderUid !== existing.folderUid ? input.folderUid : '';
  const refused = validateDashboardAdmission(context.state, context.identity.orgId, context.settings.minRefreshInterval, {
    spec,
    version: context.version,
    name: context.name,
    message: input.message,
    folderToCheck,
  });
  if (refused) return refused;
  const denied = (input.folderUid !== existing.folderUid ? folderAdmissionDenied(context, input.folderUid, 'move') : undefined)
    ?? storageFolderDenied(context, input.folderUid, existing);
  if (denied) return denied;
  const previousManager = managerOf({ ...current.annotations, ...legacyManagerAnnotations(existing) });
  const nextManager = managerOf(input.annotations);
  // prepareObjectForUpdate: the parent folder's manager when the folder changes, then the manager rules, then the parent
  // again when only the manager changed.
  const moved = input.folderUid !== existing.folderUid;
  const mismatch = moved ? repoFolderMismatch(context.state, context.identity.orgId, input.folderUid, nextManager) : undefined;
  if (mismatch) return plainForbidden(mismatch);
  const managerRefusal = checkManagerUpdate(context.identity, nextManager, previousManager, context.rules.lockManagerIdentity);
  if (managerRefusal) return managerRefusal;
  const stillMatches = !moved && !sameManager(nextManager, previousManager) ? repoFolderMismatch(context.state, context.identity.orgId, input.folderUid, nextManager) : undefined;
  if (stillMatches) return plainForbidden(stillMatches);
  // On MySQL the name may differ from the stored one in case only: the row found is written, under its own name.
  return commit(context, existing, existing.uid, spec, input, 200, sameSpecAsStored(context, current, spec));
}

/**
 * Whether the spec equals the stored one as read at the request's version. apistore's GuaranteedUpdate
 * (`pkg/storage/unified/apistore/store.go`) decodes the stored bytes into an object of the request's version
 * (`convertToObject(readResponse.Value, s.newFunc())`: a v0alpha1 body read at v1beta1 comes migrated) and
 * prepareObjectForUpdate compares the specs with `apiequality.Semantic.DeepEqual`: so a v1beta1 write of the
 * migrated spec of a dashboard stored below the latest schemaVersion keeps the generation (the bytes differ, so the
 * migrated text is stored all the same).
 */
function sameSpecAsStored(context: ApisContext, current: DashboardView, spec: Record<string, unknown>): boolean {
  const stored = (JSON.parse(renderDashboardObject(current, context.version, context.era)) as { spec?: unknown }).spec;
  return sameJson(stored, spec);
}

function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  if (isObject(a)) {
    if (!isObject(b) || Array.isArray(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key], b[key]));
  }
  return a === b;
}

function create(context: ApisContext, input: ObjectInput, requestedName: string): Reply {
  const mutated = mutateDashboardSpec(input.spec, context.version, requestedName, context.era, context.identity.orgId, context.query.get('fieldValidation') ?? '');
  if (!mutated.ok) return mutated.reply;
  const spec = mutated.spec;
  const dashboards = orgDashboards(context.state, context.identity.orgId);
  let name = requestedName;
  if (name === '') {
    if (input.generateName === '') {
      const cause = { reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' };
      return invalid(context.gr.group, 'Dashboard', '', [cause]);
    }
    do name = generateName(input.generateName, context.rules.generateName);
    while (dashboards.has(name));
  }
  const refused = validateDashboardAdmission(context.state, context.identity.orgId, context.settings.minRefreshInterval, {
    spec,
    version: context.version,
    name,
    message: input.message,
    folderToCheck: input.folderUid,
  });
  if (refused) return refused;
  const denied = folderAdmissionDenied(context, input.folderUid, 'create') ?? storageFolderDenied(context, input.folderUid);
  if (denied) return denied;
  // apistore prepareObjectForStorage: storage.ErrResourceVersionSetOnCreate, a plain error (500 without reason).
  if (input.resourceVersion !== '') return unknownError('resourceVersion should not be set on objects to be created');
  const existing = dashboards.get(name);
  if (existing && !existing.deleted) return alreadyExists(context.gr, name);
  const managerRefusal = checkManagerWrite(managerOf(input.annotations));
  if (managerRefusal) return managerRefusal;
  const mismatch = repoFolderMismatch(context.state, context.identity.orgId, input.folderUid, managerOf(input.annotations));
  if (mismatch) return plainForbidden(mismatch);
  // A name in "Recently deleted" does not block a create; re-creating it is how the UI restores (history carries on).
  return commit(context, existing, name, spec, input, 201);
}

/**
 * The validating admission's check of the folder a write lands in (`verifyFolderAccessPermissions`: a move's destination
 * in `validateUpdate`, 12 and 13, `dashboardMoveAdmission`; a create's folder in `validateCreate`, 13.1 on,
 * `dashboardCreateAdmission`; skipped for the General level): its plain `ErrFolderAccessDenied` is the apiserver's 500 without
 * reason (StatusReasonUnknown is ""). It runs before the storage sees the write.
 */
function folderAdmissionDenied(context: ApisContext, folderUid: string, write: 'create' | 'move'): Reply | undefined {
  const checked = write === 'create' ? context.rules.dashboardCreateAdmission : context.rules.dashboardMoveAdmission;
  if (folderUid === '' || !checked || mayWriteDashboardIn(context.state, context.identity, folderUid)) return undefined;
  return unknownError('access denied to folder');
}

/**
 * The storage's folder checks (the resource server's `newEvent`, pkg/storage/unified/resource/server.go, in front of legacy
 * storage too): a create needs `create` in its folder (403 without message); an update `update` in the dashboard's
 * current folder (403 without message), and a move `checkFolderMovePermissions`: "not allowed to update resource in the
 * source folder", then "not allowed to create resource in the destination folder". The source check is the storage's on
 * 12.3+ and 13 only: 12.0–12.2's dashboard authorizer refused such an update before (apis-router.ts).
 */
function storageFolderDenied(context: ApisContext, folderUid: string, existing?: DashboardRecord): Reply | undefined {
  const may = (uid: string) => mayWriteDashboardIn(context.state, context.identity, uid);
  if (!existing) return may(folderUid) ? undefined : storageForbidden();
  const moved = folderUid !== existing.folderUid;
  if (!context.rules.rbacDashboardAuthorizer && !may(existing.folderUid)) {
    return storageForbidden(moved ? 'not allowed to update resource in the source folder' : undefined);
  }
  return !moved || may(folderUid) ? undefined : storageForbidden('not allowed to create resource in the destination folder');
}

function commit(
  context: ApisContext,
  existing: DashboardRecord | undefined,
  name: string,
  spec: Record<string, unknown>,
  input: ObjectInput,
  status: 200 | 201,
  sameSpec = false,
): Reply {
  const dryRun = isDryRun(context.query.getAll('dryRun'));
  const counters = { ...context.state.counters };
  const kept = keptMetadata(context, input);
  const record = writeDashboard(context, {
    existing,
    uid: name,
    model: { ...spec },
    folderUid: input.folderUid,
    message: input.message,
    apiVersion: context.version,
    ...kept,
    clampRefresh: false,
    dryRun,
    throughApiserver: true,
    sameSpecAsStored: sameSpec,
  });
  if (dryRun) context.state.counters = counters;
  else {
    const failed = connectLibraryPanelsOnSave(context, record, spec);
    if (failed) return failed;
  }
  return { status, body: renderDashboardObject(currentView(record, context.version, context.settings.storage), context.version, context.era) };
}

/**
 * What storage keeps of the caller's labels and annotations. Unified storage keeps them as written. Legacy SQL
 * storage (dual-writer modes 0-2, which read from it) keeps none: `legacy/sql_dashboards.go` buildSaveDashboardCommand
 * saves spec, folder, message and the plugin id (`GetPluginIDFromMeta`: a `plugin` manager's identity), and scanRow
 * builds every annotation it answers from the row's columns, so nothing else comes back.
 */
function keptMetadata(context: ApisContext, input: ObjectInput): { annotations: Record<string, string>; labels: Record<string, string>; pluginId?: string } {
  if (context.settings.storage === 'unified') return { annotations: input.annotations, labels: input.labels };
  const manager = managerOf(input.annotations);
  return { annotations: {}, labels: {}, pluginId: manager?.kind === 'plugin' ? manager.identity : '' };
}

export function liveDashboard(context: ApisContext, name: string): DashboardRecord | undefined {
  const record = orgDashboards(context.state, context.identity.orgId).get(name);
  return record && !record.deleted ? record : undefined;
}
