import { describeMissingPanels } from './library-panels-not-connected.js';
import pLimit from 'p-limit';
import { describeLibraryPanelUsers } from '../report/describe-library-panel-users.js';
import type { DeleteMode, Settings } from '../config/types.js';
import { RequestInterruptedError } from '../errors.js';
import { libraryPanelNamesOf } from '../files/find-stale-library-ref-names.js';
import type { GrafanaPort, WriteTally } from '../grafana/port.js';
import { describeDeleteHeld, describeDeletesHeld, describeMigrationSteps } from '../report/describe-warning.js';
import { parseRelease } from '../grafana/parse-release.js';
import { actionId, dashboardActions, folderActions, libraryPanelActions, type DashboardAction, type FolderAction, type LibraryPanelAction, type Plan, type PlanAction, type ProgressEvent } from '../plan/types.js';
import { applyFolderDelete, applyFolderWrite } from './apply-folders.js';
import { createApplyRun, type ApplyRun } from './apply-run.js';
import { ENDED_OUTCOMES } from './outcome-tally.js';
import { applyWarning, checkBeforeWrites } from './check-before-writes.js';
import { describeUnnotedSaves } from './describe-unnoted-saves.js';
import { describeUncommittedPushes, findUncommittedPushes } from './describe-uncommitted-pushes.js';
import { deleteDashboardAction, describeTrashAfterDelete, type TrashAfterDelete } from './delete-dashboard-action.js';
import { deleteLibraryPanelAction } from './delete-library-panel-action.js';
import { readUncountedV2UsersOnce } from './read-uncounted-v2-users.js';
import { readRecentlyDeletedUsersOnce } from './read-recently-deleted-users-once.js';
import { releaseLibraryPanelName, type NameRelease } from './release-library-panel-name.js';
import { saveDashboardAction } from './save-dashboard-action.js';
import { judgeOwnerBeforeDelete } from './judge-owner-before-delete.js';
import { READ_BACK_CUT } from './read-back.js';
import { saveLibraryPanelAction } from './save-library-panel-action.js';
import { createLibraryPullRecord, libraryPullsOutsideGit } from '../pull/library-pull-record.js';
import type { ApplyConflict, ApplyEvent, ApplyResult, BackupOnlyCopy, DeletedAs, DeleteHeldOwner, UnreviewedWhy } from './types.js';
import { checkDriftAtApply, describeDriftUnreadAtApply, driftAtApplyConflict, driftUncheckedByPlan, forcedOverEdit } from './check-drift-at-apply.js';
import { heldInGitAtApply } from './held-in-git-at-apply.js';
import { createTreeVariantFiles } from '../plan/find-variant-files.js';
import { describeMovedIntoHiddenHeld, describeUsesHiddenPanelHeld, describeUnreadableHeld, describeUnreadableLibraryPanelHeld, describeUsedOnlyByHeld } from '../report/describe-unreadable.js';
import { filesCommittedAsIs, isCommittedAsIs } from '../git/is-committed-as-is.js';
import { isAuthoredChange } from '../plan/is-authored-change.js';
import type { WritesInFlight } from './writes-in-flight.js';
import { deletedInGrafanaByAction, deletedInGrafanaConflict, trashUnreadByAction, trashUnreadConflict, driftByAction, folderEditConflict, foldersHeldByTakeovers, foldersOnlyForHeld, heldFolderEdits, heldTakeovers, heldUidChanges, writeTargetOf, type HeldTakeover, notInCloneByAction, notInCloneConflict, otherRepositoryByAction, takeoverConflict, otherRepositoryConflict, unreviewedDriftConflict, type DriftWarning } from './unreviewed-drift.js';
import { writeMayHaveLanded } from '../grafana/write-tally-scope.js';
import { quoteText } from '../report/escape-untrusted.js';
import { applySelectionOf, renderNextCommand } from '../report/next-command.js';
import type { Shell } from '../describe-error.js';

export interface ApplyPlanOptions {
  plan: Plan;
  settings: Settings;
  grafana: GrafanaPort;
  /** Rendered commit message (carries the dashsync marker). */
  message: string;
  /** The commit the pushes are made from, for their content notes (runApply's sourceCommit); absent: none named. */
  sourceCommit?: string;
  /** The dashboard files (as the plan's actions name them) HEAD does not hold as they are: their notes say `[uncommitted]` (PushSource). */
  uncommittedFiles?: ReadonlySet<string>;
  /** The checkout those notes name (`[uncommitted <id>]`: PushSource's checkout). */
  uncommittedCheckout?: string;
  force: boolean;
  /** Overrides the plan's deleteMode (an explicit --delete-mode). */
  deleteMode?: DeleteMode;
  /**
   * Re-read every file before the first write (default true). A plan made a moment ago in
   * the same process may skip it: each save still checks its own file, and is not read for again on Grafana 12
   * (SaveContext.planJustMade).
   */
  verifyFilesFirst?: boolean;
  onProgress?: (event: ProgressEvent) => void;
  /** Each action as it finishes, or is not started. */
  onEvent?: (event: ApplyEvent) => void;
  /** Ctrl-C: stop starting new work. The requests in flight end when the Grafana port's signal is this one (createGrafanaPort). */
  signal?: AbortSignal;
  /** Where the shell can see, at any moment, the actions whose writes went out and are not answered yet (a second Ctrl-C names them). */
  inFlight?: WritesInFlight;
  /** Last of the checks before the first write (the target, the files, the API and release checked first); throwing refuses the apply. */
  beforeWrites?: () => Promise<void>;
  /**
   * The shell's question, asked once every check before the first write has passed (none is asked of an apply that
   * stops anyway); throwing refuses the apply.
   */
  confirm?: () => Promise<void>;
  /**
   * A plan no one reviewed, and why (UnreviewedWhy): each save its drift warnings name (an edit made in Grafana that it
   * would overwrite) is left untouched, a conflict, unless `force`. A reviewed plan showed them, and its apply overwrites them.
   */
  keepDrift?: UnreviewedWhy;
  /** Whose words the lines' advice takes where the shells set a thing apart (a failed backup's directory): the CLI's by default. */
  shell?: Shell;
}

