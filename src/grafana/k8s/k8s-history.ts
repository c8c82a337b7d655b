import { DASHSYNC_MARKER } from '../../config/render-commit-message.js';
import { keepAnswerIn } from '../ask-once.js';
import { isDashsyncSave, k8sSavedBy, k8sSaver } from '../save-authorship.js';
import { AnswerCutOffError, AuthError, GrafanaHttpError, PermissionError, TrashFolderGoneError, TrashListFailedError, UnreachableError, isUninterruptedFailure } from '../../errors.js';
import { EARLIER_PUSH_DEPTH, EARLIER_PUSH_MAX_DEPTH, type EarlierPush, type EarlierPushOptions, type LastSave, type LiveDashboard, type PastVersion, type RecentlyDeletedFolder, type TrashEntry, type TrashRestore, type TrashRestoreOfPush, type TrashRestoreOfSave, type TrashUnread } from '../port.js';
import { readVersionFor } from './choose-versions.js';
import { createDashboardObject, getDashboardObject, listDashboardHeads, listDashboardPage } from './endpoints/dashboards.js';
import type { K8sContext } from './k8s-context.js';
import { versionOf, type K8sObject } from './k8s-object.js';
import type { KeptTrash } from './kept-trash.js';
import { asStored } from './read-dashboards.js';
import { bindPushRecord } from './bind-push-record.js';
import type { NotedSaverCheck } from './check-noted-saver.js';
import { noteNamesSaver, stepEarlierPushWalk, withContentNote, type EarlierPushWalk } from '../content-note.js';
import { parseRestoreNote, restoreLastSave, restoreNamesSaver, withRestoreNote } from '../restore-note.js';
import { internalIdOf, PUSH_RECORD, PUSHED_MESSAGE, PUSHED_SHA256, toLiveDashboard } from './to-live-dashboard.js';
import { backedUpModelDigest } from '../../normalize/backed-up-model-digest.js';
import { libraryPanelUids } from '../../files/find-library-panel-refs.js';

const GET_HISTORY = 'grafana.app/get-history=true';
const GET_TRASH = 'grafana.app/get-trash=true';

/**
 * The newest save of a dashboard: its record says so when dashsync made it and nobody saved
 * since, or when someone changed its labels or annotations since (no request); otherwise the newest entry of its history (one LIST of one item),
 * which is dashsync's when its `grafana.app/message` carries the marker and a content note naming the identity that saved it
 * (`grafana.app/updatedBy`, `createdBy` for the first generation), whoever reads it; without a note that decides, when these
 * credentials saved it (against GET /api/user: save-authorship.ts). That entry is the
 * whole dashboard; only its metadata is read.
 */
export async function readK8sLastSave(context: K8sContext, dashboard: Pick<LiveDashboard, 'uid' | 'version' | 'lastSave'>): Promise<LastSave> {
  if (dashboard.lastSave.byDashsync !== null) return dashboard.lastSave;
  const page = await listDashboardHeads(context.http, await context.namespace(), context.versions.v1Read, {
    limit: 1,
    labelSelector: GET_HISTORY,
    fieldSelector: `metadata.name=${dashboard.uid}`,
  });
  const newest = page.items[0];
  if (!newest) return { ...dashboard.lastSave, byDashsync: null };
  const message = newest.annotations['grafana.app/message'] ?? '';
  const annotations = newest.annotations;
  // One saver for the drift line, the content note and authorship: a later generation's createdBy names who created the dashboard, not who saved it.
  const savedBy = k8sSavedBy(newest.generation, annotations['grafana.app/createdBy'] ?? '', annotations['grafana.app/updatedBy'] ?? '');
  const at = newest.annotations['grafana.app/updatedTimestamp'] || newest.creationTimestamp;
  const version = newest.generation || dashboard.version;
  const restore = parseRestoreNote(message);
  const byNote = restore === null ? noteNamesSaver(message, savedBy) : restoreNamesSaver(restore, savedBy);
  const ownUid = byNote === null && message.includes(DASHSYNC_MARKER) ? await context.pusherUid() : null;
  const byDashsync = byNote ?? isDashsyncSave(message, k8sSaver(savedBy, ownUid));
  // dashsync's restore of content it did not push: that content's save is the one to judge (drift on content, not on who saved last).
  if (restore !== null && byDashsync) return restoreLastSave(restore, { at, version, message });
  return { by: savedBy, at, message, byDashsync, version };
}

