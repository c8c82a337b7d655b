import { GrafanaHttpError, PlanFileError, ReadBackInterruptedError, RequestInterruptedError, resentAfterPossibleLanding } from '../../errors.js';
import { planAgain } from '../../report/plan-again.js';
import { saveDashboard as postLegacyDashboard } from '../legacy/endpoints/dashboards.js';
import { guardUpdate, sendWithId } from '../legacy/update-guard.js';
import type { LiveDashboard, SaveDashboardRequest, SaveOutcome, WriteTally, WriteTarget } from '../port.js';
import { createDashboardObject, dashboardsPath, replaceDashboardObject, type DashboardWrite } from './endpoints/dashboards.js';
import type { K8sContext } from './k8s-context.js';
import { versionOf, type K8sObject } from './k8s-object.js';
import { readLiveDashboard, readStoredObject } from './read-dashboards.js';
import { bindPushRecord } from './bind-push-record.js';
import { pushedFromOf, withContentNote } from '../content-note.js';
import { withRestoreNote } from '../restore-note.js';
import { metadataDigest, userMetadata } from '../user-metadata.js';
import { FULL_SHA256 } from '../../files/hash-text.js';
import { answeredFromLegacySql } from './legacy-storage-signal.js';
import { answerTellsRevision } from './legacy-save-answer.js';
import { sameIncarnation } from '../same-incarnation.js';
import { savedAgainAtVersion } from '../saved-again-at-version.js';
import { labelsWrittenSinceLegacyPlan, metadataWrittenSincePlan, resavedUnchangedSincePlan } from './labels-since-legacy-plan.js';
import { ownerBlocksUpdates } from '../ownership.js';
import { answerShowsSave, answerStatus, judgeShownSave, judgeUnprovenSave, type ReadAfterSave } from '../save-not-landed.js';
import { refusalOf } from '../save-refusal.js';
import { INTERNAL_ID_LABEL, internalIdOf, ownerFromAnnotations, parseRevision, PUSHED_FROM, PUSHED_GENERATION, PUSHED_MESSAGE, PUSHED_METADATA, PUSHED_SHA256, PUSHED_UID, revisionOf, sameRevision, toLiveDashboard } from './to-live-dashboard.js';

/** The manager and source annotations a write keeps as they are: dashsync never changes who manages a dashboard (13.2 refuses it, 403). */
const MANAGER_ANNOTATIONS = [
  'grafana.app/managedBy',
  'grafana.app/managerId',
  'grafana.app/managerAllowsEdits',
  'grafana.app/managerSuspended',
  'grafana.app/sourcePath',
  'grafana.app/sourceChecksum',
  'grafana.app/sourceTimestamp',
];

/**
 * What a replace builds on: the generation, resourceVersion and metadata.uid read (or planned; uid
 * null from a plan of an earlier release), and the annotations a write keeps.
 */
interface StoredBase {
  generation: number;
  resourceVersion: string;
  uid: string | null;
  annotations: Record<string, string>;
}

/**
 * One dashboard save through `/apis` (or, for the classic dashboards `api: auto` sends there,
 * `POST /api/dashboards/db` with the generation as `version`). `expect`: `absent` = create (POST;
 * 409 AlreadyExists is a conflict), a revision = replace at its resourceVersion (409 Conflict is a
 * conflict), `any` = read what is there now and replace that (--force: never an unconditional PUT).
 */
