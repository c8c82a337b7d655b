import type { RaisedDeleteLimit } from '../plan/delete-limit.js';
import type { PushedCommit } from '../grafana/pushed-commit.js';
import type { ResourceKind } from '../plan/types.js';
import type { PlanAgainStep } from '../report/plan-again.js';
import type { SaveRefusal } from '../grafana/save-refusal.js';

/**
 * The live dashboard a --force save replaced, when it was not the one the plan saw (saved in Grafana since, or created
 * there under a uid the plan creates): `by`/`at` of its newest save ('' when only its labels or annotations were changed:
 * Grafana does not record those).
 */
export interface ForcedOver {
  /** null: a folder on `/apis`, whose saves have no version people count. */
  version: number | null;
  by: string;
  at: string;
  metadataEdited?: true;
}

/** What one apply did, resource by resource; the CLI and the Action render it. */
export interface ApplyConflict {
  uid: string;
  title: string;
  /** What the plan wanted to do: a save (`create`/`update`/`move`), a prune (`delete`), `folder-update`, or `library-panel-<verb>`. */
  action: string;
  file: string | null;
  /** The live version the plan saw (null for a create). */
  plannedVersion: number | string | null;
  /** The version Grafana has now (null: it is no longer there, deleted after the plan). */
  currentVersion: number | string | null;
  /**
   * The saver of the version Grafana has now, as recorded; `''`: Grafana names no saver for it (a library panel's, or an `/apis`
   * dashboard's on legacy storage, whose account was deleted since: describeSaver); null: none to name (a labels or annotations
   * edit, a folder on Grafana 11, deleted since the plan).
   */
  changedBy: string | null;
  changedAt: string | null;
  /** The save since the plan is dashsync's (its message and content note say so): what it pushed. Another apply, e.g. of main after it moved. */
  savedByDashsync?: PushedCommit;
  /** HEAD where apply runs already contains the commit `savedByDashsync` names (merged since the plan was made): plan again, no rebase. */
  pushedCommitInHead?: true;
  /** The title (a library panel's name) Grafana has now, when read; the line names it where it differs from the planned one. */
  currentTitle?: string | null;
  /** The title (a library panel's name) the plan saw live, when there was one: a plan that renames compares with this, not the file's. */
  plannedTitle?: string | null;
  /** A folder moved in Grafana after the plan: the parent it has now (uid null: the top level; title null: one the plan does not name). */
  currentParent?: { uid: string | null; title: string | null };
  /** The dashboard Grafana has now is another one under the uid (another internal id): deleted and created again since the plan. */
  recreated?: true;
  /** Its labels or annotations were changed after the plan, which makes no new version (unified storage): who and when, Grafana does not record. */
  metadataEdited?: true;
  /** Another tool manages it now, which it did not when planned (describeManager's words, server text): never written. */
  managedSince?: string;
  /**
   * The current version has the planned number but is another save (savedAgainAtVersion): Grafana's database restored
   * from an earlier backup gave the number out again.
   */
  versionSavedAgain?: true;
  /** `plannedVersion`/`currentVersion` are opaque revisions (a folder's resourceVersion on `/apis`), not versions people count: the line leaves them out. */
  opaqueRevisions?: true;
  /**
   * A create Grafana refused as a conflict (409, 412 version-mismatch; a library panel's 400 "already exists" or 409) while
   * nothing under the uid can be read with these credentials: no change made after the plan, and nothing a pull could take in
   * (walk-72 L6; library panels: fixe-73 left). Grafana's answer, as sent.
   */
  createRefusedUnread?: SaveRefusal;
  /** The folder the save went into was deleted in Grafana after the plan: Grafana refused the save for it. `title`: as the plan named it (null: the plan has no such folder). */
  folderDeleted?: { uid: string; title: string | null };
  /** A pruned library panel that was to hand its name over: the tree's panel that takes the name (its file holds what the tree wants under it). */
  nameTakenBy?: { uid: string; file: string | null };
  /** The save's file is committed as it is (git holds the planned change): a plain `dashsync pull` of it is refused, `pull --force` merges. */
  fileCommitted?: true;
  /**
   * Grafana now stores the dashboard in the other schema family than the file apply was to write (saved in the
   * dynamic-dashboards editor since the plan, or back): `v2` or `classic`. A pull then rewrites the whole file in that form.
   */
  storedAs?: 'v2' | 'classic';
  /**
   * Edited in Grafana since dashsync last wrote it, as the plan this apply made found (its drift warning), and no one
   * reviewed that plan (ApplyPlanOptions.keepDrift, which says why no one did): left untouched, not overwritten unseen.
   * `plannedVersion`/`currentVersion`: the edit's version; `changedBy`/`changedAt`: its saver and time.
   */
  unreviewedDrift?: true;
  /**
   * Its plan could not check it for drift (drift not checked: that token could not read the version history), and the apply,
   * which could, found the newest version saved by someone other than dashsync (`changedBy`, `changedAt`, at `currentVersion`):
   * left untouched, as a one-step apply holds drift, not overwritten unseen.
   */
  driftCheckedAtApply?: true;
  /** Why no one reviewed it (with unreviewedDrift): the conflict line says so. */
  unreviewedWhy?: UnreviewedWhy;
  /** With unreviewedDrift: the checkout's history is shallow, so a commit it does not have may hold that edit (the plan's drift warning's). */
  shallowHistory?: true;
  /** With unreviewedDrift: the save kept is dashsync's push of a file HEAD did not hold as it was (the plan's drift warning's `uncommittedPush`). */
  uncommittedPush?: true;
  /**
   * With unreviewedDrift, on a move whose file holds the live content: its history could not be read (the failure's line), so
   * whether dashsync had placed it where the file says (and that save moved it) is not known (the plan's drift warning's).
   */
  historyUnread?: string;
  /**
   * With unreviewedDrift, on a prune delete: the uid was changed in place, and `file` holds it as `uid` now (the plan's
   * `replacedBy`). The change of uid is held whole: that file's create is not made either (a second dashboard of the same title).
   */
  uidChangedTo?: { file: string; uid: string };
  /**
   * With unreviewedDrift: not an edit but another repository's dashboard (the plan's not-in-branch warning, `outside-tree`):
   * dashsync saved it from `commit`, which this repository does not have, in a folder no directory of the tree holds.
   */
  otherRepository?: { commit: string; folderUid: string; folderTitle: string; externalListed?: true };
  /**
   * With unreviewedDrift: not an edit but a dashboard dashsync saved from `commit` ("subject"), which this repository does not
   * have (the plan's not-in-branch warning, "not in this clone"): a branch not fetched yet, or another repository's. Left untouched.
   */
  notInClone?: { commit: string; subject: string };
  /**
   * With unreviewedDrift: the folder update or prune delete of a folder made in Grafana that `file` (a `_folder.json`) takes
   * over (the plan's folder-takeover warning), or a write of the tree's into it (a dashboard, library panel or folder created or
   * moved there): `folderTitle` is its title in Grafana; `historyUnread`: the plan could not read the version history of some
   * of its dashboards, so whether dashsync pushed them (the folder is the tree's) is not known; `treeInside`: the tree's own
   * dashboards are in it beside those dashsync never pushed (a folder of the tree's renamed in Grafana and added to there, or
   * one made there that an earlier apply put them into); `into`: the folder the write goes into, made inside that one (held too).
   */
  takeover?: { folderUid: string; folderTitle: string; file: string; historyUnread?: true; treeInside?: true; into?: { uid: string; title: string } };
  /**
   * With unreviewedDrift: a folder update that undoes a rename (`liveTitle`, Grafana's) or a move (`liveParentUid`, null: the top
   * level) made in Grafana, which `file` (its `_folder.json`) never said in git (the plan's folder-drift warning). `directory`:
   * the folder has no `_folder.json` (its uid derived from its directory's path), so keeping the edit needs one naming that uid.
   */
  folderEdit?: { file: string; liveTitle?: string; liveParentUid?: string | null; directory?: true };
  /**
   * With unreviewedDrift, on a create: a person deleted the dashboard in Grafana (at `deletedAt`, by `deletedBy`, each null when
   * not said) and it waits in "Recently deleted" (the plan's in-recently-deleted warning, `byUser`): not made anew from the file.
   */
  deletedInGrafana?: { deletedAt: string | null; deletedBy: string | null };
  /**
   * With unreviewedDrift, on a create: "Recently deleted" could not be listed (the failure, as the plan's `trash-unseen` note
   * names it) and the tree held the file before this commit, so the dashboard may wait there: not made anew from the file.
   */
  trashUnread?: string;
  /** With unreviewedDrift, on a move: the folder it is in, which no directory of the tree holds (its uid collides with a file's). */
  liveFolderOutsideTree?: { uid: string; title: string };
  /** With unreviewedDrift, on a move (a dashboard's or a library panel's): the folder it is in is that of a directory this run's include/exclude leave out (the action's liveDirectoryLeftOut). */
  liveDirectoryLeftOut?: { uid: string; title: string; dir: string; lists: string };
}