/**
 * GrafanaPort.readEarlierPush on `/apis`: the history (one LIST of EARLIER_PUSH_DEPTH items, newest first, metadata only),
 * the newest entry older than `version` whose message's content note names the identity that saved it; when that page
 * holds none and the list goes on, its next pages (`continue`) up to EARLIER_PUSH_MAX_DEPTH items in all (usually one more LIST).
 * A note this history's saver cannot be compared with as written is checked as `checkSaver` can (a request at most per saver
 * and run: createNotedSaverCheck): one naming another saver is a copy in someone else's save, not a push, or an `as <name>`
 * note of a service account renamed since, which reads the same. Which notes end the look and which are passed over:
 * stepEarlierPushWalk.
 */
export async function readK8sEarlierPush(context: K8sContext, uid: string, version: number, options: EarlierPushOptions = {}, checkSaver?: NotedSaverCheck): Promise<EarlierPush | null> {
  const namespace = await context.namespace();
  const walk: EarlierPushWalk = { passedOver: null };
  let read = 0;
  let next = '';
  // Whether the entries read reach the first generation (a generation 0 cannot be placed: read as reaching it).
  let reachesFirst = false;
  do {
    const limit = read === 0 ? EARLIER_PUSH_DEPTH : EARLIER_PUSH_MAX_DEPTH - read;
    const page = await keepAnswerIn(options.reads, `heads ${uid} ${limit} ${next}`, () =>
      listDashboardHeads(context.http, namespace, context.versions.v1Read, { limit, labelSelector: GET_HISTORY, fieldSelector: `metadata.name=${uid}`, ...(next && { continue: next }) }),
    );
    const found = await findK8sPush(uid, page.items, version, options, checkSaver, walk);
    if (found !== null) return found;
    read += page.items.length;
    reachesFirst ||= page.items.some((entry) => entry.generation <= 1);
    next = page.items.length === 0 ? '' : page.next;
  } while (next !== '' && read < EARLIER_PUSH_MAX_DEPTH);
  if (walk.passedOver === null) options.onNotFound?.({ cutShort: read > 0 && !reachesFirst });
  return walk.passedOver;
}

async function findK8sPush(
  uid: string,
  entries: Awaited<ReturnType<typeof listDashboardHeads>>['items'],
  version: number,
  options: EarlierPushOptions,
  checkSaver: NotedSaverCheck | undefined,
  walk: EarlierPushWalk,
): Promise<EarlierPush | null> {
  for (const entry of entries) {
    if (entry.generation === 0 || entry.generation >= version) continue;
    const message = entry.annotations['grafana.app/message'] ?? '';
    const savedBy = k8sSavedBy(entry.generation, entry.annotations['grafana.app/createdBy'] ?? '', entry.annotations['grafana.app/updatedBy'] ?? '');
    const namesSaver = noteNamesSaver(message, savedBy) ?? (await checkSaver?.(uid, { message, savedBy, generation: entry.generation })) ?? null;
    const at = entry.annotations['grafana.app/updatedTimestamp'] || entry.creationTimestamp;
    const found = stepEarlierPushWalk(walk, { version: entry.generation, at, message, namesSaver }, 'uid', options);
    if (found !== null) return found;
  }
  return null;
}

/** The most history entries readK8sVersionsBetween reads (entries of one generation repeat where only labels or annotations changed). */
const VERSIONS_BETWEEN_MAX_READ = 50;