export async function saveK8sDashboard(
  context: K8sContext,
  request: SaveDashboardRequest,
  target: WriteTarget,
  refusesUnknownId: () => Promise<boolean>,
  tally?: WriteTally,
): Promise<SaveOutcome> {
  const uid = request.uid ?? String(request.model.uid ?? '');
  // A v2 dashboard is compared with its file at the file's version (a v2beta1 file of one stored at v2: Grafana's conversion).
  const current = () => readLiveDashboard(context, uid, tally, request.schema === 'v2' && target.api === 'k8s' ? versionOf(target.apiVersion ?? '') : undefined);
  let base: StoredBase | null = null;
  const plannedOnLegacy = request.expect !== 'any' && request.expect !== 'absent' && plannedOnLegacyStorage(request.expect, request.internalId);
  if (request.expect === 'any' || (request.expect !== 'absent' && (request.owned || (target.api === 'k8s' && plannedOnLegacy)))) {
    const object = request.expect === 'any' ? await readForcedBase(context, uid, request.readBefore) : await readStoredObject(context, uid);
    const planned = request.expect === 'any' ? null : parseRevision(request.expect);
    if (planned !== null && object === null) return { kind: 'conflict', current: null, retried: false };
    if (planned !== null && object !== null && (!sameRevision(request.expect, revisionOf(object)) || !sameIncarnation(request.internalId, internalIdOf(object)) || savedAgainAtVersion(request.plannedSave, toLiveDashboard(object, untitledFolder)))) {
      return { kind: 'conflict', current: await current(), retried: false };
    }
    if (object !== null && ownerBlocksUpdates(ownerFromAnnotations(object.annotations))) return { kind: 'conflict', current: await current(), retried: false };
    const now = object && { metadata: userMetadata(object), metadataNotKept: answeredFromLegacySql(object) };
    if (planned !== null && now !== null && labelsWrittenSinceLegacyPlan(plannedOnLegacy, now, request.metadata)) {
      const live = await current();
      return { kind: 'conflict', current: live && asMetadataEdited(live), retried: false };
    }
    base = object && storedBaseOf(object);
  } else if (request.expect !== 'absent') {
    const revision = parseRevision(request.expect);
    if (revision === null) throw new PlanFileError(`dashboard ${uid}: the plan's revision ${JSON.stringify(request.expect)} is not one of /apis`, planAgain({ review: false }));
    base = { generation: revision.generation, resourceVersion: revision.resourceVersion, uid: revision.uid || null, annotations: {} };
  }
  const saveOn = (on: StoredBase | null) =>
    target.api === 'legacy' ? saveThroughLegacy(context, request, { uid, base: on, plannedOnLegacy, refusesUnknownId, tally }) : saveThroughApis(context, request, { uid, target, base: on, tally });
  try {
    return await saveOn(base);
  } catch (error) {
    // A refusal that answered a resend: the first send of this same save may have landed.
    if (!isConflict(error)) throw error;
    const resent = resentAfterPossibleLanding(error);
    if (request.expect === 'any' && !resent) return await saveForcedOverNewer(context, saveOn, current);
    // Saved again since the plan with nothing of it changed: written at the new resourceVersion, once.
    const resaved = target.api === 'k8s' && !resent ? await readResavedUnchanged(context, uid, request, tally) : null;
    if (resaved === null) return { kind: 'conflict', current: await current(), retried: resent, refusal: refusalOf(error as GrafanaHttpError) };
    try {
      return await saveThroughApis(context, request, { uid, target, base: resaved, tally });
    } catch (again) {
      if (isConflict(again)) return { kind: 'conflict', current: await current(), retried: resentAfterPossibleLanding(again) };
      throw again;
    }
  }
}

/**
 * What a --force save builds on: the stored object behind the dashboard its caller read right before it (`readBefore`, the
 * save action's read for its "forced over" words: one GET, not two; null: none there, so a create), else read now.
 */
async function readForcedBase(context: K8sContext, uid: string, readBefore: LiveDashboard | null | undefined): Promise<K8sObject | null> {
  if (readBefore === null) return null;
  return (readBefore && context.storedObjectsRead.get(readBefore)) ?? readStoredObject(context, uid);
}

/**
 * --force after a refusal of its first send (not a resend) at the revision read: someone saved (or deleted, or created) it
 * in between. Read once more (`current`) and saved over that, once (one more GET and write, only then), as `/api`'s port
 * does; the outcome names what it went over (`over`). Refused again, or where another tool took it over since: the conflict.
 */
async function saveForcedOverNewer(context: K8sContext, saveOn: (base: StoredBase | null) => Promise<SaveOutcome>, current: () => Promise<LiveDashboard | null>): Promise<SaveOutcome> {
  const over = await current();
  const object = over && context.storedObjectsRead.get(over)!;
  if (object && ownerBlocksUpdates(ownerFromAnnotations(object.annotations))) return { kind: 'conflict', current: over, retried: false };
  try {
    const saved = await saveOn(object && storedBaseOf(object));
    return saved.kind === 'saved' ? { ...saved, over } : saved;
  } catch (again) {
    if (isConflict(again)) return { kind: 'conflict', current: await current(), retried: resentAfterPossibleLanding(again) };
    throw again;
  }
}

