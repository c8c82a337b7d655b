import { describeManager, ownerBlocksUpdates } from '../grafana/ownership.js';
import type { Settings } from '../config/types.js';
import { changesWritten, migratedFileSchemaVersion } from '../plan/drop-migrated-schema-version.js';
import { diffWithLive, type LiveComparison } from '../plan/diff-with-live.js';
import { headContains } from '../git/find-commits-outside-head.js';
import { AuthError, GrafanaHttpError, HistoryUnreadableError, PlanFileError, ReadBackInterruptedError, RequestInterruptedError, SaveUnconfirmedError } from '../errors.js';
import { pushedCommitOf, type PushedCommit } from '../grafana/pushed-commit.js';
import type { GrafanaPort, LiveDashboard, SaveDashboardRequest, WriteTally, WriteTarget } from '../grafana/port.js';
import { contentDigest, isUnsavedPushOf } from '../normalize/content-digest.js';
import { stableTextDigest } from '../normalize/stable-text-digest.js';
import { notesPush } from '../grafana/content-note.js';
import { hashContentSettings } from '../plan/hash-content-settings.js';
import { pushedSource } from '../plan/pushed-source.js';
import { normalizeLive } from '../plan/normalize-live.js';
import { liveInstanceFor, readInstanceDatasources } from '../plan/read-instance-datasources.js';
import { withDatasourceCurrentNames } from './with-datasource-current-names.js';
import type { DesiredDashboard } from '../plan/read-desired.js';
import type { LibraryPanelName } from '../files/find-stale-library-ref-names.js';
import type { DashboardAction } from '../plan/types.js';
import { withJsonText } from '../grafana/http/json-body.js';
import { sameIncarnation } from '../grafana/same-incarnation.js';
import { plannedSaveOf, savedAgainSincePlan } from '../grafana/saved-again-at-version.js';
import { parseRevision, sameRevision } from '../grafana/k8s/to-live-dashboard.js';
import { mayHaveLanded, readBack } from './read-back.js';
import { failedToConnectLibraryPanels, missingLibraryPanelsOf } from './library-panels-not-connected.js';
import { readPlannedDashboard } from './read-planned-dashboard.js';
import { libraryPanelUids } from '../files/find-library-panel-refs.js';
import type { ApplyConflict, ForcedOver } from './types.js';
import { renderNextCommand, runSelectionOf } from '../report/next-command.js';
import { planAgain } from '../report/plan-again.js';

export type SaveOutcome =
  /** `recreated`: an update or move with --force of a dashboard deleted in Grafana since the plan, so the save created it. */
  /**
   * `libraryPanelsMissing`: Grafana saved it, then could not connect its library panels (500 "Error while connecting
   * library panels" after the save, pkg/api/dashboard.go postDashboard): those it uses that Grafana does not have.
   * `readBackCut`: Grafana answered the save, and Ctrl-C cut off the read back after it (`version` is the answer's).
   */
  | { kind: 'saved'; version: number | null; recreated?: boolean; forcedOver?: ForcedOver; libraryPanelsMissing?: string[]; readBackCut?: true }
  /** Grafana already held exactly this in the intended folder: nothing was changed by this run. */
  | { kind: 'unchanged'; message: string }
  | { kind: 'conflict'; conflict: ApplyConflict }
  | { kind: 'refused'; message: string }
  /** The save went out and Grafana stopped answering before it could be read back: it may or may not have landed. */
  | { kind: 'unknown'; error: unknown };