/**
 * Why no one reviewed a plan applied in the step that made it: the Action's one-step apply (`one-step`), the CLI's
 * `apply --auto-approve` without a plan file (`auto-approve`), or its apply without a plan file where no question can be asked
 * (`no-terminal`: CI, a pipe).
 */
export type UnreviewedWhy = 'one-step' | 'auto-approve' | 'no-terminal';

export interface ApplyFailure {
  uid: string;
  title: string;
  /** e.g. `update`, `delete`, `folder-create`. */
  action: string;
  message: string;
  /** Never tried: an action it needs failed, which its message names (counted apart from the failures tried). */
  notAttempted?: true;
  /** Refused by Grafana's folder check (12/13's 500 `access denied to folder`): running again fails alike until the folder grants Edit. */
  folderEditNeeded?: true;
  /**
   * Refused because the folder's permissions hide the dashboard or folder from these credentials (a read of it answered
   * 403, or a create found its uid taken by a folder no read shows): running again does not change it.
   */
  folderHidden?: true;
  /** With folderHidden: the tree has that folder at its top level, so no move to the top level hid it (its own permissions did): no move back helps. */
  hidingFolderAtTop?: true;
  /**
   * With folderHidden: a create refused whose read was refused too: Grafana holds a dashboard of that uid already, in a folder
   * these credentials cannot see (not the tree's folder it was to go to). A new plan, once they can see it, not this one again.
   */
  hiddenElsewhere?: true;
  /** Refused with 403 Forbidden: these credentials may not do it, which running again does not change. */
  forbidden?: true;
  /** A delete not sent because its backup could not be written (BackupWriteError): the backup directory's disk, not Grafana. */
  backupUnwritten?: true;
  /** With backupUnwritten: the write's error code (EFBIG, ENOSPC, EACCES…), which the closing's advice follows. */
  backupWriteCode?: string;
  /** Refused because another tool manages the dashboard or its folder (describeManagedElsewhere): running again does not change it. */
  managedElsewhere?: true;
  /**
   * A write of it may have landed all the same: one went out and Grafana's answer does not show it was not processed
   * (a 500, a proxy's 503 after passing it on, or an earlier send that got no answer). Absent: none of its writes landed (each refused with a 4xx or 503,
   * or never sent: no connection), or it sent none.
   */
  mayHaveLanded?: true;
  /** A delete that may have landed, read back and found still there: a send of it may still be processed (its outcome is not known). */
  stillThereWhenReadBack?: true;
  /** `unknown` only: Grafana answered the write with success and its answer was cut off (AnswerCutOffError): it landed, and what Grafana holds could not be read back. */
  answered?: true;
  /** With `answered`: the read back after it found something other than what was sent (saved or deleted again since?). */
  readBackDiffers?: true;
  /** What a new plan resolves (the folder it writes is gone, its file changed since the plan): the step its line ends with, in the words of the shell (renderFailure). */
  planAgain?: PlanAgainStep;
  /**
   * With notAttempted: the folder it goes into (or one above it) could not be created because a folder made in Grafana
   * after the plan holds its uid (that folder's conflict): this uid. Running the same plan again meets it again; a new plan does not.
   */
  folderCreatedSince?: string;
}