/**
 * After a 409 to a replace at the planned revision: the stored object to write over instead, when it is the dashboard the
 * plan saw, only saved again since with nothing of it changed (resavedUnchangedSincePlan, the same internal id); else null.
 */
async function readResavedUnchanged(context: K8sContext, uid: string, request: SaveDashboardRequest, tally: WriteTally | undefined): Promise<StoredBase | null> {
  if (request.expect === 'any' || request.expect === 'absent') return null;
  const object = await readStoredObject(context, uid, tally);
  if (object === null || !sameIncarnation(request.internalId, internalIdOf(object)) || savedAgainAtVersion(request.plannedSave, toLiveDashboard(object, untitledFolder))) return null;
  // Another tool adopting it writes only its annotations (no new generation): it is that tool's now, whatever else is the same.
  if (ownerBlocksUpdates(ownerFromAnnotations(object.annotations))) return null;
  const now = { revision: revisionOf(object), metadata: userMetadata(object), metadataNotKept: answeredFromLegacySql(object) };
  if (!resavedUnchangedSincePlan(request.expect, now, request.plannedMetadataDigest)) return null;
  return storedBaseOf(object);
}

const storedBaseOf = (object: K8sObject): StoredBase => ({ generation: object.generation, resourceVersion: object.resourceVersion, uid: object.uid || null, annotations: object.annotations });

/**
 * Whether the plan read the dashboard from legacy SQL storage (its resourceVersion is its version: legacy-storage-signal.ts),
 * so the object is read before a write through `/apis` (one GET per update; a re-create in the instant between the two is
 * not caught). There a dashboard deleted and created again since can answer the planned resourceVersion: only the internal
 * id the plan read tells it apart (sameIncarnation). And after an upgrade that moved the dashboards to unified storage,
 * the planned resourceVersion is gone though nobody saved: the generation and uid tell (sameRevision), but for labels or
 * annotations written there since, which keep the generation (labelsWrittenSinceLegacyPlan). A write through `/api` sends
 * the id instead (update-guard.ts).
 */
function plannedOnLegacyStorage(expect: string, internalId: number | null | undefined): boolean {
  const planned = parseRevision(expect);
  const labels: Record<string, string> = internalId ? { [INTERNAL_ID_LABEL]: String(internalId) } : {};
  return planned !== null && answeredFromLegacySql({ ...planned, labels });
}