/**
 * GrafanaPort.readVersionsBetween on `/apis`: the history (full objects, newest first) listed at the version the live dashboard
 * was read at (a classic one at the v1 version reads use; a v2 one at its stored version, or `readAt`), so that Grafana converts
 * each entry as it converted the live one; the entries after `after` and before `before`, until the list passes `after`. An entry
 * Grafana gives in the other schema family (a version stored as v1 of a dashboard now v2, or the reverse) or without its spec (a
 * failed conversion) is left out: no file in the live one's form can hold it. At most VERSIONS_BETWEEN_MAX_READ entries are
 * read (each LIST asks for the range's size, at most 12 whole objects where pull's cap of 10 versions between holds: 5 LISTs
 * at most); the list may stop before `after`, and a partial answer only leaves versions uncompared (pull then refuses).
 */
export async function readK8sVersionsBetween(context: K8sContext, uid: string, range: { after: number; before: number }, as: { apiVersion: string | null; readAt?: string }): Promise<PastVersion[]> {
  const stored = as.apiVersion === null ? null : versionOf(as.apiVersion);
  const listAt = stored !== null && stored.startsWith('v2') ? readVersionFor(context.versions, stored, as.readAt) : context.versions.v1Read;
  const namespace = await context.namespace();
  const found: PastVersion[] = [];
  let read = 0;
  let next = '';
  do {
    const limit = Math.min(range.before - range.after + 1, VERSIONS_BETWEEN_MAX_READ - read);
    const page = await listDashboardPage(context.http, namespace, listAt, { limit, labelSelector: GET_HISTORY, fieldSelector: `metadata.name=${uid}`, ...(next && { continue: next }) });
    for (const entry of page.items) {
      if (entry.generation <= range.after) return found;
      if (entry.generation >= range.before || entry.spec === null || asStored(entry) !== entry) continue;
      // The folder's title is no part of a version's content: not read.
      const { version, model, schema, apiVersion, metadata, metadataNotKept, folderUid } = toLiveDashboard(entry, () => '');
      // Legacy SQL storage gives every entry the dashboard's folder now: no version's own.
      found.push({ version, model, schema, apiVersion, metadata, ...(metadataNotKept ? { metadataNotKept } : { folderUid }) });
    }
    read += page.items.length;
    next = page.items.length === 0 ? '' : page.next;
  } while (next !== '' && read < VERSIONS_BETWEEN_MAX_READ);
  return found;
}

/** Server-set metadata a restore leaves out: the create gets its own. */
const SERVER_ANNOTATIONS = ['grafana.app/createdBy', 'grafana.app/updatedBy', 'grafana.app/updatedTimestamp', 'grafana.app/message'];

/**
 * Brings a dashboard back from "Recently deleted" the way Grafana's UI does: the deleted object,
 * read at its stored version from the trash list (`labelSelector=grafana.app/get-trash=true`), is
 * created again without a resourceVersion. `not-restored`: the trash holds no such dashboard, or the create found
 * the name taken at its first send; `unconfirmed`: taken at a resend, so the first send may have restored it. `into`:
 * another folder (its `grafana.app/folder` annotation; null = General). A folder that is gone
 * (the create's 404 for folders.folder.grafana.app): TrashFolderGoneError.
 */