/** An update whose every change is to labels or annotations, saved without a new version (unified storage keeps it). */
function labelsOnlyKeptVersion(action: DashboardAction, version: number | null): boolean {
  return action.action === 'update' && version !== null && version === action.live?.version && action.changes.length > 0 && action.changes.every(isAuthoredChange);
}

/**
 * Makes Grafana match a plan, phase by phase as its dependencies order them: folders
 * (parents first) → library panels → dashboard creates/updates/moves → deletes (each backed
 * up first: dashboards, then library panels no dashboard uses) → empty managed folders
 * (children first), `concurrency` actions at a time. One action's
 * failure or conflict never stops the others, but what depends on a failed write is not
 * attempted; Ctrl-C, a 401 or an unreachable Grafana stops new work. Each outcome is reported
 * (`onEvent`) the moment it is known, so a shell can print it then.
 */
export async function applyPlan(options: ApplyPlanOptions): Promise<ApplyResult> {
  const { plan, settings } = options;
  const dashboards = dashboardActions(plan).filter((d) => d.action !== 'noop');
  const libraryWrites = libraryPanelActions(plan).filter((p) => p.action !== 'noop' && p.action !== 'delete');
  const phases = await checkBeforeWrites(options, { dashboards, libraryWrites });

  const total = dashboards.length;
  let finishedDashboards = 0;
  options.onProgress?.({ phase: 'apply', done: 0, total });
  // A dashboard counts as done before its line is printed, so a bar drawn with that line shows it.
  // The tree's top-level folders: one hidden from these credentials was not moved to the top level (its own permissions hide it).
  const topLevelFolders = new Set(folderActions(plan).filter((folder) => folder.action !== 'delete' && folder.parentUid === null).map((folder) => folder.uid));
  const run = createApplyRun(
    options.signal,
    (event) => {
      if (event.kind === 'dashboard' && ENDED_OUTCOMES.has(event.outcome)) options.onProgress?.({ phase: 'apply', done: ++finishedDashboards, total });
      options.onEvent?.(event);
    },
    topLevelFolders,
  );
  const { perform, heldByTakeover } = performer(options, run);

  // Every action's outcome exists before any starts, so an action can wait for one later in the plan's order.
  const finished = new Map<string, { promise: Promise<boolean>; resolve: (ok: boolean) => void }>();
  for (const action of phases.flat()) {
    let resolve!: (ok: boolean) => void;
    const promise = new Promise<boolean>((done) => (resolve = done));
    finished.set(actionId(action.kind, action.uid), { promise, resolve });
  }
  const byId = new Map(phases.flat().map((action) => [actionId(action.kind, action.uid), action]));
  // What waits (not attempted) for a folder create that met a folder made in Grafana since the plan: the uid of that folder, by action id.
  const createdSinceAbove = new Map<string, string>();
  const folderCreatedSinceFor = (id: string): string | undefined => {
    const blocker = byId.get(id);
    const conflict = blocker?.kind === 'folder' && blocker.action === 'create' && run.result.conflicts.some((c) => c.action === 'folder-create' && c.uid === blocker.uid);
    return conflict ? blocker.uid : createdSinceAbove.get(id);
  };
  const limit = pLimit(settings.concurrency);
  for (const phase of phases) {
    await Promise.all(
      phase.map(async (action) => {
        const blockedBy = await waitFor(action, finished);
        let ok = false;
        try {
          ok = await limit(async () => {
            if (run.stopped()) {
              run.notStarted(action);
              return false;
            }
            if (blockedBy !== null && !heldByTakeover(action)) {
              const blocker = byId.get(blockedBy);
              const createdSince = folderCreatedSinceFor(blockedBy);
              // What waits for a write held for a folder takeover is not written either, and no retry changes that: skipped, saying why.
              if (blocker !== undefined && heldByTakeover(blocker)) run.skipped(action, `not written: ${describeBlocker(action, blockedBy, blocker, true)}`);
              else if (createdSince !== undefined) {
                createdSinceAbove.set(actionId(action.kind, action.uid), createdSince);
                run.blocked(action, describeCreatedSinceBlocker(action, blockedBy, createdSince), { folderCreatedSince: createdSince, planAgain: { review: true } });
              } else run.blocked(action, describeBlocker(action, blockedBy, blocker));
              return false;
            }
            // The action's own writes, counted as they are sent: one Ctrl-C cuts off is then told apart as not started or unknown (ApplyRun.fail).
            const tally: WriteTally = { sent: 0, about: { kind: action.kind, uid: action.uid } };
            run.started(action, tally);
            return await perform(action, tally);
          });
        } finally {
          finished.get(actionId(action.kind, action.uid))!.resolve(ok);
        }
      }),
    );
  }
  // Said once, after the saves: which went without the content note that names their pusher, and why.
  const saved = new Set([...run.result.created, ...run.result.updated, ...run.result.moved]);
  const unnotedUids = [...options.grafana.unnotedSaves()].filter((uid) => saved.has(uid));
  const unnoted = describeUnnotedSaves([...unnotedUids].sort(), options.grafana.identityFailure());
  if (unnoted !== null) options.onEvent?.(applyWarning(unnoted));
  // Said once too: the saves of files HEAD does not hold as they are, which every other checkout reads as someone else's change.
  const uncommittedPushes = findUncommittedPushes(dashboardActions(plan), saved, options.uncommittedFiles, new Set(unnotedUids));
  const uncommittedWarning = describeUncommittedPushes(uncommittedPushes, settings.pipelineCheckoutRuns);
  if (uncommittedWarning !== null) {
    run.result.pushedUncommitted = uncommittedPushes;
    options.onEvent?.(applyWarning(uncommittedWarning));
  }
  // Said once, after the deletes: what was held of those the plan could not judge, and what lets them go.
  const held = run.result.deletesHeld ?? [];
  if (held.length > 0) for (const line of describeDeletesHeld(held, ownersNotJudgedOf(plan), applySelectionOf(plan, settings), options.shell ?? 'cli')) options.onEvent?.(applyWarning(line));
  holdUnreadable(plan, run.result, options);
  return run.finish();
}