async function saveThroughApis(
  context: K8sContext,
  request: SaveDashboardRequest,
  { uid, target, base, tally }: { uid: string; target: WriteTarget; base: StoredBase | null; tally: WriteTally | undefined },
): Promise<SaveOutcome> {
  const version = versionOf(target.apiVersion ?? '');
  const namespace = await context.namespace();
  const spec: Record<string, unknown> = { ...request.model };
  // `/apis` takes the identity from metadata.name; the classic model's uid/id/version are the server's.
  for (const key of ['uid', 'id', 'version']) delete spec[key];
  const metadata = request.metadata ?? { labels: {}, annotations: {} };
  // The record (PushedRecord): a replace at the planned resourceVersion writes the object the plan read, so its uid is that one's.
  const recorded = { uid: base?.uid ?? null, generation: base === null ? 1 : base.generation + 1 };
  // A short digest (a content note's) would make a record that never matches a file: the note alone carries it.
  const recordedSha256 = request.contentSha256 && FULL_SHA256.test(request.contentSha256) ? request.contentSha256 : undefined;
  const { message, answered } = await notedMessage(context, request, true);
  let saved: K8sObject;
  try {
    const annotations: Record<string, string> = { ...metadata.annotations, 'grafana.app/message': message };
    if (request.folderUid !== null) annotations['grafana.app/folder'] = request.folderUid;
    for (const key of MANAGER_ANNOTATIONS) if (base?.annotations[key] !== undefined) annotations[key] = base.annotations[key]!;
    if (recordedSha256) {
      annotations[PUSHED_SHA256] = recordedSha256;
      annotations[PUSHED_GENERATION] = String(recorded.generation);
      if (request.pushedFrom) annotations[PUSHED_FROM] = request.pushedFrom;
      if (recorded.uid !== null) annotations[PUSHED_UID] = recorded.uid;
      annotations[PUSHED_METADATA] = metadataDigest(userMetadata({ labels: metadata.labels, annotations }));
      annotations[PUSHED_MESSAGE] = message;
    }
    const write: DashboardWrite = { name: uid, resourceVersion: base?.resourceVersion ?? '', annotations, labels: metadata.labels, spec };
    const answer = answerStatus();
    saved = base === null ? await createDashboardObject(context.http, namespace, version, write, tally, answer.answered) : await replaceDashboardObject(context.http, namespace, version, write, tally, answer.answered);
    // Grafana answers a write with the object it saved: an answer that is not it (another name, an older generation) is read
    // back (walk-72 L4; an update too, fixe-73 left).
    if (saved.name !== uid || saved.generation < Math.max(1, base?.generation ?? 1)) {
      const sent = { method: base === null ? 'POST' : 'PUT', path: dashboardsPath(namespace, version, base === null ? undefined : uid), uid, status: answer.status() };
      throw await judgeUnprovenSave(sent, base && { version: base.generation, written: base.resourceVersion }, () => readWritten(context, uid, tally));
    }
    context.learnPusherUid(saved, { generation: recorded.generation, message });
  } finally {
    // Noted writes waiting for the uid this answer may teach go on (with what is known, should it have failed).
    answered();
  }
  if (recordedSha256) saved = await bindPushRecord(context, { namespace, version, message }, saved, { ...recorded, sha256: recordedSha256 }, tally);
  return { kind: 'saved', revision: revisionOf(saved), version: saved.generation };
}

/**
 * `api: auto`: a classic dashboard goes through `POST /api/dashboards/db`, stored as written
 * (12 and 13 send it on as v0alpha1, unmigrated), with the generation read as `version` — a
 * dashboard saved since is refused (412 on 12 and 13.0.x, 409 on 13.1 and later) — and `overwrite: false` always.
 */