export interface SaveContext {
  grafana: GrafanaPort;
  /** With what chose the run's Grafana and tree (runSelectionOf): a command a refusal names repeats it. */
  settings: Pick<Settings, 'cwd' | 'inputs' | 'minRefreshInterval'> & Partial<Pick<Settings, 'environment' | 'orgId' | 'orgIdFrom' | 'url' | 'urlFromFlag' | 'commandLine'>>;
  message: string;
  /** The commit pushed from, named by each save's content note beside its content. */
  sourceCommit?: string;
  /** The files HEAD does not hold as they are: a save of one says `[uncommitted]` in its note instead of naming sourceCommit. */
  uncommittedFiles?: ReadonlySet<string>;
  /** The checkout such a note names (`[uncommitted <id>]`: checkoutId). */
  uncommittedCheckout?: string;
  force: boolean;
  /** The plan's folders, uid → title: a save refused for a folder deleted since names it as the plan did. */
  folderTitles: ReadonlyMap<string, string>;
  /** The plan's library panels by uid, as their files name them: a reference's stale name is compared as the plan compared it. */
  libraryPanelNames?: ReadonlyMap<string, LibraryPanelName>;
  /**
   * The plan was made a moment ago in this run (not a saved plan): its reads of Grafana are seconds old, so a save is not
   * read for again to tell another save under the planned version number (a database restored in between: plannedSave).
   */
  planJustMade?: boolean;
}

/**
 * Pushes one create/update/move into its folder, where the plan said it writes (`/api`, or
 * `/apis` at a version), expecting the revision the plan saw (any revision with --force), and
 * says truthfully what it did:
 *
 * - refused because it changed since the plan: a conflict — unless Grafana holds exactly what
 *   we wanted in the intended folder (or, on legacy SQL storage, its newest version is a dashsync
 *   push of this content: isNotedPush). Refused at the first send, someone else put it there
 *   (an earlier or concurrent apply of the same plan): `unchanged`. Refused on a resend, our
 *   own earlier send landed (a connection dropped after Grafana saved): `saved`.
 * - failed after a send that may have landed: read back, and `saved` when it did;
 *   `unknown` when Grafana cannot be read either. Only a save that did not land fails.
 * - --force reads the dashboard first and sends nothing when it is already as wanted
 *   (an overwrite would only add a version); one deleted since the plan is created again
 *   (`recreated`: reported as created, not updated).
 */