/**
 * The dashboards the plan could neither read nor write (its `unreadable` warnings), held: counted in the result, which
 * then does not succeed, and a `held:` line each naming the folder that hides it and what lets the apply write it.
 * Nothing is sent for them: a create would be refused (or make a second copy), and an update was never compared.
 */
function holdUnreadable(plan: Plan, result: ApplyResult, options: Pick<ApplyPlanOptions, 'onEvent' | 'shell'>): void {
  // A folder the plan created (its warning's `folderAbsent`) is a place to move a held dashboard into only once made.
  const madeFolders = new Set([...result.foldersCreated, ...result.foldersUnchanged]);
  for (const warning of plan.warnings) {
    if (warning.kind !== 'unreadable') continue;
    const shell = options.shell ?? 'cli';
    const readable = new Set(warning.readable);
    const using = new Set(warning.usesPanels);
    warning.uids.forEach((uid, index) => {
      const file = warning.files[index] ?? null;
      const message = using.has(uid) ? describeUsesHiddenPanelHeld(warning, shell) : readable.has(uid) ? describeMovedIntoHiddenHeld(warning, shell) : describeUnreadableHeld(warning, shell, madeFolders);
      const heldAs = using.has(uid) ? (result.usesHiddenPanels ??= []) : readable.has(uid) ? (result.notMovedIntoHidden ??= []) : (result.unreadable ??= []);
      heldAs.push({ uid, file: file ?? uid, folderUid: warning.uid });
      options.onEvent?.({ kind: 'dashboard', uid, title: warning.titles[index] ?? '', action: 'unreadable', outcome: 'held', file, message });
    });
    const panelMessage = describeUnreadableLibraryPanelHeld(warning, shell);
    for (const panel of warning.libraryPanels ?? []) {
      (result.unreadableLibraryPanels ??= []).push({ uid: panel.uid, file: panel.file, folderUid: warning.uid });
      options.onEvent?.({ kind: 'library-panel', uid: panel.uid, title: panel.name, action: 'unreadable', outcome: 'held', file: panel.file, message: panelMessage });
    }
    const usedOnlyMessage = describeUsedOnlyByHeld(warning, shell, madeFolders);
    for (const panel of warning.usedOnlyByThem ?? []) {
      options.onEvent?.({ kind: 'library-panel', uid: panel.uid, title: panel.name, action: 'unreadable', outcome: 'held', file: panel.file, message: usedOnlyMessage });
    }
  }
}

/**
 * What the plan's owners-not-judged line says of its run: the release it names (that of the plan's target where an older plan
 * has none), and whether its api "auto" read /api because /apis did not answer.
 */
function ownersNotJudgedOf(plan: Plan): { grafana: string; apisUnanswered?: true } {
  const named = plan.warnings.find((warning) => warning.kind === 'owners-not-judged');
  if (named?.kind === 'owners-not-judged') return { grafana: named.grafana, ...(named.apisUnanswered && { apisUnanswered: true as const }) };
  const major = parseRelease(plan.target.grafanaVersion)?.major;
  return { grafana: major === undefined ? 'this Grafana' : `Grafana ${major}` };
}

/**
 * Waits for the actions this one depends on; returns the id of one that did not succeed when
 * that must stop this one (a write needs its folder and the library panels it uses; a delete
 * only runs after, and re-checks; a library panel or dashboard taking another's name or title only waits for it).
 */
async function waitFor(action: PlanAction, finished: Map<string, { promise: Promise<boolean> }>): Promise<string | null> {
  let blockedBy: string | null = null;
  for (const dependency of action.dependsOn) {
    // A dependency that is not work (a noop) has nothing to wait for.
    const ok = await finished.get(dependency)?.promise;
    if (ok === false && action.action !== 'delete' && !isNameHandover(action, dependency) && blockedBy === null) blockedBy = dependency;
  }
  return blockedBy;
}

/**
 * A library panel waits for another, and a dashboard for another (on Grafana ≤ 11.2), only so that one gives up the
 * name or title it takes first (by a save or a delete); whatever came of that, it is still tried (Grafana says whether it is free).
 */
function isNameHandover(action: PlanAction, dependency: string): boolean {
  return action.kind !== 'folder' && dependency.startsWith(`${action.kind}:`);
}

/**
 * Why `action` waits unstarted: `its folder X could not be made`, `its parent folder X …`, `library panel X, which it uses, …`;
 * a folder Grafana had (an update whose write failed) `could not be changed as planned` (its own line says why).
 */
function describeBlocker(action: PlanAction, dependency: string, blocker: PlanAction | undefined, heldForTakeover = false): string {
  const uid = dependency.slice(dependency.indexOf(':') + 1);
  const outcome = heldForTakeover
    ? "is held (its folder's takeover: its conflict says why)"
    : blocker?.kind === 'folder' && blocker.action !== 'create' ? 'could not be changed as planned (its line says why)' : 'could not be made';
  if (dependency.startsWith('library-panel:')) return `library panel ${uid}, which it uses, ${outcome}`;
  return `its ${action.kind === 'folder' ? 'parent folder' : 'folder'} ${uid} ${outcome}`;
}

/**
 * Why `action` waits unstarted where the folder it goes into (`dependency`), or one above it (`createdSince`), met a folder
 * made in Grafana after the plan under its uid: that folder's conflict line says by whom; a new plan is the way on (its line ends with it).
 */