async function saveThroughLegacy(
  context: K8sContext,
  request: SaveDashboardRequest,
  {
    uid,
    base,
    plannedOnLegacy,
    refusesUnknownId,
    tally,
  }: { uid: string; base: StoredBase | null; plannedOnLegacy: boolean; refusesUnknownId: () => Promise<boolean>; tally: WriteTally | undefined },
): Promise<SaveOutcome> {
  const dashboard: Record<string, unknown> = { ...request.model, uid };
  delete dashboard.version;
  let id: number | null = null;
  if (base !== null) {
    dashboard.version = base.generation;
    // --force (`any`) has just read it: a dashboard deleted since the plan is created again, as with /apis.
    // `/api` stores none of the labels and annotations: ones written since the plan would be lost.
    const planned = request.expect;
    const labelsSince = (live: LiveDashboard) =>
      plannedOnLegacy ? labelsWrittenSinceLegacyPlan(true, live, undefined) : metadataWrittenSincePlan(planned, live, request.plannedMetadataDigest);
    // The guard needs the stored object only; its folder's title (a LIST of every folder) only a conflict names.
    let guardRead = null as K8sObject | null;
    const guard =
      request.expect === 'any'
        ? { id: null }
        : await guardUpdate({
            internalId: request.internalId,
            refusesUnknownId,
            read: async () => {
              guardRead = await readStoredObject(context, uid, tally);
              return guardRead && toLiveDashboard(guardRead, untitledFolder);
            },
            editedSince: labelsSince,
            // Unified storage keeps labels, and a 12.4 may have moved its dashboards there since the plan (PR #115619).
            mayBeEditedSince: async () => (plannedOnLegacy ? !(await dashboardsOnLegacySql(context, uid, tally)) : parseRevision(planned) !== null),
            plannedSave: request.plannedSave,
          });
    if ('conflict' in guard) {
      const current = guardRead && toLiveDashboard(guardRead, await context.folderTitles(tally));
      const metadataEdited = current !== null && !savedAgainAtVersion(request.plannedSave, current) && labelsSince(current);
      return { kind: 'conflict', current: current && metadataEdited ? asMetadataEdited(current) : current, retried: false };
    }
    // Another tool adopted it since the plan (its annotations alone, same generation): `/api`'s save would drop that tool's
    // manager (12) or write over it (13, where it allows edits). The same owner rule as the /apis write above.
    const adopted: K8sObject | null = guardRead;
    if (adopted !== null && request.expect !== 'any' && ownerBlocksUpdates(ownerFromAnnotations(adopted.annotations))) {
      return { kind: 'conflict', current: toLiveDashboard(adopted, await context.folderTitles(tally)), retried: false };
    }
    id = guard.id;
  }
  // Its history is read through /apis (k8s-history.ts), which records the saver's uid: the note names that.
  const { message } = await notedMessage(context, request, false);
  const answer = answerStatus();
  const sent = await sendWithId(
    (id) => postLegacyDashboard(context.http, { dashboard, id, folderUid: request.folderUid ?? '', message, overwrite: false }, tally, answer.answered),
    id,
    { read: () => readLiveDashboard(context, uid, tally), planned: request.expect },
  );
  if ('conflict' in sent) return { kind: 'conflict', current: sent.conflict, retried: false, refusal: refusalOf(sent.refusal) };
  // An answer that does not show the save (answerShowsSave; 12 and later) is read back (fixe-73 left: an update, a made-up success).
  if (!answerShowsSave(sent.sent, uid, base && base.generation, true)) {
    const before = base && { version: base.generation, written: base.resourceVersion };
    throw await judgeUnprovenSave({ method: 'POST', path: '/api/dashboards/db', uid, status: answer.status() }, before, () => readWritten(context, uid, tally));
  }
  return savedThroughLegacy(context, uid, { version: sent.sent.version, status: answer.status() }, base, tally);
}

/** The dashboard's generation and resourceVersion as stored now (null: none), for telling a save that landed (judgeUnprovenSave). */
async function readWritten(context: K8sContext, uid: string, tally: WriteTally | undefined): Promise<ReadAfterSave | null> {
  const object = await readStoredObject(context, uid, tally);
  return object && { version: object.generation, written: object.resourceVersion };
}

/**
 * The outcome of a save through `/api` whose answer shows it. The answer carries the version but not the resourceVersion a
 * later save through /apis would need: the object is read back, unless an earlier read-back of this run showed the answer
 * tells it (legacy SQL storage: answerTellsRevision) and this answer's version is above the one it replaced. The
 * revision derived so keeps the planned metadata.uid (legacy storage derives it from the name), none for a create. A read
 * back that contradicts the answer (nothing there, the dashboard as before the save, another version) is judged as an
 * answer that does not show the save is (judgeShownSave): no request more.
 */
async function savedThroughLegacy(
  context: K8sContext,
  uid: string,
  { version: answered, status }: { version: number; status: number | undefined },
  base: StoredBase | null,
  tally: WriteTally | undefined,
): Promise<SaveOutcome> {
  const learned = context.saveAnswerTellsRevision;
  if (learned !== null && answered > (base?.generation ?? 0) && (await learned) === true) {
    return { kind: 'saved', revision: revisionOf({ generation: answered, uid: base?.uid ?? '', resourceVersion: String(answered) }), version: answered };
  }
  // The save has landed even when that read fails (no answer, or a 503 after the retries): saved, at the
  // answer's version (the revision is then that bare version, which a later save through /apis refuses).
  const read = readStoredObject(context, uid, tally).catch((error: unknown) => {
    // Ctrl-C cut the read off: the save is done, at the answer's version, which apply and restore report with why no more
    // is known (READ_BACK_CUT); thrown, not returned, so that they can say it.
    if (error instanceof RequestInterruptedError) throw new ReadBackInterruptedError(error, answered);
    if (error instanceof GrafanaHttpError) return undefined;
    throw error;
  });
  if (context.saveAnswerTellsRevision === null) learnFromReadBack(context, read, answered);
  const object = await read;
  if (object === undefined) return { kind: 'saved', revision: String(answered), version: answered };
  // Grafana reads its storage, not a lagging index: a save it made is there. Nothing, or the generation before it, is a save
  // something in front of Grafana answered for (rev-75 F14); "deleted in the instant since" would prove no save either.
  const before = base && { version: base.generation, written: base.resourceVersion };
  const now = object && { version: object.generation, written: object.resourceVersion };
  const contradicted = judgeShownSave({ method: 'POST', path: '/api/dashboards/db', uid, status }, answered, before, now);
  if (contradicted !== null) throw contradicted;
  return { kind: 'saved', revision: revisionOf(object!), version: object!.generation };
}