export async function restoreFromK8sTrash(
  context: K8sContext,
  uid: string,
  into?: { folderUid: string | null },
  asPushed?: TrashRestoreOfPush,
  asRestore?: TrashRestoreOfSave,
): Promise<TrashRestore> {
  const namespace = await context.namespace();
  let deleted = await findInTrash(context, namespace, context.versions.v1Read, uid);
  // Nothing was sent: whatever holds the uid now, this restore did not put it there.
  if (deleted === null) return 'not-restored';
  const stored = asStored(deleted);
  if (stored === null) deleted = await findInTrash(context, namespace, readVersionFor(context.versions, deleted.conversion!.storedVersion), uid);
  else deleted = stored;
  if (deleted === null || deleted.spec === null) return 'not-restored';
  const annotations = { ...deleted.annotations };
  for (const key of SERVER_ANNOTATIONS) delete annotations[key];
  if (into?.folderUid) annotations['grafana.app/folder'] = into.folderUid;
  else if (into) delete annotations['grafana.app/folder'];
  const labels = { ...deleted.labels };
  delete labels['grafana.app/deprecatedInternalID'];
  const version = deleted.apiVersion.slice(deleted.apiVersion.indexOf('/') + 1);
  // Deleted as dashsync had pushed it (its backup says so, and this is the object backed up, with the content backed up:
  // legacy SQL storage gives every copy of the name the same metadata.uid): the restore is dashsync's save of that push
  // (its message and content note), and the push record, carried over, is bound to the new object.
  const held = asPushed !== undefined && deleted.uid !== '' && deleted.uid === asPushed.objectUid && isBackedUp(deleted.spec, asPushed) ? asPushed : null;
  // A record describes the push it was made with: it goes back only with that push (bound to the new object below). On any
  // other content it would call someone's save dashsync's push (kubectl, an older dashsync reading it).
  const recordKept = held !== null && deleted.annotations[PUSHED_SHA256] === held.sha256;
  if (!recordKept) for (const key of PUSH_RECORD) delete annotations[key];
  if (held) {
    annotations['grafana.app/message'] = withContentNote(held.message, held.sha256, (await context.noteSaver(false)).uid);
    if (recordKept) annotations[PUSHED_MESSAGE] = annotations['grafana.app/message'];
  }
  // Any other: the restore names the save it takes back, which the next plan judges (restore-note.ts), not the restore itself.
  if (!held && asRestore) annotations['grafana.app/message'] = withRestoreNote(asRestore.message, 'trash', asRestore.held, (await context.noteSaver(false)).uid);
  // The record names the deleted object's metadata.uid; the new one gets its own: bound to it, the next plan knows the push again.
  const bindRestored = async (created: K8sObject): Promise<TrashRestore> => {
    if (recordKept) await bindPushRecord(context, { namespace, version, message: annotations['grafana.app/message']! }, created, { uid: null, generation: created.generation, sha256: held.sha256 });
    return 'restored';
  };
  let created: K8sObject;
  try {
    created = await createDashboardObject(context.http, namespace, version, { name: uid, resourceVersion: '', annotations, labels, spec: deleted.spec });
  } catch (error) {
    // Grafana created it (a 2xx head) and its answer was cut off mid-body: the object read now stands for the answer.
    if (error instanceof AnswerCutOffError) {
      const now = await getDashboardObject(context.http, namespace, version, uid).catch(() => null);
      if (now === null) {
        context.keptTrash?.forget();
        throw error;
      }
      context.keptTrash?.left(uid);
      return await bindRestored(now);
    }
    // AlreadyExists: someone else's dashboard took the name after the trash was read, or an earlier send of this create landed.
    // Either way a dashboard holds the name, which Grafana then lists in "Recently deleted" no more.
    if (error instanceof GrafanaHttpError && error.status === 409) {
      context.keptTrash?.left(uid);
      return error.earlierSendMayHaveLanded ? 'unconfirmed' : 'not-restored';
    }
    // The validating admission answers a missing folder with the folders resource's NotFound: nothing was written.
    if (error instanceof GrafanaHttpError && error.status === 404 && /^folders\.folder\.grafana\.app ".*" not found$/.test(error.grafanaMessage)) {
      throw new TrashFolderGoneError(error.method, error.path, error.status, error.grafanaMessage, error.grafanaStatus, error.attempts);
    }
    // Any other failure: whether the create landed may not be known.
    context.keptTrash?.forget();
    throw error;
  }
  context.keptTrash?.left(uid);
  return await bindRestored(created);
}

function isBackedUp(spec: Record<string, unknown>, asPushed: TrashRestoreOfPush): boolean {
  return backedUpModelDigest(spec) === asPushed.modelSha256;
}

/**
 * GrafanaPort.recentlyDeletedUids on `/apis`: the names the trash list holds, each with its folder as recentlyDeletedEntries
 * gives it (trashEntryOf; none: General), read on legacy SQL storage too; null when it cannot be read.
 */