/** One planned action, by name: what a stopped apply did not start. */
interface ApplyActionRef {
  kind: ResourceKind;
  uid: string;
  /** e.g. `update`, `delete`, `folder-create`. */
  action: string;
}

/** A backup written before a delete that did not happen (or may not have): the dashboard or library panel it holds. */
export interface BackupNotDeleted {
  kind: ResourceKind;
  uid: string;
  file: string;
  delete: 'not-made' | 'unknown';
  /** With `unknown`: read back after the delete and found still there, and a send of the delete may still be processed. */
  stillThereWhenReadBack?: true;
}

/** Why an apply stopped starting new work before the end of the plan: Ctrl-C, a 401, or no answer from Grafana. */
type ApplyStop = 'interrupt' | 'unauthorized' | 'unreachable' | 'writes-refused';

/**
 * The deletes whose backup is, or may be, the only copy, by uid: `dashboards`, Grafana kept no "Recently deleted" entry of
 * them (legacy SQL storage, "Recently deleted" off, purged with deleteMode "hard"); `libraryPanels`, every pruned library
 * panel (Grafana keeps no "Recently deleted" of library panels in any release); `storageUnseen`, dashboards deleted through
 * /api on Grafana 12, which keeps them there only on unified storage, which /api does not show; `trashUnknown`, dashboards
 * deleted where Grafana's settings could not be read to tell (TrashAfterDelete `unknown`).
 */