/** The run's first read-back after a save through `/api` teaches whether later answers need one (not told: the next read-back teaches). */
function learnFromReadBack(context: K8sContext, read: Promise<K8sObject | null | undefined>, answered: number): void {
  const learning = read.then(
    (object) => (object ? answerTellsRevision(object, answered) : null),
    () => null,
  );
  context.saveAnswerTellsRevision = learning;
  void learning.then((told) => {
    if (told === null && context.saveAnswerTellsRevision === learning) context.saveAnswerTellsRevision = null;
  });
}

const untitledFolder = () => '';

/** Whether Grafana answers its dashboards from legacy SQL storage: asked of this dashboard's stored object once a run (K8sContext.dashboardsOnLegacySql). */
async function dashboardsOnLegacySql(context: K8sContext, uid: string, tally: WriteTally | undefined): Promise<boolean> {
  const asked = (context.dashboardsOnLegacySql ??= readStoredObject(context, uid, tally).then((object) => (object === null ? null : answeredFromLegacySql(object))));
  const answer = await asked.catch(() => null);
  // Not told (gone, or no answer): the next update asks again, and this one is read (the read says why it fails).
  if (answer === null && context.dashboardsOnLegacySql === asked) context.dashboardsOnLegacySql = null;
  return answer === true;
}

/** The dashboard read now, as one whose labels or annotations were changed since its last save (LastSave.metadataEdited). */
function asMetadataEdited(live: LiveDashboard): LiveDashboard {
  return { ...live, lastSave: { ...live.lastSave, byDashsync: false, metadataEdited: true } };
}

/**
 * The save's message with its content note naming the pusher's uid, as every history read through /apis checks it, and the
 * commit pushed from (a restore's re-post of someone else's save: its restore note instead); `answered` to call once the write is answered (K8sContext.noteSaver: `teaches`, a write whose answer
 * teaches the uid).
 */
async function notedMessage(context: K8sContext, request: SaveDashboardRequest, teaches: boolean): Promise<{ message: string; answered: () => void }> {
  // A restore's re-post of a save that was not dashsync's push: the note names that save (restore-note.ts).
  if (request.restoredBackup) return { message: withRestoreNote(request.message, 'backup', request.restoredBackup.held, (await context.noteSaver(false)).uid), answered: () => {} };
  if (!request.contentSha256) return { message: request.message, answered: () => {} };
  const saver = await context.noteSaver(teaches);
  if (saver.uid === null) context.unnotedSaves.add(request.uid ?? String(request.model.uid ?? ''));
  return { message: withContentNote(request.message, request.contentSha256, saver.uid, pushedFromOf(request)), answered: saver.answered };
}

/**
 * Changed since it was read: 409 Conflict (stale resourceVersion), 409 AlreadyExists (a create
 * over an existing one), `/api`'s 412 version-mismatch (12, 13.0.x) or 409 (13.1 on); and a replace of a
 * dashboard deleted since the plan, which Grafana turns into a create refused for its
 * resourceVersion ("resourceVersion should not be set on objects to be created").
 */
function isConflict(error: unknown): boolean {
  if (!(error instanceof GrafanaHttpError)) return false;
  if (error.status === 409) return true;
  if (error.status === 412 && error.grafanaStatus === 'version-mismatch') return true;
  return error.status === 500 && /resourceVersion should not be set/.test(error.grafanaMessage);
}