function describeCreatedSinceBlocker(action: PlanAction, dependency: string, createdSince: string): string {
  const uid = dependency.slice(dependency.indexOf(':') + 1);
  const its = action.kind === 'folder' ? 'its parent folder' : 'its folder';
  const since = 'was created in Grafana after the plan (see its conflict line)';
  return uid === createdSince ? `${its} ${uid} ${since}` : `${its} ${uid} could not be made: folder ${createdSince} above it ${since}`;
}

const HARD_NOT_HONOURED =
  '--delete-mode hard is not honoured on this Grafana: it keeps deleted dashboards in "Recently deleted", and only Grafana 11\'s /api trash can be purged; ' +
  'to remove them for good, empty them from Dashboards > Recently deleted in Grafana';

const HARD_UNSEEN =
  '--delete-mode hard purges nothing on Grafana 12: on its legacy SQL storage (a stock 12) a delete is for good anyway, and on unified storage ' +
  'deleted dashboards stay in "Recently deleted" (empty them from Dashboards > Recently deleted); /api does not show which (--api auto does)';

/** Where a dashboard delete's backup is, or may be, the only copy, by what the delete left Grafana with (ApplyResult.backupOnlyCopy). */
const BACKUP_ONLY_COPY: Partial<Record<TrashAfterDelete, keyof BackupOnlyCopy>> = {
  off: 'dashboards',
  'legacy-storage': 'dashboards',
  purged: 'dashboards',
  'purge-not-known': 'trashUnknown',
  'storage-unseen': 'storageUnseen',
  unknown: 'trashUnknown',
};

const LABELS_REMOVED =
  "not written: its file has labels or annotations, and this run's /api save would remove every one Grafana holds for it (see the plan's warning); " +
  'apply with --api auto or k8s to keep them, or with --force to write it without them';

/** What a prune delete came to (dashboards and library panels alike). */
type DeleteResult =
  | { kind: 'deleted'; backup: string; trash?: TrashAfterDelete; note?: string; as?: DeletedAs; warning?: string }
  | { kind: 'conflict'; conflict: ApplyConflict }
  | { kind: 'skipped'; reason: string }
  | { kind: 'held'; owner: DeleteHeldOwner }
  | { kind: 'reported' }
  | { kind: 'unknown'; error: unknown };

/** Carries out one action (`perform`: true when it did what the plan says, so the dependents may go on), and tells the ones held for a folder takeover. */
interface Performer {
  perform: (action: PlanAction, tally: WriteTally) => Promise<boolean>;
  heldByTakeover: (action: PlanAction) => boolean;
}