export interface BackupOnlyCopy {
  dashboards: string[];
  libraryPanels: string[];
  storageUnseen: string[];
  trashUnknown: string[];
}

export interface ApplyResult {
  created: string[];
  updated: string[];
  moved: string[];
  deleted: string[];
  /** Saves that changed nothing: Grafana already held exactly this (another run saved it, or a plan applied twice). */
  unchanged: string[];
  foldersCreated: string[];
  /** Folders renamed (title only). */
  foldersUpdated: string[];
  /** Folders moved under another parent (renamed too, or not). */
  foldersMoved: string[];
  foldersDeleted: string[];
  foldersUnchanged: string[];
  libraryPanelsCreated: string[];
  libraryPanelsUpdated: string[];
  libraryPanelsMoved: string[];
  libraryPanelsDeleted: string[];
  /** Library panel saves that changed nothing: Grafana already held exactly this. */
  libraryPanelsUnchanged: string[];
  /** Written backups, one per dashboard or library panel the run was about to delete (or to rename for a name handover). */
  backups: string[];
  /**
   * Of `backups`, those of deletes this run did not make (`unknown`: whether it landed is not known; `not-made`: not sent, or
   * refused): what they hold is still in Grafana, or may be. Set by the run (createApplyRun); absent: none.
   */
  backupsNotDeleted?: BackupNotDeleted[];
  /** The deletes whose backup is, or may be, the only copy of what they deleted (BackupOnlyCopy). Absent: none. */
  backupOnlyCopy?: BackupOnlyCopy;
  /**
   * Prune deletes the saved plan could not judge (DashboardAction.ownerNotJudged) that this apply held, by uid: `others`, its
   * history shows dashsync did not save it last (another tool's, or made in Grafana); `uncommitted`, dashsync saved it last from a
   * file no commit held (`[uncommitted]`), which that plan could not show; `unread`, it could not be read here either (these credentials may not, or Grafana could not list it).
   * Never deleted nor backed up; not among `deleted`. Absent: none.
   */
  deletesHeld?: { uid: string; owner: DeleteHeldOwner }[];
  /**
   * The saves (created, updated, moved) of dashboard files HEAD did not hold as they were (an edit not committed, a file git
   * does not track): their version messages say `[uncommitted]`, and every other checkout's plan counts them as someone
   * else's change until a commit holds them (the apply's warning says so). Absent: none.
   */
  pushedUncommitted?: { uid: string; file: string }[];
  /**
   * The tree's dashboards the plan could neither read nor write (its `unreadable` warnings: a folder's permissions hide them
   * from these credentials), held: nothing was written for them, and the apply does not succeed. `folderUid`: the folder
   * their files go to (null = General). Absent: none.
   */
  unreadable?: { uid: string; file: string; folderUid: string | null }[];
  /**
   * The tree's dashboards the plan read whose files go to a folder hidden from these credentials (its `unreadable` warnings'
   * `readable`), held: not moved there, as no write there can succeed; the apply does not succeed. Absent: none.
   */
  notMovedIntoHidden?: { uid: string; file: string; folderUid: string | null }[];
  /**
   * The tree's dashboards the plan read whose write uses a library panel of the tree in a folder hidden from these credentials
   * (its `unreadable` warnings' `usesPanels`), held: that panel is never written, so their save would show it as an error; the
   * apply does not succeed. `folderUid`: the hidden folder that holds the panel. Absent: none.
   */
  usesHiddenPanels?: { uid: string; file: string; folderUid: string | null }[];
  /**
   * Creates of a file whose uid changed in place, not made as the old uid's delete is held (their `skipped` lines say why): the
   * tree's file is in Grafana under neither uid, so the apply does not succeed (review-65a L2). Absent: none.
   */
  uidChangesHeld?: string[];
  /** The tree's library panels in a folder the plan could not see (its `unreadable` warnings' `libraryPanels`), held: the apply does not succeed. Absent: none. */
  unreadableLibraryPanels?: { uid: string; file: string; folderUid: string | null }[];
  /** Deletes Grafana kept in "Recently deleted" although --delete-mode hard asked to purge them (Grafana 12 and later). Absent: none. */
  keptDespiteHard?: number;
  /**
   * Deleted dashboards Grafana 11 keeps in its "Recently deleted", which these credentials may not list (TrashAfterDelete
   * `kept-for-admins`): only an org Admin can take them back, and the trash keeps their uids taken, so their backups cannot
   * go in either; the backups line's restore commands need an org Admin's credentials (rev-69c L1). Absent: none.
   */
  deletedForAdmins?: string[];
  /**
   * Saves that landed, though Grafana could not connect a library panel the dashboard uses (it does not have it): the
   * panel shows an error in Grafana. Counted among created/updated/moved too; the apply does not succeed. Absent: none.
   */
  missingLibraryPanels?: { uid: string; libraryPanels: string[] }[];
  /**
   * Pruned library panels this run renamed to hand their name over (`from` the name the plan saw, `to` the handover name):
   * one whose delete did not follow keeps that name in Grafana. Absent: none.
   */
  libraryPanelsRenamed?: { uid: string; from: string; to: string }[];
  conflicts: ApplyConflict[];
  failures: ApplyFailure[];
  /** Writes Grafana stopped answering about, and that could not be read back: they may or may not have landed. */
  unknown: ApplyFailure[];
  /** Work deliberately not done, with the reason (e.g. a folder that is not empty). */
  skipped: { uid: string; kind: ResourceKind; reason: string }[];
  /** Set when Ctrl-C, a 401 or an unreachable Grafana stopped the apply from starting new work. */
  stoppedBy: ApplyStop | null;
  /** The error that stopped it (a 401 or no answer), as one line; null otherwise. */
  stopReason: string | null;
  /**
   * Whether a write of this run may have landed: a save, move, delete or rename done, or a write that went out and got no
   * answer or one that may mean it was processed (each action's WriteTally: writeMayHaveLanded). Set by the run
   * (createApplyRun); absent in results made elsewhere, which count as having written (nothingApplied).
   */
  mayHaveWritten?: boolean;
  /** For a stop on no answer: the proxy that gave none (`the proxy http://host:port (from HTTPS_PROXY)`), not Grafana. Absent: Grafana, or no proxy. */
  stoppedAtProxy?: string;
  /** For a 401: the variables the refused credentials came from, when known (GRAFANA_TOKEN_STAGING). */
  stopCredentialsFrom?: string;
  /** For a 401 of credentials the selected environment took from the generic variables (its own unset): that environment. */
  stopCredentialsFallbackFor?: string;
  /** Planned actions (folders and dashboards) never started because the apply stopped. */
  notStarted: ApplyActionRef[];
}

