import { apiSaveManagerRefusal } from './api-manager-rules.js';
import { LOOKS_LIKE_V2, looksLikeV2Spec } from './apis/dashboard-admission.js';
import { isObject, type JsonObject } from './dashboard-model.js';
import { keepNumberTexts, numberTextsOf } from './number-texts.js';
import { floatOverflowMessage } from './float-overflow.js';
import { findDashboardById, findLiveDashboard, saveSuccess, writeDashboard } from './dashboard-writer.js';
import { dashboardWithId } from './dashboard-id-index.js';
import { mayWriteIn } from './folder-permissions.js';
import { resolveSaveFolder } from './save-folder.js';
import { connectAfterSave } from './library-elements/connect-after-save.js';
import type { RouteContext } from './http/route-table.js';
import { errorReply, errorWithTrace, statusError, type Reply } from './http/reply.js';
import { slugify } from './slugify.js';
import { orgDashboards, orgFolders, type DashboardRecord, type FolderRecord } from './state.js';

const validUid = /^[a-zA-Z0-9\-_]*$/;

/** POST /api/dashboards/db for eras A–C (11.2, 12, 13.0.x): validation and the decision order of grafana-api.md §1.5. */
export function saveDashboardLegacy(context: RouteContext): Reply {
  const request = context.body;
  if (context.invalidJson || !isObject(request) || !isObject(request.dashboard)) {
    return errorWithTrace(400, 'bad request data');
  }
  if (request.isFolder === true) return errorReply(400, 'Use folders endpoint for saving folders.');
  const model: JsonObject = { ...request.dashboard };
  const overwrite = request.overwrite === true;
  const message = typeof request.message === 'string' ? request.message : '';

  const title = typeof model.title === 'string' ? model.title.trim() : '';
  model.title = title;
  if (title === '') return statusError(400, 'empty-name', 'Dashboard title cannot be empty');
  if (Buffer.byteLength(title) > 5000) {
    return statusError(400, 'title-too-long', 'Dashboard title cannot contain more than 5 000 characters');
  }
  let uid = typeof model.uid === 'string' ? model.uid.trim() : '';
  if (typeof model.uid === 'string') model.uid = uid;
  if (!validUid.test(uid)) return errorReply(400, 'uid contains illegal characters');
  if (uid.length > 40) return errorReply(400, 'uid too long, max 40 characters');
  if (context.era.messageLimit && Buffer.byteLength(message) > 500) {
    return errorReply(400, 'message too long, max 500 characters');
  }
  const folder = resolveSaveFolder(context, request, true);
  if ('status' in folder) return folder;

  const id = typeof model.id === 'number' ? model.id : 0;
  const versionRead = typeof model.id === 'number' || typeof model.uid === 'string';
  const version = versionRead && typeof model.version === 'number' ? model.version : 0;
  let existing: DashboardRecord | undefined;
  // 11.x: the store's getExistingDashboardByIDOrUIDForUpdate looks id and uid up with no `deleted` filter, so a
  // dashboard in Recently deleted is still the row a save meets (README "A uid in Recently deleted").
  const withTrash = context.era.trash;
  if (id > 0) {
    existing = withTrash ? rowById(context, id) : findDashboardById(context, id);
    if (!existing) return statusError(404, 'not-found', 'Dashboard not found');
    if (uid === '') uid = existing.uid;
  }
  if (uid !== '') {
    const byUid = withTrash ? orgDashboards(context.state, context.identity.orgId).get(uid) : findLiveDashboard(context, uid);
    if (existing && byUid && byUid !== existing) {
      return errorReply(400, 'A dashboard with the same uid already exists');
    }
    existing ??= byUid;
    // `org_id=? AND uid=?` alone found the row (on MySQL whatever the case): the store's SetUID(existingByUid.UID) keeps
    // its uid. Found by a posted id as well, the posted uid is written (`abc` renames `ABC`): SetUID runs only when
    // the id found nothing (getExistingDashboardByIDOrUIDForUpdate).
    if (byUid && existing === byUid && !(id > 0)) uid = byUid.uid;
    if (!existing && context.era.sharedUidSpace && orgFolders(context.state, context.identity.orgId).has(uid)) {
      return errorReply(400, 'Dashboard cannot be changed to a folder');
    }
  }
  if (existing && version !== existing.version && !overwrite) {
    return statusError(412, 'version-mismatch', 'The dashboard has been changed by someone else');
  }
  if (existing?.pluginId && !overwrite) {
    return statusError(412, 'plugin-dashboard', `The dashboard belongs to plugin ${existing.pluginId}.`);
  }
  if (context.era.uniqueTitles) {
    const clash = titleClash(context, title, folder.uid, existing);
    if (clash === 'folder') return statusError(400, 'name-match', 'Dashboard name cannot be the same as folder');
    if (clash) {
      if (!overwrite) {
        return statusError(412, 'name-exists', 'A dashboard with the same name in the folder already exists');
      }
      existing = clash;
      uid = clash.uid;
    }
  }
  // BuildSaveDashboardCommand, after ValidateDashboardBeforeSave: a move needs create rights in the destination
  // (isParentFolderChanged → CanCreate), then the provisioned check, then CanCreate (new) or CanSave (existing).
  const folders = orgFolders(context.state, context.identity.orgId);
  const denied = () => errorWithTrace(403, 'Access denied to save dashboard');
  if (existing && existing.folderUid !== folder.uid && !mayWriteIn(folders, context.identity, folder.uid)) return denied();
  if (existing?.provisioned && !existing.provisioned.allowUiUpdates) {
    return errorReply(400, 'Cannot save provisioned dashboard');
  }
  if (!mayWriteIn(folders, context.identity, existing?.folderUid ?? folder.uid)) return denied();
  // 12 sends the model to the apiserver after these checks; its decode refuses a number beyond a float64 (11.2's
  // simplejson keeps the number's text).
  if (context.era.apis && context.floatOverflow !== undefined) {
    return errorWithTrace(400, floatOverflowMessage('Dashboard', context.era.metaApiVersion ?? 'v0alpha1', context.floatOverflow));
  }
  // 13.0.x: the service posts the model at v0alpha1 and 13's mutating admission refuses a spec that looks like v2; the
  // StatusError comes back through ToDashboardErrorResponse (12's admission has no such check: stored as classic).
  if (context.era.apis?.refuseV2LookingSpec && looksLikeV2Spec(model)) return errorWithTrace(400, LOOKS_LIKE_V2);
  const managed = apiSaveManagerRefusal(context, existing, folder.uid);
  if (managed) return managed;
  // Era C sends a fresh object (LegacySaveCommandToUnstructured): annotations and labels from /apis are dropped.
  // saveDashboard's UPDATE leaves the zero `Deleted` of the posted model out: a trashed row is updated and stays in the trash.
  if (context.era.keepsNumberText && context.bodyText !== undefined) keepNumberTexts(model, numberTextsOf(context.bodyText), 'dashboard');
  // 12 and 13.0.x name a new dashboard in LegacySaveCommandToUnstructured: `uuid.NewString()`, whatever the release's other uids.
  const uidStyle = context.era.apis ? 'uuid' : context.era.uidStyle;
  const record = writeDashboard(context, { existing, uid, uidStyle, model, folderUid: folder.uid, message, annotations: {}, labels: {}, staysInTrash: true });
  return connectAfterSave(context, record, model) ?? saveSuccess(record);
}