function performer(options: ApplyPlanOptions, run: ApplyRun): Performer {
  const { grafana, settings, plan } = options;
  const folderTitles = new Map(folderActions(plan).map((folder) => [folder.uid, folder.title]));
  // "Already holds this" compares a reference's name as the plan did (an action's title is its panel's name).
  const libraryPanelNames = libraryPanelNamesOf(libraryPanelActions(plan).map((panel) => ({ uid: panel.uid, name: panel.title, file: panel.file })));
  const saveContext = { grafana, settings, message: options.message, sourceCommit: options.sourceCommit, uncommittedFiles: options.uncommittedFiles, uncommittedCheckout: options.uncommittedCheckout, force: options.force, folderTitles, libraryPanelNames, planJustMade: options.verifyFilesFirst === false };
  // The commands the lines name, with what chose this run's Grafana and the plan's tree (its root, prune, selection), so they paste as printed.
  const selection = applySelectionOf(plan, settings);
  // The apply that plans anew as this plan was made (its tree, its prune): what a folder kept for what is inside ends with.
  const rerun = renderNextCommand(selection, 'apply');
  const restoreCommand = (...uids: string[]) => renderNextCommand(selection, ['restore', ...uids]);
  const deleteContext = { grafana, backupDir: settings.backupDir, cwd: settings.cwd, shell: options.shell, deleteMode: options.deleteMode ?? plan.deleteMode, force: options.force, folders: new Map() };
  const libraryDeletes = new Set(libraryPanelActions(plan).filter((p) => p.action === 'delete').map((p) => p.uid));
  // What the library panel saves leave Grafana holding, recorded in the tree's clone as pull records what it wrote (git is asked where, once, at the first).
  const libraryPulls = createLibraryPullRecord(settings.root, grafana, libraryPullsOutsideGit(settings.root, settings.cwd));
  // Pruned panels that hand their name over, by the panel that takes it, and what became of their renames.
  const handingOver = new Map(libraryPanelActions(plan).flatMap((p) => (p.action === 'delete' && p.handsNameOver ? [[p.handsNameOver.to, p] as const] : [])));
  const released = new Map<string, NameRelease>();
  const libraryDeleteContext = {
    ...deleteContext,
    v2Users: readUncountedV2UsersOnce(grafana, libraryDeletes),
    recentlyDeletedUsers: readRecentlyDeletedUsersOnce(grafana, libraryDeletes),
    released,
    restoreCommand,
  };
  // Edits made in Grafana that no one saw this plan overwrite: kept (ApplyPlanOptions.keepDrift), each a conflict.
  const keepDrift = options.force ? undefined : options.keepDrift;
  const unreviewedDrift: ReadonlyMap<string, DriftWarning> = keepDrift === undefined ? new Map() : driftByAction(plan);
  // Whether the action's save or delete would overwrite or delete such an edit, and so is left untouched (its conflict recorded).
  // The folders of the tree's directories: a held move out of any other one is a uid collision, not an edit to pull in.
  const treeFolders = new Set(folderActions(plan).filter((folder) => folder.dir !== null && folder.action !== 'delete').map((folder) => folder.uid));
  // Another repository's dashboards a file's uid would take (a folder the tree does not hold): held alike.
  const otherRepository: ReturnType<typeof otherRepositoryByAction> = keepDrift === undefined ? new Map() : otherRepositoryByAction(plan);
  // Dashboards saved from a commit this clone lacks, whose repository nothing tells (an unfetched branch, or another repository): held alike.
  const notInClone: ReturnType<typeof notInCloneByAction> = keepDrift === undefined ? new Map() : notInCloneByAction(plan);
  // Folders a _folder.json takes over from whoever made them in Grafana: their rename and the deletes in them held alike.
  const takeovers: ReturnType<typeof heldTakeovers> = keepDrift === undefined ? new Map() : heldTakeovers(plan);
  // Folder renames and moves made in Grafana that the plan undoes: kept alike (walk-64 M4).
  const folderEdits: ReturnType<typeof heldFolderEdits> = keepDrift === undefined ? new Map() : heldFolderEdits(plan);
  // Dashboards a person deleted in Grafana, which the creates would replace in "Recently deleted": kept alike (walk-64 L5).
  const deletedInGrafana: ReturnType<typeof deletedInGrafanaByAction> = keepDrift === undefined ? new Map() : deletedInGrafanaByAction(plan);
  // Creates that may be such a dashboard, where "Recently deleted" could not be listed: kept alike (rev-68c H1).
  const trashUnread: ReturnType<typeof trashUnreadByAction> = keepDrift === undefined ? new Map() : trashUnreadByAction(plan);
  // A folder moved into one whose rename is held names it by the title Grafana keeps.
  const keptTitle = (folder: FolderAction) => (folder.live !== null && (folderEdits.has(folder.uid) || takeovers.has(folder.uid)) ? folder.live.title : folder.title);
  const folderWriteOptions = {
    force: options.force,
    treeDirs: new Map(folderActions(plan).map((folder) => [folder.uid, folder.dir])),
    titles: new Map(folderActions(plan).map((folder) => [folder.uid, keptTitle(folder)])),
  };
  // A prune delete in a folder whose takeover is held, and what the tree would put into it (a dashboard, a library panel, a
  // folder, and what goes into a folder made there): held alike. The tree's own dashboard written there would stand in someone
  // else's folder, and read to the next plan as the tree's (review-66a H1).
  const heldFolders = foldersHeldByTakeovers(plan, takeovers);
  const heldTakeoverOf = (action: PlanAction): { takeover: HeldTakeover; into?: { uid: string; title: string } } | undefined => {
    if (action.kind === 'dashboard' && action.action === 'delete') {
      const takeover = action.live?.folderUid ? takeovers.get(action.live.folderUid) : undefined;
      return takeover && { takeover };
    }
    const target = writeTargetOf(action);
    const takeover = target ? heldFolders.get(target) : undefined;
    if (takeover === undefined || target == null) return undefined;
    return target === takeover.folderUid ? { takeover } : { takeover, into: { uid: target, title: folderTitles.get(target) ?? target } };
  };
  // Whether git holds a held drift conflict's file as it is: asked for the files of every drift the apply may hold at once,
  // the first time one is held (it was two git processes per conflict, one conflict at a time).
  const driftFiles = () => [...dashboardActions(plan), ...libraryPanelActions(plan)].flatMap((action) => (action.file !== null && unreviewedDrift.has(actionId(action.kind, action.uid)) ? [action.file] : []));
  const heldFileCommitted = committedAsIsOnce(settings.cwd, driftFiles);
  // A save refused at the apply (someone saved since the plan): its file alone.
  const fileCommitted = (file: string) => isCommittedAsIs(settings.cwd, file);
  // The conflict an unreviewed apply leaves the action untouched with (its save or delete would overwrite or delete an edit
  // made in Grafana, or take what is not the tree's), or null: one rule for keptUnreviewed and the uid changes held with it.
  const unreviewedHold = (action: DashboardAction | LibraryPanelAction): (() => Promise<ApplyConflict>) | null => {
    if (keepDrift === undefined) return null;
    const held = heldTakeoverOf(action);
    if (held !== undefined) return async () => takeoverConflict(action, held.takeover, keepDrift, held.into);
    const drift = unreviewedDrift.get(actionId(action.kind, action.uid));
    const other = action.kind === 'dashboard' && drift === undefined ? otherRepository.get(actionId(action.kind, action.uid)) : undefined;
    if (other !== undefined && action.kind === 'dashboard') return async () => otherRepositoryConflict(action, other, keepDrift);
    const deleted = action.kind === 'dashboard' && action.action === 'create' ? deletedInGrafana.get(actionId(action.kind, action.uid)) : undefined;
    if (deleted !== undefined && action.kind === 'dashboard') return async () => deletedInGrafanaConflict(action, deleted, keepDrift);
    const unread = action.kind === 'dashboard' && action.action === 'create' ? trashUnread.get(actionId(action.kind, action.uid)) : undefined;
    if (unread !== undefined && action.kind === 'dashboard') return async () => trashUnreadConflict(action, unread, keepDrift);
    const missing = action.kind === 'dashboard' && drift === undefined ? notInClone.get(actionId(action.kind, action.uid)) : undefined;
    if (missing !== undefined && action.kind === 'dashboard') return async () => notInCloneConflict(action, missing, keepDrift);
    if (drift === undefined) return null;
    return async () => {
      const conflict = unreviewedDriftConflict(action, drift, keepDrift);
      // A folder whose directory this run's selection leaves out (another environment's) is the tree's all the same: no
      // collision; a dashboard's or a library panel's file keeps its place, and the pull takes the edit into it.
      const leftOut = action.action === 'move' && action.live?.folderUid ? action.liveDirectoryLeftOut : undefined;
      const outside = action.kind === 'dashboard' && action.action === 'move' && action.live?.folderUid && !treeFolders.has(action.live.folderUid) ? { uid: action.live.folderUid, title: action.live.folderTitle } : undefined;
      const placed =
        leftOut !== undefined ? { liveDirectoryLeftOut: { uid: action.live!.folderUid!, title: action.live!.folderTitle, dir: leftOut.dir, lists: leftOut.lists } } : outside === undefined ? {} : { liveFolderOutsideTree: outside };
      return await withFileCommitted({ ...conflict, ...placed }, heldFileCommitted);
    };
  };
  const keptUnreviewed = async (action: DashboardAction | LibraryPanelAction): Promise<boolean> => {
    const hold = unreviewedHold(action);
    if (hold === null) return false;
    run.conflict(action, await hold());
    return true;
  };
  // A change of uid whose delete is held is held whole: its create waits too (one outcome, the delete's conflict).
  const heldCreates = heldUidChanges(plan, (old) => unreviewedHold(old) !== null);
  // A change of uid whose old delete the plan could not judge (ownerNotJudged): creates run before deletes, so the create
  // judges the old dashboard first, as its delete will, and waits with it where that delete is held (no second "Node CPU").
  const unjudgedReplaced = new Map(dashboardActions(plan).flatMap((a) => (a.action === 'delete' && a.ownerNotJudged && a.replacedBy !== undefined ? [[a.replacedBy.uid, a] as const] : [])));
  const replacedHeld = async (old: DashboardAction): Promise<boolean> => {
    const live = await grafana.getDashboard(old.uid);
    return live !== null && (await judgeOwnerBeforeDelete(grafana, live)) !== 'pushed';
  };
  // Nor is a folder made for them alone: it would stand empty for a change not made.
  const notForHeld = foldersOnlyForHeld(plan, new Set([...unreviewedDrift.keys(), ...otherRepository.keys(), ...notInClone.keys(), ...deletedInGrafana.keys(), ...trashUnread.keys(), ...[...heldCreates.keys()].map((uid) => actionId('dashboard', uid))]));
  // The plan's schema-migration notes: each such write's line says it again.
  const migrations = new Map(plan.warnings.flatMap((warning) => (warning.kind === 'schema-migration' ? [[warning.uid, warning] as const] : [])));
  let hardNotHonoured = false;
  const recordDelete = (action: PlanAction, outcome: DeleteResult): boolean => {
    if (outcome.kind === 'deleted' && outcome.trash === 'kept-despite-hard') {
      // The run's fact, once, before the first delete it concerns; each delete's line then only says where the dashboard is.
      if (!hardNotHonoured) run.warned(action, HARD_NOT_HONOURED);
      hardNotHonoured = true;
      run.result.keptDespiteHard = (run.result.keptDespiteHard ?? 0) + 1;
    }
    if (outcome.kind === 'deleted' && outcome.trash === 'storage-unseen' && deleteContext.deleteMode === 'hard' && !hardNotHonoured) {
      run.warned(action, HARD_UNSEEN);
      hardNotHonoured = true;
    }
    if (outcome.kind === 'deleted' && outcome.trash === 'kept-for-admins') (run.result.deletedForAdmins ??= []).push(action.uid);
    if (outcome.kind === 'deleted' && outcome.warning !== undefined) run.warned(action, outcome.warning);
    // A library panel has no "Recently deleted" in any release: its backup is the only copy of every one pruned.
    const onlyCopy = action.kind === 'library-panel' ? 'libraryPanels' : outcome.kind === 'deleted' && outcome.trash !== undefined ? BACKUP_ONLY_COPY[outcome.trash] : undefined;
    if (outcome.kind === 'deleted' && onlyCopy !== undefined) (run.result.backupOnlyCopy ??= { dashboards: [], libraryPanels: [], storageUnseen: [], trashUnknown: [] })[onlyCopy].push(action.uid);
    if (outcome.kind === 'deleted') run.done(action, { message: outcome.note ?? (outcome.trash && describeTrashAfterDelete(outcome.trash, restoreCommand(action.uid))), ...(outcome.as ? { as: outcome.as } : {}) });
    else if (outcome.kind === 'conflict') run.conflict(action, outcome.conflict);
    else if (outcome.kind === 'unknown') run.unknown(action, outcome.error);
    else if (outcome.kind === 'skipped') run.skipped(action, outcome.reason);
    else if (outcome.kind === 'held') run.held(action, outcome.owner, describeDeleteHeld(outcome.owner));
    return outcome.kind === 'deleted';
  };
  // The backup's line, and the warning of one that records no folder chain on a line of its own.
  const backedUp = (action: PlanAction) => (path: string, warning?: string) => {
    run.backedUp(action, path);
    if (warning) run.warned(action, warning);
  };
  // The updates and moves whose drift a saved plan could not check (its token could not read the history): the apply's token
  // reads it. A plan made in this run read it with these same credentials: not asked twice.
  const driftUnchecked = options.verifyFilesFirst === false ? new Set<string>() : driftUncheckedByPlan(plan);
  // With a directory per environment, a file copied from another environment's and changed in one commit began as that variant (fixl-73's plan rule).
  const heldAtApply = heldInGitAtApply(plan, settings, driftUnchecked, settings.environment === undefined ? undefined : createTreeVariantFiles(settings));
  // The same for an edit held where the apply checks drift (it was two git processes per such conflict): the files of every update
  // and move checked so, at the first one held.
  const checkedFileCommitted = committedAsIsOnce(settings.cwd, () => dashboardActions(plan).flatMap((action) => (action.file !== null && driftUnchecked.has(action.uid) ? [action.file] : [])));
  const dashboard = async (action: DashboardAction, tally: WriteTally): Promise<boolean> => {
    if (action.action === 'delete') return !(await keptUnreviewed(action)) && recordDelete(action, await deleteDashboardAction(action, { ...deleteContext, onBackup: backedUp(action) }, tally));
    if (action.removesMetadata && !options.force) {
      run.skipped(action, LABELS_REMOVED);
      return false;
    }
    if (await keptUnreviewed(action)) return false;
    const unjudged = action.action === 'create' ? unjudgedReplaced.get(action.uid) : undefined;
    if (unjudged !== undefined && (await replacedHeld(unjudged))) {
      (run.result.uidChangesHeld ??= []).push(action.uid);
      run.skipped(action, `not created: ${unjudged.replacedBy!.file} changed its uid ${unjudged.uid} → ${action.uid}, and the delete of ${unjudged.uid} is held (its held line says why and what to do)`);
      return false;
    }
    if (action.replacesHeld !== undefined) {
      (run.result.uidChangesHeld ??= []).push(action.uid);
      run.skipped(action, `not created: ${action.file} changed its uid ${action.replacesHeld} → ${action.uid}, and prune held the delete of ${action.replacesHeld} when the plan was made (its note says why and what to do)`);
      return false;
    }
    const heldWith = action.action === 'create' ? heldCreates.get(action.uid) : undefined;
    if (heldWith !== undefined) {
      (run.result.uidChangesHeld ??= []).push(action.uid);
      run.skipped(action, `not created: ${heldWith.replacedBy!.file} changed its uid ${heldWith.uid} → ${action.uid}, and the delete of ${heldWith.uid} is held (its conflict says why and what to do)`);
      return false;
    }
    const atApply = (action.action === 'update' || action.action === 'move') && driftUnchecked.has(action.uid) ? await checkDriftAtApply(grafana, action, heldAtApply) : null;
    if (atApply?.kind === 'edited' && !options.force) {
      run.conflict(action, await withFileCommitted(driftAtApplyConflict(action, atApply), checkedFileCommitted));
      return false;
    }
    if (atApply?.kind === 'unread') run.warned(action, describeDriftUnreadAtApply(action.uid, atApply.reason));
    const saved = await saveDashboardAction(action, saveContext, tally);
    // A --force save over an edit the plan could not see: its line says what it overwrote.
    const outcome = atApply?.kind === 'edited' && saved.kind === 'saved' && saved.forcedOver === undefined ? { ...saved, forcedOver: forcedOverEdit(atApply) } : saved;
    const migrated = migrations.get(action.uid);
    const note = migrated === undefined ? {} : { message: `Grafana ${migrated.maybe ? 'may have migrated' : 'migrated'} it on write (schemaVersion ${describeMigrationSteps(migrated)}); later plans and dashsync pull take that for the file (no change)` };
    if (outcome.kind === 'saved' && outcome.libraryPanelsMissing) {
      const missing = outcome.libraryPanelsMissing;
      (run.result.missingLibraryPanels ??= []).push({ uid: action.uid, libraryPanels: missing });
      run.done(action, { version: outcome.version, ...(outcome.recreated ? { as: 'created' as const } : {}), message: describeMissingPanels(missing) });
      run.warned(action, describeBrokenSave(action, missing, { restore: restoreCommand, plan: renderNextCommand(selection, 'plan') }));
    } else if (outcome.kind === 'saved' && !outcome.readBackCut && labelsOnlyKeptVersion(action, outcome.version)) {
      // Unified storage makes no new version for a labels-only write: "now version 1" alone would read as if nothing happened.
      run.done(action, { message: `labels and annotations only: Grafana keeps version ${outcome.version}${note.message ? `; ${note.message}` : ''}` });
    } else if (outcome.kind === 'saved') {
      // Saved, and Ctrl-C cut off the read back: the version is the answer's, and the line says why no more is known.
      const message = [outcome.readBackCut ? READ_BACK_CUT : undefined, note.message].filter(Boolean).join('; ');
      run.done(action, {
        version: outcome.version,
        ...(outcome.recreated ? { as: 'created' as const } : {}),
        ...(outcome.forcedOver ? { forcedOver: outcome.forcedOver } : {}),
        ...(message ? { message } : {}),
        ...(outcome.readBackCut ? { readBackCut: true as const } : {}),
      });
    }
    else if (outcome.kind === 'unchanged') run.unchanged(action, outcome.message);
    else if (outcome.kind === 'conflict') run.conflict(action, await withFileCommitted(outcome.conflict, fileCommitted));
    else if (outcome.kind === 'unknown') run.unknown(action, outcome.error);
    else run.fail(action, new Error(outcome.message), tally);
    return outcome.kind === 'saved' || outcome.kind === 'unchanged';
  };
  // Renames the pruned panel whose name `taker` takes: `kept` (said on the pruned panel's line) when it keeps the name;
  // `interrupted` when Ctrl-C came before the rename went out (the pruned panel's delete is then not started either).
  const releaseName = async (holder: LibraryPanelAction, taker: LibraryPanelAction): Promise<'released' | 'kept' | 'interrupted'> => {
    const tally: WriteTally = { sent: 0, about: { kind: holder.kind, uid: holder.uid } };
    run.started(holder, tally);
    const outcome = await releaseLibraryPanelName(holder, { ...deleteContext, onBackup: backedUp(holder) }, tally).catch((error: unknown) => {
      if (error instanceof RequestInterruptedError && !writeMayHaveLanded(tally)) return 'interrupted' as const;
      run.fail(holder, error, tally);
      return null;
    });
    if (outcome === 'interrupted') return outcome;
    if (outcome?.kind === 'renamed' || outcome?.kind === 'free') {
      released.set(holder.uid, { kind: 'released', revision: outcome.revision, backup: outcome.kind === 'renamed' ? outcome.backup : null });
      if (outcome.kind === 'renamed') run.renamed(holder, holder.handsNameOver!.renameTo, describeHandover(holder, taker), outcome.version);
      return 'released';
    }
    released.set(holder.uid, { kind: 'failed' });
    if (outcome?.kind === 'conflict') run.conflict(holder, { ...outcome.conflict, nameTakenBy: { uid: taker.uid, file: taker.file } });
    else if (outcome?.kind === 'unknown') run.unknown(holder, outcome.error);
    return 'kept';
  };
  const libraryPanel = async (action: LibraryPanelAction, tally: WriteTally): Promise<boolean> => {
    if (action.action === 'delete') return !(await keptUnreviewed(action)) && recordDelete(action, await deleteLibraryPanelAction(action, { ...libraryDeleteContext, onBackup: backedUp(action) }, tally));
    // Left as it is, it is still there for the dashboards that use it; one not created is not.
    if (await keptUnreviewed(action)) return action.action !== 'create';
    const holder = handingOver.get(action.uid);
    const release = holder === undefined ? 'released' : await releaseName(holder, action);
    if (release !== 'released') {
      if (release === 'interrupted') run.notStarted(action);
      else run.blocked(action, `library panel ${holder!.uid}, which holds its name in its folder, could not be renamed`);
      return false;
    }
    const outcome = await saveLibraryPanelAction(action, saveContext, tally);
    // Grafana holds the file's content now: a later pull takes a change made there over it (its record; the panel keeps no history).
    if ((outcome.kind === 'saved' || outcome.kind === 'unchanged') && outcome.holds !== undefined) await libraryPulls.note(action.uid, outcome.holds.text, outcome.holds.version);
    if (outcome.kind === 'saved') run.done(action, outcome.forcedOver === undefined ? undefined : { forcedOver: outcome.forcedOver });
    else if (outcome.kind === 'unchanged') run.unchanged(action, outcome.message);
    else if (outcome.kind === 'unknown') run.unknown(action, outcome.error);
    else run.conflict(action, await withFileCommitted(outcome.conflict, fileCommitted));
    // A panel left as someone else changed it, or whose update is unconfirmed, still exists for the dashboards that use it.
    if (outcome.kind === 'conflict') return outcome.conflict.currentVersion !== null;
    return outcome.kind !== 'unknown' || action.action !== 'create';
  };
  const perform = async (action: PlanAction, tally: WriteTally): Promise<boolean> => {
    const end = options.inFlight?.begin(action, tally);
    try {
      if (action.kind === 'dashboard') return await dashboard(action, tally);
      if (action.kind === 'library-panel') {
        return await libraryPanel(action, tally).catch((error: unknown) => {
          run.fail(action, error, tally);
          // An update or move that failed leaves the panel there for the dashboards that use it.
          return action.action === 'update' || action.action === 'move';
        });
      }
      // A held rename or move leaves the folder where Grafana has it, and it is there: what goes into it is held there too (review-66a H1).
      const takenOver = action.action === 'update' && keepDrift !== undefined ? takeovers.get(action.uid) : undefined;
      if (takenOver !== undefined && keepDrift !== undefined) {
        run.conflict(action, takeoverConflict(action, takenOver, keepDrift));
        return action.live !== null;
      }
      // A folder the tree would make in (or move into) a folder whose takeover is held: held; what goes into it reaches its own
      // conflict line (it is held as well), not "not attempted".
      const heldInto = keepDrift !== undefined && action.action !== 'delete' ? heldTakeoverOf(action) : undefined;
      if (heldInto !== undefined && keepDrift !== undefined) {
        run.conflict(action, takeoverConflict(action, heldInto.takeover, keepDrift, heldInto.into));
        return true;
      }
      const editFile = action.action === 'update' && action.live !== null && keepDrift !== undefined ? folderEdits.get(action.uid) : undefined;
      if (editFile !== undefined && keepDrift !== undefined) {
        run.conflict(action, folderEditConflict(action, editFile, keepDrift));
        return true;
      }
      const heldOnly = notForHeld.get(action.uid);
      if (action.action === 'create' && heldOnly !== undefined) {
        run.skipped(action, `folder ${quoteText(action.title)} not created: what would go into it (${heldOnly.join(', ')}) is kept as ${heldOnly.length === 1 ? 'a conflict' : 'conflicts'}`);
        // Its writes go on to their own conflict lines, not "blocked".
        return true;
      }
      return action.action === 'delete' ? await applyFolderDelete(action, grafana, run, tally, rerun) : await applyFolderWrite(action, grafana, run, folderWriteOptions, tally);
    } catch (error) {
      run.fail(action, error, tally);
      return false;
    } finally {
      end?.();
    }
  };
  // An action an unreviewed apply holds for a folder takeover writes nothing: it is held whatever became of what it waits for.
  return { perform, heldByTakeover: (action) => keepDrift !== undefined && heldTakeoverOf(action) !== undefined };
}