export function emptyApplyResult(): ApplyResult {
  return {
    created: [],
    updated: [],
    moved: [],
    deleted: [],
    unchanged: [],
    foldersCreated: [],
    foldersUpdated: [],
    foldersMoved: [],
    foldersDeleted: [],
    foldersUnchanged: [],
    libraryPanelsCreated: [],
    libraryPanelsUpdated: [],
    libraryPanelsMoved: [],
    libraryPanelsDeleted: [],
    libraryPanelsUnchanged: [],
    backups: [],
    conflicts: [],
    failures: [],
    unknown: [],
    skipped: [],
    stoppedBy: null,
    stopReason: null,
    notStarted: [],
  };
}

/**
 * Whether the run stopped (Ctrl-C, a 401, no answer, every write refused) with no write of it that may have landed:
 * Grafana is untouched. The one rule for every stop reason, in text, JSON (`nothingApplied`) and the Action's summary,
 * from the per-write facts the run gathers (mayHaveWritten): a write Grafana refused with an answer (a 4xx, a 503) or
 * that never found a connection did not land; one done, unanswered or answered otherwise may have.
 */
export function nothingApplied(result: ApplyResult): boolean {
  return result.stoppedBy !== null && result.mayHaveWritten === false;
}

/** A result's writes whose landing is not known: the unknown ones, and the failures whose write may have landed all the same. */
export function writesThatMayHaveLanded(result: ApplyResult): ApplyFailure[] {
  return [...result.unknown, ...result.failures.filter((failure) => failure.mayHaveLanded)];
}