export async function saveDashboardAction(action: DashboardAction, context: SaveContext, tally: WriteTally): Promise<SaveOutcome> {
  if (!action.file) throw new PlanFileError(`the plan has no file for ${action.uid}`, planAgain({ review: false }));
  const { grafana } = context;
  const write = action.write ?? { api: 'legacy', apiVersion: null };
  // A classic model written without --force's read first: a canonical model file is sent as its verified bytes (no parse, no
  // stringify), through /api as the model, through /apis as the spec (the text without its uid).
  const planned = await readPlannedDashboard({ file: action.file, uid: action.uid, contentHash: action.contentHash }, context.settings, !context.force && v2WriteVersion(write) === undefined);
  const desired = planned.kind === 'parsed' ? () => planned.desired : planned.desired;
  const pushedFrom = write.api === 'k8s' ? pushedSource(planned.hash, hashContentSettings(context.settings), write) : undefined;
  let comparison: LiveComparison | undefined;
  // `ownSend`: our own send may have landed, its record not yet bound to the object (bindPushRecord had no answer to take
  // the uid from): a create, or an update of a plan of an earlier release, whose revision names no uid.
  const holdsDesired = async (live: LiveDashboard | null, ownSend = false): Promise<boolean> => {
    if (live === null) return false;
    comparison ??= { ...(await liveInstanceFor(grafana, desired())), libraryPanelNames: context.libraryPanelNames };
    return (await liveHoldsFile(grafana, live, desired(), write, action.folderUid, context.settings.minRefreshInterval, comparison)) || isThisPush(live, desired(), action.folderUid, pushedFrom, ownSend);
  };
  const readAt = v2WriteVersion(write);
  const liveNow = context.force ? await grafana.getDashboard(action.uid, undefined, readAt) : undefined;
  if (liveNow !== undefined && (await holdsDesired(liveNow))) return { kind: 'unchanged', message: ALREADY_THERE };

  const expect = context.force ? 'any' : (action.live?.revision ?? 'absent');
  const plannedSave = context.force || context.planJustMade === true || action.live === null ? undefined : plannedSaveOf(action.live);
  // Saved at `version` as the answer says: what the line adds (a --force save: the version it replaced, named as people know its
  // saver; `over`: what the port saved over where it says, a save by someone else since this read then being that one).
  const savedAt = async (version: number, extra: { readBackCut?: true } = {}, over: LiveDashboard | null | undefined = liveNow): Promise<SaveOutcome> => {
    const forcedOver = over ? await describeForcedOver(grafana, action, over) : null;
    const recreated = over === null && action.action !== 'create';
    return { kind: 'saved', version, ...(recreated ? { recreated } : {}), ...(forcedOver ? { forcedOver } : {}), ...extra };
  };
  const sentSpec = planned.kind === 'parsed' ? await specToSend(grafana, planned.desired) : undefined;
  let saved;
  try {
    // Named by the content note of every version message (and recorded with a write through /apis: PushedRecord).
    // Bytes sent as written are digested as they are when already in the digest's form (pulled files are), not parsed for it.
    const contentSha256 = (planned.kind === 'text' ? stableTextDigest(planned.text) : null) ?? contentDigest(desired());
    const nextCommand = (words: readonly string[]) => renderNextCommand(runSelectionOf(context.settings), words);
    const common = { uid: action.uid, target: write, owned: (action.live?.owner ?? null) !== null, nextCommand, folderUid: action.folderUid, message: context.message, expect, internalId: action.live?.internalId ?? null, ...(action.live?.metadataDigest !== undefined && { plannedMetadataDigest: action.live.metadataDigest }), ...(plannedSave !== undefined && { plannedSave }), ...(liveNow !== undefined && { readBefore: liveNow }), contentSha256, ...pushedFromFields(context, action.file) };
    const request: SaveDashboardRequest =
      planned.kind === 'text'
        ? { ...common, schema: 'v1', model: withJsonText(planned.text, planned.shown, planned.spans), ...(pushedFrom !== undefined && { pushedFrom }) }
        : {
            ...common,
            schema: planned.desired.schema,
            model: sentSpec ?? planned.desired.spec,
            metadata: planned.desired.metadata,
            pushedFrom,
          };
    saved = await grafana.saveDashboard(request, tally);
  } catch (error) {
    // Grafana answered the save 2xx: it is done, whatever cut off the read back after it (Ctrl-C).
    if (error instanceof ReadBackInterruptedError) return savedAt(error.savedVersion, { readBackCut: true });
    if (action.folderUid !== null && refusedForMissingFolder(error, action.folderUid)) {
      const folderDeleted = { uid: action.folderUid, title: context.folderTitles.get(action.folderUid) ?? null };
      return { kind: 'conflict', conflict: { ...conflictOf(action, null), currentVersion: action.live?.version ?? null, folderDeleted } };
    }
    const connectFailed = failedToConnectLibraryPanels(error);
    if (!mayHaveLanded(error) && !connectFailed) throw error;
    // Its answer did not show it, and reading it back met no answer: Grafana is gone (the run stops), so no second read.
    if (error instanceof SaveUnconfirmedError && error.readBackUnreachable !== undefined) return { kind: 'unknown', error };
    const found: { version?: number } = {};
    const landed = await readBack(error, async () => {
      const live = await grafana.getDashboard(action.uid, tally, readAt);
      const holds = (await holdsDesired(live, true)) || (live !== null && write.api === 'k8s' && (await isNotedPush(grafana, live, desired(), action.folderUid)));
      if (holds) found.version = live!.version;
      return holds;
    });
    if (landed === null) return { kind: 'unknown', error };
    // Answered 2xx in words that do not show it, and another version there: this save overwritten since, or never made.
    if (!landed && error instanceof SaveUnconfirmedError) return { kind: 'unknown', error };
    if (!landed) throw error;
    // The save an answer did not show, found in Grafana: at the version read.
    if (error instanceof SaveUnconfirmedError && found.version !== undefined) return savedAt(found.version);
    if (!connectFailed) return { kind: 'saved', version: null };
    const uses = action.libraryPanels ?? libraryPanelUids(desired().spec);
    return { kind: 'saved', version: null, libraryPanelsMissing: await missingLibraryPanelsOf(grafana, uses) };
  }
  if (saved.kind === 'saved') return savedAt(saved.version, {}, saved.over === undefined ? liveNow : saved.over);
  if (saved.kind === 'refused') return saved;
  // Refused, yet Grafana holds what we wanted: on a resend our own first send landed; on the first send another run put it there.
  const heldAlready =
    (await holdsDesired(saved.current, saved.retried)) || (saved.current !== null && write.api === 'k8s' && (await isNotedPush(grafana, saved.current, desired(), action.folderUid)));
  if (heldAlready) return saved.retried ? { kind: 'saved', version: saved.current!.version } : { kind: 'unchanged', message: ALREADY_THERE };
  // A create refused for a uid no dashboard these credentials can read holds: nobody changed anything after the plan (walk-72 L6).
  if (action.action === 'create' && saved.current === null && saved.refusal !== undefined) {
    return { kind: 'conflict', conflict: { ...conflictOf(action, null), createRefusedUnread: saved.refusal } };
  }
  return { kind: 'conflict', conflict: await describeConflict(grafana, action, saved.current, context.settings.cwd) };
}