/** The renamed line's words: to what, and what comes next. */
function describeHandover(holder: LibraryPanelAction, taker: LibraryPanelAction): string {
  const holders = describeLibraryPanelUsers(holder.usedBy);
  return `now ${quoteText(holder.handsNameOver!.renameTo)}, so that library panel ${taker.uid} takes its name ${quoteText(holder.title)}; it is deleted once the dashboards that hold it (${holders}) are saved or deleted`;
}

/** What to do about a dashboard saved with a library panel Grafana does not have. */
function describeBrokenSave(action: DashboardAction, missing: readonly string[], commands: { restore: (...uids: string[]) => string; plan: string }): string {
  const which = missing.length === 0 ? 'a library panel it uses' : missing.map((uid) => `library panel "${uid}"`).join(', ');
  const restore = missing.length === 0 ? '' : ` (${commands.restore(...missing)} puts back one dashsync deleted, from its backup)`;
  return `${action.uid} ${quoteText(action.title)} is in Grafana, but Grafana does not have ${which} (deleted since the plan was made?): bring it back${restore} or change the dashboard, then run ${commands.plan} again`;
}

/** A save's conflict, marked when git holds its file as it is (the conflict line then names `pull --force`: a plain pull refuses a committed change). */
/** Whether git holds a file as it is (filesCommittedAsIs), asked for all of `files()` at once the first time a file is asked about. */
function committedAsIsOnce(cwd: string, files: () => string[]): (file: string) => Promise<boolean> {
  let committed: Promise<Set<string>> | undefined;
  return async (file) => (await (committed ??= filesCommittedAsIs(cwd, files()))).has(file);
}

async function withFileCommitted(conflict: ApplyConflict, isCommitted: (file: string) => Promise<boolean>): Promise<ApplyConflict> {
  if (conflict.file === null || conflict.currentVersion === null) return conflict;
  return (await isCommitted(conflict.file)) ? { ...conflict, fileCommitted: true } : conflict;
}