export function applySucceeded(result: ApplyResult): boolean {
  return result.conflicts.length === 0 && result.failures.length === 0 && result.unknown.length === 0 && result.stoppedBy === null && !result.missingLibraryPanels?.length && !result.unreadable?.length && !result.notMovedIntoHidden?.length && !result.usesHiddenPanels?.length && !result.uidChangesHeld?.length && !result.unreadableLibraryPanels?.length;
}

/**
 * How one action of the plan ended (`held`: a prune delete whose owner the plan could not judge, not dashsync's: ApplyResult.deletesHeld); `backed-up` is a step of a delete (its backup is on disk, the delete is about to be
 * sent), `warning` something said about an action that goes ahead (a backup without its folder chain), `renamed` a step of
 * a library panel delete that hands its name over (it was renamed; its delete comes after the dashboards that hold it).
 */
type ApplyOutcome = 'created' | 'updated' | 'moved' | 'deleted' | 'held' | 'unchanged' | 'conflict' | 'failed' | 'unknown' | 'skipped' | 'not-started' | 'backed-up' | 'warning' | 'renamed';

/**
 * What a folder update changed: `titleBefore`, the title it had (absent: not renamed); `into`, the parent it went into
 * (absent: not moved; uid null: the top level; title null: a folder the plan does not name).
 */
export interface FolderChange {
  titleBefore?: string;
  into?: { uid: string | null; title: string | null };
}

/** What a deleted object was named, and its version, when the delete went out (where the plan saw otherwise). */
export interface DeletedAs {
  title: string;
  version: number;
}

/** One action finished (or was not started, or a delete's backup was written): emitted as it happens, so a shell can stream the apply. */
export interface ApplyEvent {
  kind: ResourceKind;
  uid: string;
  title: string;
  /** The plan's verb: create, update, move, delete. */
  action: string;
  outcome: ApplyOutcome;
  /** The file the action pushes (dashboards; null for deletes and folders). */
  file: string | null;
  /** Why it failed, was skipped or changed nothing; for a delete done, whether Grafana kept it in "Recently deleted"; for a save done, that Grafana migrated it (the plan's schema-migration note); a warning's words. */
  message?: string;
  /** The backup written before a delete (`backed-up`). */
  backup?: string;
  /** The version Grafana gave a save (or a handover's rename), when it said. */
  version?: number;
  /** The version a delete removed, where it is not the one the plan saw (a handover's rename made one). */
  versionBefore?: number;
  /** A --force save that replaced a version the plan did not see: which one. */
  forcedOver?: ForcedOver;
  conflict?: ApplyConflict;
  /** A save Grafana answered 2xx whose read back Ctrl-C cut off: done, at the version the answer gave (READ_BACK_CUT). */
  readBackCut?: true;
  /** A folder update done: what it changed (its title, its parent), as its line says it. */
  folderChange?: FolderChange;
  /** A `warning` that the deletes exceed a limit the plan was reviewed against, or the config's, which this run's lets through (`message` in the CLI's words). */
  raisedDeleteLimit?: RaisedDeleteLimit;
  /** A failure a new plan resolves: the step its line ends with (ApplyFailure.planAgain). */
  planAgain?: PlanAgainStep;
  /** An `unknown` write Grafana answered with success before its answer was cut off (ApplyFailure.answered). */
  answered?: true;
  /** With `answered`: its read back found something other than what was sent (ApplyFailure.readBackDiffers). */
  readBackDiffers?: true;
}

/** Why the apply of a saved plan held a prune delete whose owner that plan could not judge (judgeOwnerBeforeDelete; ApplyResult.deletesHeld). */
export type DeleteHeldOwner = 'others' | 'uncommitted' | 'unread';