export async function listK8sTrashUids(context: K8sContext): Promise<ReadonlyMap<string, RecentlyDeletedFolder> | null> {
  try {
    const entries = await listAllK8sTrash(context, { digest: false });
    return new Map([...entries].map(([uid, entry]) => [uid, entry.folder ?? null]));
  } catch (error) {
    if (isUninterruptedFailure(error)) return null;
    throw error;
  }
}

/**
 * GrafanaPort.recentlyDeletedEntries on `/apis`: each name the trash list holds, with its deletionTimestamp and the deleter
 * (the deletion marker names them as its updater), its folder, and the digest of the model it holds. Null on legacy SQL
 * storage (no trash: no trash request); TrashUnread when the list cannot be read (a refusal included: these credentials
 * are not told). Legacy SQL storage answers the trash list with no entries, as unified storage's empty trash does: the storage is
 * settled first by `settleStorage` (the access check's one-item listing, once per port, which a plan has made already),
 * so that no empty answer is taken for unified storage's (rev-67c H1); an org whose listing shows no dashboard stays unsettled.
 */
export async function listK8sTrashEntries(context: K8sContext, settleStorage: () => Promise<unknown>): Promise<ReadonlyMap<string, TrashEntry> | TrashUnread | null> {
  if (context.listedFromLegacySql === null) await settleStorage();
  if (context.listedFromLegacySql === true) return null;
  try {
    return await listAllK8sTrash(context, { digest: true });
  } catch (error) {
    if (isUninterruptedFailure(error)) return { unread: error instanceof Error ? error.message : String(error) };
    throw error;
  }
}

/** One entry of the trash list, as both readers above give it (`digest`: the model's, which the uids alone do not need). */
function trashEntryOf(object: K8sObject, { digest }: { digest: boolean }): TrashEntry {
  const stored = digest ? asStored(object) : null;
  const modelDigest = stored?.spec ? { modelSha256: backedUpModelDigest(stored.spec) } : {};
  const internalId = internalIdOf(object);
  return {
    deletedAt: object.deletionTimestamp,
    deletedBy: object.annotations['grafana.app/updatedBy'] ?? '',
    folder: object.annotations['grafana.app/folder'] || null,
    ...modelDigest,
    ...(object.uid !== '' && { objectUid: object.uid }),
    ...(internalId !== null && { internalId }),
    ...(object.creationTimestamp !== '' && { created: object.creationTimestamp }),
  };
}

/**
 * Each name the trash list holds (its pages, as findInTrash reads them; a name's last entry stands for it), a failure
 * thrown. Where the port keeps the listing (keepRecentlyDeleted), its entries, digests included, made once per listing.
 */
async function listAllK8sTrash(context: K8sContext, { digest }: { digest: boolean }): Promise<ReadonlyMap<string, TrashEntry>> {
  if (context.keptTrash !== null) return await context.keptTrash.entries(() => listTrashObjects(context), (object) => trashEntryOf(object, { digest: true }));
  const entries = new Map<string, TrashEntry>();
  await eachTrashEntry(context, await context.namespace(), context.versions.v1Read, (object) => entries.set(object.name, trashEntryOf(object, { digest })));
  context.trashFetchedEmpty = entries.size === 0;
  return entries;
}

/** The trash list's objects at the classic read version as `kept` holds them, listed (every page) where it holds none. */
async function keptTrashObjects(context: K8sContext, kept: KeptTrash): Promise<ReadonlyMap<string, readonly K8sObject[]>> {
  return await kept.objects(() => listTrashObjects(context));
}

/** Every page of the trash list at the classic read version: each name's objects, in the list's order. */
async function listTrashObjects(context: K8sContext): Promise<Map<string, K8sObject[]>> {
  const objects = new Map<string, K8sObject[]>();
  await eachTrashEntry(context, await context.namespace(), context.versions.v1Read, (object) => objects.set(object.name, [...(objects.get(object.name) ?? []), object]));
  context.trashFetchedEmpty = objects.size === 0;
  return objects;
}