/** What a save's content note says it was pushed from: `[uncommitted]` for a file HEAD does not hold as it is, else the run's commit. */
function pushedFromFields(context: Pick<SaveContext, 'sourceCommit' | 'uncommittedFiles' | 'uncommittedCheckout'>, file: string | null): Pick<SaveDashboardRequest, 'sourceCommit' | 'uncommitted' | 'uncommittedCheckout'> {
  if (file !== null && context.uncommittedFiles?.has(file) === true) return { uncommitted: true, ...(context.uncommittedCheckout !== undefined && { uncommittedCheckout: context.uncommittedCheckout }) };
  return context.sourceCommit === undefined ? {} : { sourceCommit: context.sourceCommit };
}

/**
 * The spec a save sends: a datasource variable whose value the file writes with an input's placeholder gets the name this
 * instance gives the data source in `current.text` (withDatasourceCurrentNames; the data sources read once per port).
 * What the plan and the read-back compare is the file's (diffWithLive takes Grafana's `current` as the file's).
 */
async function specToSend(grafana: GrafanaPort, desired: DesiredDashboard): Promise<Record<string, unknown>> {
  if (desired.inputCurrents === undefined) return desired.spec;
  return withDatasourceCurrentNames(desired.spec, new Set(desired.inputCurrents), (await readInstanceDatasources(grafana)).named);
}

/**
 * The v2 version a write through `/apis` sends a v2 file at (its own), which the dashboard is read at to compare it with
 * the file: a v2beta1 file's dashboard that Grafana stores at v2 reads as Grafana's conversion. undefined otherwise.
 */
function v2WriteVersion(write: WriteTarget): string | undefined {
  const version = write.api === 'k8s' ? write.apiVersion?.split('/')[1] : undefined;
  return version?.startsWith('v2') ? version : undefined;
}

/**
 * Grafana refused the save because its folder does not exist: `/api` answers 400 "folder not found" (≤ 10: 404 "Folder
 * not found"; grafana-api.md §1.8), `/apis` the validating admission's 404 NotFound for folders.folder.grafana.app (register.go validateCreate).
 */
function refusedForMissingFolder(error: unknown, folderUid: string): boolean {
  if (!(error instanceof GrafanaHttpError)) return false;
  if ((error.status === 400 || error.status === 404) && /^folder not found$/i.test(error.grafanaMessage.trim())) return true;
  return error.status === 404 && error.grafanaMessage.startsWith(`folders.folder.grafana.app "${folderUid}" not found`);
}

/**
 * The live dashboard --force read before its save, when it is not the one the plan saw (another revision, or one
 * created since under a uid the plan creates): which version it replaced and whose save that was, by the name people
 * know (`/apis` records `user:<uid>`). null when it is the planned one.
 */
async function describeForcedOver(grafana: GrafanaPort, action: DashboardAction, live: LiveDashboard): Promise<ForcedOver | null> {
  if (action.live && action.live.revision === live.revision && !savedAgainSincePlan(action.live, live)) return null;
  if (live.lastSave.metadataEdited) return { version: live.version, by: '', at: '', metadataEdited: true };
  const by = live.lastSave.by ? ((await nameOrNull(grafana, live.lastSave.by)) ?? live.lastSave.by) : '';
  return { version: live.version, by, at: live.lastSave.at };
}