/** The row with this numeric id in the caller's org, in Recently deleted or not (11.x SQL: `id=? AND org_id=?`). */
function rowById(context: RouteContext, id: number): DashboardRecord | undefined {
  return dashboardWithId(orgDashboards(context.state, context.identity.orgId), id, () => true);
}

const folderSlugs = new WeakMap<FolderRecord, string>();

/** A folder's slug, kept per folder record (a rename stores a new record): every 11.2 save compares all of them. */
function folderSlug(folder: FolderRecord): string {
  let slug = folderSlugs.get(folder);
  if (slug === undefined) folderSlugs.set(folder, (slug = slugify(folder.title)));
  return slug;
}

/**
 * Era A: the slug must be unique among the target folder's dashboards and all folders of the org. The store's query
 * has no `deleted` filter, so a dashboard in Recently deleted counts (and `overwrite` takes that row over, which
 * stays in the trash); the unique key on `org_id, folder_uid, title, is_folder` holds the trashed row too.
 */
function titleClash(
  context: RouteContext,
  title: string,
  folderUid: string,
  self: DashboardRecord | undefined,
): DashboardRecord | 'folder' | undefined {
  const slug = slugify(title);
  for (const folder of orgFolders(context.state, context.identity.orgId).values()) {
    if (folderSlug(folder) === slug) return 'folder';
  }
  for (const other of orgDashboards(context.state, context.identity.orgId).values()) {
    if (other !== self && other.folderUid === folderUid && other.slug === slug) return other;
  }
  return undefined;
}