/**
 * GrafanaPort.recentlyDeletedLibraryPanelUsers on `/apis`: the dashboards in "Recently deleted" whose model names one of
 * `panelUids` (panel uid → those dashboards, by uid, with their titles). One pass over the trash list's pages (full
 * objects, at the classic read version); an entry the list could not give in its stored form (a v2 dashboard on 12.x)
 * is taken from one more pass at its stored version. On unified storage Grafana's own count leaves these dashboards
 * out (its search drops a deleted dashboard's references), so nothing else shows them. Null on legacy SQL storage (12's
 * default: its delete keeps no trash, as the access check's listing showed); TrashUnread when the list cannot be read.
 */
export async function findTrashedLibraryPanelUsers(context: K8sContext, panelUids: ReadonlySet<string>): Promise<Map<string, { uid: string; title: string }[]> | TrashUnread | null> {
  if (context.listedFromLegacySql === true) return null;
  const users = new Map<string, Map<string, string>>();
  if (panelUids.size === 0) return new Map();
  const note = (object: K8sObject) => {
    if (object.spec === null) return;
    const title = typeof object.spec.title === 'string' ? object.spec.title : '';
    for (const uid of libraryPanelUids(object.spec)) {
      if (panelUids.has(uid)) users.set(uid, (users.get(uid) ?? new Map<string, string>()).set(object.name, title));
    }
  };
  try {
    const namespace = await context.namespace();
    /** Stored version → the names the first pass could not read in it. */
    const unread = new Map<string, Set<string>>();
    await eachTrashEntry(context, namespace, context.versions.v1Read, (object) => {
      const source = asStored(object);
      if (source !== null) return note(source);
      const stored = object.conversion!.storedVersion;
      unread.set(stored, (unread.get(stored) ?? new Set<string>()).add(object.name));
    });
    for (const [stored, names] of unread) {
      await eachTrashEntry(context, namespace, readVersionFor(context.versions, stored), (object) => {
        if (names.has(object.name)) note(object);
      });
    }
  } catch (error) {
    if (isUninterruptedFailure(error)) return { unread: error instanceof Error ? error.message : String(error) };
    throw error;
  }
  return new Map([...users].map(([uid, dashboards]) => [uid, [...dashboards.keys()].sort().map((name) => ({ uid: name, title: dashboards.get(name)! }))]));
}

/** Every entry of the trash list, page by page, read at `version`. */
async function eachTrashEntry(context: K8sContext, namespace: string, version: string, visit: (object: K8sObject) => void): Promise<void> {
  let next = '';
  do {
    const page = await listDashboardPage(context.http, namespace, version, { limit: context.pageSize, labelSelector: GET_TRASH, continue: next });
    for (const object of page.items) visit(object);
    next = page.next;
  } while (next !== '');
}

/**
 * The first entry of `uid` in the trash list read at `version` (the kept listing, where the port keeps one). A list Grafana
 * answered with an error (after the retries) throws TrashListFailedError, which restore words as the list's failure; Ctrl-C,
 * refused credentials, a 403 and no answer throw as they came (the run stops, or Grafana 11's refusal is judged).
 */
async function findInTrash(context: K8sContext, namespace: string, version: string, uid: string): Promise<K8sObject | null> {
  try {
    return await findListedInTrash(context, namespace, version, uid);
  } catch (error) {
    if (isTrashListAnswered(error)) throw TrashListFailedError.of(error);
    throw error;
  }
}

function isTrashListAnswered(error: unknown): error is GrafanaHttpError {
  return isUninterruptedFailure(error) && !(error instanceof AuthError || error instanceof UnreachableError || error instanceof PermissionError);
}

async function findListedInTrash(context: K8sContext, namespace: string, version: string, uid: string): Promise<K8sObject | null> {
  // The first entry of the name, as the pages below find it.
  if (context.keptTrash !== null && version === context.versions.v1Read) return (await keptTrashObjects(context, context.keptTrash)).get(uid)?.[0] ?? null;
  let next = '';
  do {
    const page = await listDashboardPage(context.http, namespace, version, { limit: context.pageSize, labelSelector: GET_TRASH, continue: next });
    const found = page.items.find((object) => object.name === uid);
    if (found) return found;
    next = page.next;
  } while (next !== '');
  return null;
}