/**
 * The name people know a saver by, or null: the save this names has landed (Grafana answered it), so nothing that stops
 * this read, Ctrl-C included, makes it less done; the line then names the saver as Grafana records it.
 */
async function nameOrNull(grafana: GrafanaPort, ref: string): Promise<string | null> {
  return (await grafana.nameSavers([ref]).catch(() => null))?.get(ref) ?? null;
}

export const ALREADY_THERE = 'Grafana already holds exactly this (saved since the plan, by another run or someone else)';

/**
 * Whether the live dashboard is the wanted content in the wanted folder, compared as the plan compares (diffWithLive,
 * then changesWritten: on a classic write through `/apis` the schemaVersion Grafana migrates the file to is no difference).
 */
export async function liveHoldsFile(grafana: Pick<GrafanaPort, 'describeServer'>, live: LiveDashboard, desired: Pick<DesiredDashboard, 'schema' | 'spec' | 'metadata'>, write: WriteTarget, folderUid: string | null, minRefreshInterval: string, comparison: LiveComparison): Promise<boolean> {
  if (live.folderUid !== folderUid || live.schema !== desired.schema) return false;
  const changes = diffWithLive({ ...live, model: normalizeLive(live, minRefreshInterval) }, desired, comparison);
  if (changes.length === 0) return true;
  const fileSchemaVersion = migratedFileSchemaVersion(write, desired);
  if (fileSchemaVersion === undefined) return false;
  const { capabilities } = await grafana.describeServer();
  return changesWritten(changes, fileSchemaVersion, capabilities).length === 0;
}

/**
 * Whether Grafana holds its own rendering of exactly this push (a schema migration or defaults on
 * a `/apis` write change the model read back): its record names this source and content, and
 * nobody saved since.
 */
function isThisPush(live: LiveDashboard, desired: DesiredDashboard, folderUid: string | null, pushedFrom: string | undefined, unboundCreate: boolean): boolean {
  if (pushedFrom === undefined || live.pushed?.from !== pushedFrom || live.folderUid !== folderUid || live.schema !== desired.schema) return false;
  return isUnsavedPushOf(live, desired, unboundCreate);
}

/**
 * Where no record comes back (legacy SQL storage keeps no annotation): whether dashsync's push of
 * exactly this content is the newest version, by the note of its version message (content-note.ts).
 */
async function isNotedPush(grafana: GrafanaPort, live: LiveDashboard, desired: DesiredDashboard, folderUid: string | null): Promise<boolean> {
  if (live.pushed !== null || live.apiVersion === null || live.folderUid !== folderUid || live.schema !== desired.schema) return false;
  try {
    return notesPush(await grafana.readLastSave(live), live.version, contentDigest(desired));
  } catch (error) {
    // A history Grafana cannot read (12+: an entry it cannot convert) does not show this push.
    if (error instanceof HistoryUnreadableError) return false;
    throw error;
  }
}

/**
 * What the plan expected against what Grafana has now: the conflict as people read it, with who
 * changed it by the name people know (GrafanaPort.nameSavers: `/apis` records `user:<uid>`), and
 * whether that save is dashsync's push of another commit (one history read).
 */
export async function describeConflict(grafana: GrafanaPort, action: DashboardAction, current: LiveDashboard | null, cwd: string): Promise<ApplyConflict> {
  // A save at the planned version is not one made after the plan, whoever made it, unless it is another save under that number.
  const savedAgain = current !== null && action.live !== null && sameIncarnation(action.live.internalId, current.internalId) && savedAgainSincePlan(action.live, current);
  const savedSince = current !== null && !metadataEditedSince(action, current) && (savedAgain || current.version !== action.live?.version);
  const pushed = savedSince ? await readDashsyncSave(grafana, current) : null;
  // The pushed commit already in HEAD (merged since this plan was made): a fresh plan is the fix, not a rebase.
  const inHead = pushed?.commit ? await headContains(cwd, pushed.commit) : null;
  const conflict = { ...conflictOf(action, current), ...(pushed ? { savedByDashsync: pushed } : {}), ...(inHead === true && { pushedCommitInHead: true as const }), ...(savedAgain && { versionSavedAgain: true as const }) };
  if (!conflict.changedBy) return conflict;
  return { ...conflict, changedBy: (await grafana.nameSavers([conflict.changedBy])).get(conflict.changedBy) ?? conflict.changedBy };
}

/**
 * What the newest save pushed, when it is dashsync's (marker, and the saver its content note names or these credentials);
 * null otherwise, or when the history cannot be read (the conflict is told without it). A push record says only that
 * dashsync saved it, not from which commit: the history is read all the same.
 */
async function readDashsyncSave(grafana: GrafanaPort, current: LiveDashboard): Promise<PushedCommit | null> {
  try {
    const lastSave = await grafana.readLastSave({ ...current, lastSave: { ...current.lastSave, byDashsync: null } });
    return lastSave.byDashsync === true && lastSave.version === current.version ? pushedCommitOf(lastSave.message) : null;
  } catch (error) {
    if (error instanceof GrafanaHttpError && !(error instanceof AuthError) && !(error instanceof RequestInterruptedError)) return null;
    throw error;
  }
}

function conflictOf(action: DashboardAction, current: LiveDashboard | null): ApplyConflict {
  const metadataEdited = current !== null && metadataEditedSince(action, current);
  return {
    uid: action.uid,
    title: action.title,
    action: action.action,
    file: action.file,
    plannedVersion: action.live?.version ?? null,
    currentVersion: current?.version ?? null,
    // A labels or annotations edit: by and at are the version's, not the edit's (Grafana does not record those).
    changedBy: current && !metadataEdited ? current.lastSave.by : null,
    changedAt: current && !metadataEdited ? current.lastSave.at : null,
    currentTitle: current ? liveTitle(current) : null,
    plannedTitle: action.live?.title ?? null,
    ...(current && !sameIncarnation(action.live?.internalId, current.internalId) ? { recreated: true as const } : {}),
    ...(metadataEdited ? { metadataEdited: true as const } : {}),
    // Another tool took it over since the plan (the plan writes no dashboard whose owner blocks it: ownerBlocksUpdates).
    ...(current?.owner && ownerBlocksUpdates(current.owner) && action.action !== 'delete' ? { managedSince: describeManager(current.owner) } : {}),
    ...(current && action.action !== 'delete' && current.schema !== writtenSchema(action) ? { storedAs: current.schema === 'v2' ? ('v2' as const) : ('classic' as const) } : {}),
  };
}

/**
 * Whether only the dashboard's labels or annotations changed since the plan: its push record says so, or it is the
 * dashboard the plan saw, at the planned version under another resourceVersion (`/apis`: such an edit keeps the
 * generation and stamps a new resourceVersion). The saver of that version saved it before the plan: never named.
 */
function metadataEditedSince(action: DashboardAction, current: LiveDashboard): boolean {
  if (current.lastSave.metadataEdited) return true;
  const planned = action.live;
  if (planned === null || current.metadataNotKept === true || current.version !== planned.version || !sameIncarnation(planned.internalId, current.internalId)) return false;
  if (savedAgainSincePlan(planned, current)) return false;
  return parseRevision(current.revision) !== null && !sameRevision(current.revision, planned.revision);
}

/** The schema family of the file a save writes: v2 where it writes at a v2 version, else classic (`/api`, or a v0alpha1/v1 version). */
function writtenSchema(action: DashboardAction): 'v1' | 'v2' {
  const version = action.write?.apiVersion?.split('/')[1] ?? '';
  return version.startsWith('v2') ? 'v2' : 'v1';
}

/** The title the live dashboard carries (a v2 dashboard's is in its spec, as a classic one's is in its model), or null without one. */
function liveTitle(live: LiveDashboard): string | null {
  const title = live.model.title;
  return typeof title === 'string' ? title : null;
}
