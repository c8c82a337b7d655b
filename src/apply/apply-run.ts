import { BackupWriteError } from './write-file-durably.js';
import { describeManagedElsewhere } from './managed-elsewhere.js';
import { NO_REASON_GIVEN } from '../grafana/http/describe-error-body.js';
import { AnswerCutOffError, AuthError, GrafanaHttpError, InputError, isHiddenByFolder, NotLandedError, ownPermissionsHide, PermissionError, PlanFileError, RequestInterruptedError, UnreachableError, unreachableBehind } from '../errors.js';
import { planAgainStepOf } from '../report/plan-again.js';
import { isFolderMove, type PlanAction, type ResourceKind } from '../plan/types.js';
import type { WriteTally } from '../grafana/port.js';
import { writeMayHaveLanded } from '../grafana/write-tally-scope.js';
import { describeStillThere, stillThereMark } from './read-back.js';
import { emptyApplyResult, type ApplyConflict, type BackupNotDeleted, type DeletedAs, type DeleteHeldOwner, type FolderChange, type ApplyEvent, type ApplyFailure, type ApplyResult, type ForcedOver } from './types.js';
import { quoteText } from '../report/escape-untrusted.js';

/** Shared state of one apply: the result being filled, each outcome reported once as it happens, and whether new work may still start. */
export interface ApplyRun {
  readonly result: ApplyResult;
  /** True once Ctrl-C arrived, Grafana answered 401, or Grafana stopped answering: nothing new starts. */
  stopped(): boolean;
  /**
   * The action is about to send its requests, its writes counted into `tally` (whether one may have landed decides
   * nothingApplied): a refusal of its writes counts only against refusals known before it began.
   */
  started(action: PlanAction, tally: WriteTally): void;
  /**
   * `as`: what it turned out to be when that differs from the planned action (an update with --force that created a deleted dashboard),
   * or for a delete, the name and version the deleted object had when they are not the plan's (a handover renamed it).
   * `message`: what else the line says (a delete: whether Grafana kept it in "Recently deleted"; a save: Grafana's migration of it).
   */
  done(action: PlanAction, extra?: { version?: number | null; as?: 'created' | DeletedAs; message?: string; forcedOver?: ForcedOver; readBackCut?: true; folderChange?: FolderChange }): void;
  /** The action changed nothing: Grafana already held what it wanted. */
  unchanged(action: PlanAction, message: string): void;
  /** A delete's backup is on disk; the delete is about to be sent. */
  backedUp(action: PlanAction, path: string): void;
  /** Something the user should know about an action that goes ahead (a backup without its folder chain). */
  warned(action: PlanAction, message: string): void;
  /** A library panel delete's first step: the panel was renamed `to` to hand its name over (`message` says why). */
  renamed(action: PlanAction, to: string, message: string, version: number | null): void;
  conflict(action: PlanAction, conflict: ApplyConflict): void;
  /** A prune delete whose owner the plan could not judge, held (DeleteHeldOwner: why). `message`: its line's words. */
  held(action: PlanAction, owner: DeleteHeldOwner, message: string): void;
  skipped(action: PlanAction, reason: string): void;
  notStarted(action: PlanAction): void;
  /**
   * Records a failed action; a 401 or no answer from Grafana stops the run (every later request
   * would fail alike). One that Ctrl-C cut off is not started when none of its writes went out or Grafana
   * refused each (`tally`: the action's, counted by the request layer), and unknown when one may have landed;
   * any other failure is marked mayHaveLanded when its tally says so.
   */
  fail(action: PlanAction, error: unknown, tally: WriteTally): void;
  /** An action not tried because one it needs failed (`reason` names that one): a failure, counted as not attempted. */
  blocked(action: PlanAction, reason: string, mark?: Pick<ApplyFailure, 'planAgain' | 'folderCreatedSince'>): void;
  /** A write whose outcome Grafana did not confirm and that could not be read back. */
  unknown(action: PlanAction, error: unknown): void;
  /** Fills `stoppedBy` at the end. */
  finish(): ApplyResult;
}

/**
 * After this many writes in a row failed after their retries with the same server error, Grafana is taken to refuse every
 * write (maintenance, a read-only database): no new change starts. A 4xx is about one dashboard and never counts.
 * "In a row" holds at any concurrency: each counted write began after the one before it was refused, and no write
 * Grafana answered otherwise (saved, a conflict, a 4xx) ended in between. Writes sent together into the same few bad
 * seconds are one sign, not several (at --concurrency 8 a short outage fails all 8), and a save that lands while
 * they retry shows Grafana takes writes.
 */
const WRITES_REFUSED_STOP = 5;

/** The status of a write that failed after its retries with a server error that says Grafana is down for writes, else null. */
function writeRefusedAfterRetries(error: unknown): number | null {
  if (!(error instanceof GrafanaHttpError) || error.method === 'GET' || error.attempts < 2) return null;
  return error.status === 502 || error.status === 503 || error.status === 504 ? error.status : null;
}

/** What an action's line says when Grafana stopped answering: the error itself is told once, when the apply stops. */
/** A write's line when no answer came: from Grafana, or from the proxy between (which the stop line names). */
function describeNoAnswer(error: UnreachableError): string {
  // Grafana answered: the write was processed, only what it answered is lost (no reason to stop the run: stopOn).
  if (error instanceof AnswerCutOffError) return 'Grafana answered it with success, then its answer was cut off before its end';
  return error.atProxy === undefined ? 'no answer from Grafana' : 'no answer through the proxy';
}
/** Ctrl-C ended a later request of an action whose write had gone out (a save on /apis reads the object back). */
const INTERRUPTED_AFTER_WRITE = 'interrupted after its write was sent';

/**
 * `topLevelFolders`: the tree's folders at its top level (the plan's folder actions whose parent is none): a refusal through
 * one of those is its own permissions, never a move to the top level (hidingFolderOf).
 */
export function createApplyRun(signal: AbortSignal | undefined, onEvent?: (event: ApplyEvent) => void, topLevelFolders: ReadonlySet<string> = new Set()): ApplyRun {
  const result = emptyApplyResult();
  // Set by every outcome that may have written something (a refused or unsent write did not); with `tallies`, every
  // started action's writes as the request layer counted them, it decides whether the run may have written (finish).
  let mayHaveWritten = false;
  const tallies: WriteTally[] = [];
  const backedUpFor: BackedUp[] = [];
  let stop: { by: 'unauthorized' | 'unreachable' | 'writes-refused'; reason: string; credentialsFrom?: string; credentialsFallbackFor?: string; atProxy?: string } | null = null;
  // Writes in a row that failed after their retries with the same server error (502/503/504): their status and count.
  // `counted`: how many refusals were counted so far; each action records it as it starts (`begunAfter`).
  let refusedInARow = { status: 0, count: 0 };
  let counted = 0;
  const begunAfter = new Map<PlanAction, number>();
  const countRefusal = (action: PlanAction, error: unknown) => {
    const status = writeRefusedAfterRetries(error);
    if (status === null) {
      refusedInARow = { status: 0, count: 0 };
      return;
    }
    // Sent before the last counted refusal was known: it met the same bad moment, and tells nothing more.
    if (status === refusedInARow.status && (begunAfter.get(action) ?? counted) < counted) return;
    refusedInARow = { status, count: status === refusedInARow.status ? refusedInARow.count + 1 : 1 };
    counted += 1;
    if (stop === null && refusedInARow.count >= WRITES_REFUSED_STOP) stop = { by: 'writes-refused', reason: `HTTP ${status} to ${WRITES_REFUSED_STOP} writes in a row, each after its retries` };
  };
  const emit = (action: PlanAction, outcome: ApplyEvent['outcome'], extra: Partial<ApplyEvent> = {}) =>
    onEvent?.({ kind: action.kind, uid: action.uid, title: action.title, action: action.action, outcome, file: fileOf(action), ...extra });
  const stopOn = (error: unknown) => {
    if (stop === null && error instanceof AuthError) stop = { by: 'unauthorized', reason: error.message, credentialsFrom: error.credentialsFrom, credentialsFallbackFor: error.credentialsFallbackFor };
    const unreachable = unreachableBehind(error);
    if (stop === null && unreachable !== null) stop = { by: 'unreachable', reason: unreachable.message, ...(unreachable.atProxy !== undefined && { atProxy: unreachable.atProxy }) };
  };
  const record = (list: ApplyFailure[], action: PlanAction, outcome: 'failed' | 'unknown', message: string, mark: Pick<ApplyFailure, 'notAttempted' | 'folderEditNeeded' | 'folderHidden' | 'hidingFolderAtTop' | 'hiddenElsewhere' | 'forbidden' | 'mayHaveLanded' | 'stillThereWhenReadBack' | 'planAgain' | 'answered' | 'readBackDiffers' | 'folderCreatedSince'> = {}) => {
    list.push({ uid: action.uid, title: action.title, action: label(action), message, ...mark });
    emit(action, outcome, { message, ...(mark.planAgain !== undefined && { planAgain: mark.planAgain }), ...(mark.answered && { answered: true as const }), ...(mark.readBackDiffers && { readBackDiffers: true as const }) });
  };
  /**
   * The write refusals already explained, by kind and Grafana's words (names in quotes left out:
   * /apis names the object): a Viewer token's 500 refused saves get the hint once, then a short line each.
   */
  const refusalsExplained = new Set<string>();
  const describe = (action: PlanAction, error: unknown): string => {
    if (!isMissingWritePermission(error)) return describeFailure(error);
    const key = `${action.kind} ${error.grafanaMessage.replace(/"[^"]*"/g, '""')}`;
    const folder = folderWrittenBy(action);
    // Grafana's words are the same in every folder: the short line names this one (review-69b L1).
    if (refusalsExplained.has(key)) return `${error.method} ${error.path} failed: HTTP ${error.status}, refused as above (no write permission${folder === null ? '' : ` on ${nameFolder(folder)}`})`;
    refusalsExplained.add(key);
    return folder === null ? describeFailure(error) : `${error.message}${folderPermissionHint(folder)}`;
  };
  const notStarted = (action: PlanAction) => {
    result.notStarted.push({ kind: action.kind, uid: action.uid, action: label(action) });
    emit(action, 'not-started');
  };
  return {
    result,
    stopped: () => stop !== null || (signal?.aborted ?? false),
    started(action, tally) {
      begunAfter.set(action, counted);
      tallies.push(tally);
    },
    done(action, extra = {}) {
      countRefusal(action, null);
      mayHaveWritten = true;
      const outcome = extra.as === 'created' ? extra.as : doneOutcome(action);
      listFor(result, action, outcome).push(action.uid);
      emit(action, outcome, {
        ...(typeof extra.as === 'object' ? { title: extra.as.title, versionBefore: extra.as.version } : {}),
        ...(extra.version == null ? {} : { version: extra.version }),
        ...(extra.message ? { message: extra.message } : {}),
        ...(extra.forcedOver ? { forcedOver: extra.forcedOver } : {}),
        ...(extra.readBackCut ? { readBackCut: true } : {}),
        ...(extra.folderChange ? { folderChange: extra.folderChange } : {}),
      });
    },
    unchanged(action, message) {
      (action.kind === 'folder' ? result.foldersUnchanged : action.kind === 'library-panel' ? result.libraryPanelsUnchanged : result.unchanged).push(action.uid);
      emit(action, 'unchanged', { message });
    },
    backedUp(action, path) {
      result.backups.push(path);
      backedUpFor.push({ kind: action.kind, uid: action.uid, label: label(action), file: path });
      emit(action, 'backed-up', { backup: path });
    },
    warned(action, message) {
      emit(action, 'warning', { message });
    },
    renamed(action, to, message, version) {
      countRefusal(action, null);
      mayHaveWritten = true;
      (result.libraryPanelsRenamed ??= []).push({ uid: action.uid, from: action.title, to });
      emit(action, 'renamed', { message, ...(version === null ? {} : { version }) });
    },
    conflict(action, conflict) {
      // Grafana answered the write (412, 409): it takes writes.
      countRefusal(action, null);
      result.conflicts.push(conflict);
      emit(action, 'conflict', { conflict });
    },
    held(action, owner, message) {
      (result.deletesHeld ??= []).push({ uid: action.uid, owner });
      emit(action, 'held', { message });
    },
    skipped(action, reason) {
      result.skipped.push({ uid: action.uid, kind: action.kind, reason });
      emit(action, 'skipped', { message: reason });
    },
    notStarted,
    fail(action, error, tally) {
      if (error instanceof RequestInterruptedError) {
        // Ctrl-C cut this action off: not started when none of its writes went out or Grafana refused each, else it may have landed.
        if (!writeMayHaveLanded(tally)) notStarted(action);
        else {
          mayHaveWritten = true;
          // Cut in the wait to send its write again: the write's own words (after what, and whether that send may have landed).
          const resendCut = error.resend !== undefined && error.method !== 'GET';
          record(result.unknown, action, 'unknown', `${resendCut ? error.message : INTERRUPTED_AFTER_WRITE}${describeStillThere(error)}`, stillThereMark(error));
        }
        return;
      }
      if (error instanceof AnswerCutOffError) {
        // Grafana answered it 2xx (it landed), and the read back after it found something else there: never a failure to retry.
        mayHaveWritten = true;
        record(result.unknown, action, 'unknown', describeNoAnswer(error), { answered: true, readBackDiffers: true });
        return;
      }
      // Read back and not there (NotLandedError): it was sent, yet nothing of it landed.
      const landed = writeMayHaveLanded(tally) && !(error instanceof NotLandedError);
      if (landed) mayHaveWritten = true;
      stopOn(error);
      countRefusal(action, error);
      if ((error instanceof UnreachableError || error instanceof AuthError) && tally.sent === 0) {
        // The run stops (stopOn) before any write of this one went out: no answer, or a 401, to its read before the save (or
        // no connection for its write). As one Ctrl-C cut off before its write: not started, counted with those the stop
        // kept from starting, and done by the run its line asks for. A write sent and refused keeps its `failed:` line.
        notStarted(action);
        return;
      }
      // A refusal a new plan resolves: its problem, and the step its line renders in the words of the shell that prints it.
      const step = error instanceof PlanFileError ? planAgainStepOf(error.next) : undefined;
      const managed = describeManagedElsewhere(error);
      const hiding = hidingFolderOf(action, topLevelFolders);
      const hidden = isHiddenByFolder(error);
      // A create refused (the uid is taken) whose read is refused too: Grafana holds that uid in a folder these credentials
      // cannot see, not in the one the create went to (fixh-66: a tree whose dashboards a hidden folder holds).
      const elsewhere = hidden && error instanceof PermissionError && action.kind === 'dashboard' && action.action === 'create';
      const mark = {
        ...(isFolderAccessDenied(error) && { folderEditNeeded: true as const }),
        ...(hidden && { folderHidden: true as const }),
        ...(hidden && !elsewhere && hiding.atTop && { hidingFolderAtTop: true as const }),
        ...(elsewhere && { hiddenElsewhere: true as const }),
        ...(managed !== null ? { managedElsewhere: true as const } : error instanceof PermissionError && { forbidden: true as const }),
        ...(landed && { mayHaveLanded: true as const }),
        ...(error instanceof BackupWriteError && { backupUnwritten: true as const, backupWriteCode: error.code }),
        ...(step !== undefined && { planAgain: step }),
      };
      const hiddenBy = error instanceof PermissionError && hidden ? ` (${elsewhere ? describeHeldElsewhere(hiding.uid) : describeHidingFolder(action, hiding)})` : '';
      const message = step !== undefined ? (error as PlanFileError).problem : error instanceof UnreachableError ? describeNoAnswer(error) : `${describe(action, error)}${managed === null ? '' : ` (${managed})`}${hiddenBy}`;
      record(result.failures, action, 'failed', message, mark);
    },
    blocked(action, reason, mark = {}) {
      record(result.failures, action, 'failed', `not attempted: ${reason}`, { notAttempted: true, ...mark });
    },
    unknown(action, error) {
      mayHaveWritten = true;
      stopOn(error);
      const message = error instanceof UnreachableError ? describeNoAnswer(error) : describeFailure(error);
      record(result.unknown, action, 'unknown', `${message}${describeStillThere(error)}`, error instanceof AnswerCutOffError ? { answered: true } : stillThereMark(error));
    },
    finish() {
      result.stoppedBy = signal?.aborted ? 'interrupt' : (stop?.by ?? null);
      result.stopReason = stop?.reason ?? null;
      result.mayHaveWritten = mayHaveWritten || tallies.some(writeMayHaveLanded);
      if (stop?.credentialsFrom !== undefined) result.stopCredentialsFrom = stop.credentialsFrom;
      if (stop?.credentialsFallbackFor !== undefined) result.stopCredentialsFallbackFor = stop.credentialsFallbackFor;
      if (stop?.atProxy !== undefined) result.stoppedAtProxy = stop.atProxy;
      const notDeleted = findBackupsNotDeleted(result, backedUpFor);
      if (notDeleted.length > 0) result.backupsNotDeleted = notDeleted;
      return result;
    },
  };
}

/**
 * The backups whose delete the run did not make: a backup is written just before its delete is sent, and Ctrl-C, a stop or
 * a refusal may come in between. `unknown` when its delete may have landed (no answer, or one that does not show it was not processed).
 */
function findBackupsNotDeleted(result: ApplyResult, backedUp: readonly BackedUp[]): BackupNotDeleted[] {
  const deleted = (kind: ResourceKind) => (kind === 'library-panel' ? result.libraryPanelsDeleted : result.deleted);
  const writeOf = (backup: BackedUp) =>
    [...result.unknown, ...result.failures.filter((failure) => failure.mayHaveLanded)].find((write) => write.uid === backup.uid && write.action === backup.label);
  return backedUp
    .filter((backup) => !deleted(backup.kind).includes(backup.uid))
    .map((backup) => {
      const write = writeOf(backup);
      if (write === undefined) return { kind: backup.kind, uid: backup.uid, file: backup.file, delete: 'not-made' as const };
      return { kind: backup.kind, uid: backup.uid, file: backup.file, delete: 'unknown' as const, ...(write.stillThereWhenReadBack && { stillThereWhenReadBack: true as const }) };
    });
}

/** A backup the run wrote, and the action (`label`: `delete`, `library-panel-delete`) it was written for. */
interface BackedUp {
  kind: ResourceKind;
  uid: string;
  label: string;
  file: string;
}

function describeFailure(error: unknown): string {
  if (error instanceof InputError) return error.diagnostics.map((d) => `${d.file}${d.line ? `:${d.line}:${d.col ?? 1}` : ''}: ${d.message}`).join('; ');
  if (isMissingWritePermission(error)) return `${error.message}${WRITE_PERMISSION_HINT}`;
  return error instanceof Error ? error.message : String(error);
}

/** The folder a dashboard's write goes to, with its title where the plan read it there; null for General and other kinds. */
function folderWrittenBy(action: PlanAction): { uid: string; title: string | null } | null {
  if (action.kind !== 'dashboard' || action.folderUid === null) return null;
  const title = action.live !== null && action.live.folderUid === action.folderUid ? action.live.folderTitle : null;
  return { uid: action.folderUid, title };
}

/**
 * A folder's permissions may take Edit from Editors: a refused Editor token is told which folder and which permission,
 * not only the role it has (walk-68b L1).
 */
function folderPermissionHint(folder: { uid: string; title: string | null }): string {
  return ` (these credentials may not write here: they need Edit permission on ${nameFolder(folder)}, which the Editor role or higher in this org gives unless that folder's permissions leave Editors out, and a grant on it to the account or its team gives too)`;
}

/** `folder "Ops" (f-ops)`, or `folder f-ops` where the plan did not see its title. */
function nameFolder(folder: { uid: string; title: string | null }): string {
  return folder.title === null ? `folder ${folder.uid}` : `folder ${quoteText(folder.title)} (${folder.uid})`;
}

const WRITE_PERMISSION_HINT = ' (these credentials may not write here: they need the Editor role or higher in this org, or Edit permission on the folder)';

/**
 * A write refused for a missing role or permission, in either API's words: `/api`'s RBAC
 * ("You'll need additional permissions …"), role check ("Permission denied") or service
 * ("Access denied to save dashboard"); `/apis`' authorizer ("… is forbidden: User "…" cannot
 * create resource …"), or no words at all (12.3+ and 13 refuse in the storage: a 403 Status without a
 * message). Other 403s (a folder holding library panels in use, 13.2's manager identity) say what they
 * are about and get no role hint.
 */
function isMissingWritePermission(error: unknown): error is PermissionError {
  if (!(error instanceof PermissionError) || error.method === 'GET') return false;
  return error.grafanaMessage === NO_REASON_GIVEN || /additional permissions|permission denied|^access denied|is forbidden: User .* cannot /i.test(error.grafanaMessage);
}

/**
 * A write Grafana 12/13's own folder check refused before the save (a move into, or on 13.1+ a create in, a folder
 * these credentials may not edit): a 500 whose words are `access denied to folder`, which no retry changes.
 */
function isFolderAccessDenied(error: unknown): boolean {
  return error instanceof GrafanaHttpError && error.method !== 'GET' && error.status === 500 && /^access denied to folder/i.test(error.grafanaMessage);
}

/** `create`, `update`, … for dashboards; `folder-create`, `library-panel-update`, … for the others (as failures and conflicts name them). */
/** How an outcome line names the action: `update`, `delete`, `folder-create`, `library-panel-update`. */
/** The plan's word for an action: a folder update that changes the parent is the plan's `folder-move`. */
export function label(action: PlanAction): string {
  if (action.kind === 'dashboard') return action.action;
  if (action.kind === 'folder' && isFolderMove(action)) return 'folder-move';
  return `${action.kind}-${action.action}`;
}

function fileOf(action: PlanAction): string | null {
  return action.kind === 'folder' ? null : action.file;
}

function doneOutcome(action: PlanAction): ApplyEvent['outcome'] {
  if (action.action === 'create') return 'created';
  // A folder moves by an update of its parent (the saved plan's `update`): counted and said as a move.
  if (action.action === 'move' || (action.kind === 'folder' && isFolderMove(action))) return 'moved';
  if (action.action === 'delete') return 'deleted';
  return 'updated';
}

function listFor(result: ApplyResult, action: PlanAction, outcome: ApplyEvent['outcome']): string[] {
  if (action.kind === 'folder') {
    return outcome === 'created' ? result.foldersCreated : outcome === 'moved' ? result.foldersMoved : outcome === 'deleted' ? result.foldersDeleted : result.foldersUpdated;
  }
  if (action.kind === 'library-panel') {
    const lists = { created: result.libraryPanelsCreated, moved: result.libraryPanelsMoved, deleted: result.libraryPanelsDeleted };
    return lists[outcome as keyof typeof lists] ?? result.libraryPanelsUpdated;
  }
  return outcome === 'created' ? result.created : outcome === 'moved' ? result.moved : outcome === 'deleted' ? result.deleted : result.updated;
}

/** The folder whose permissions would hide an action's dashboard or folder (the folder itself, or the dashboard's), and whether the tree has it at its top level. */
function hidingFolderOf(action: PlanAction, topLevelFolders: ReadonlySet<string>): { uid: string | null; atTop: boolean } {
  const uid = action.kind === 'folder' ? action.uid : action.kind === 'dashboard' ? action.folderUid : null;
  return { uid, atTop: uid !== null && (topLevelFolders.has(uid) || (action.kind === 'folder' && action.parentUid === null)) };
}

/**
 * A create Grafana refused whose read it refused too: it holds a dashboard of that uid already, in a folder these credentials
 * cannot see (`folderUid`: the tree's, where the create went, which does not hide it). A new plan sets it apart once they can see it.
 */
function describeHeldElsewhere(folderUid: string | null): string {
  const into = folderUid === null ? 'the General level' : `folder ${folderUid}`;
  return (
    'Grafana holds a dashboard of this uid already, in a folder these credentials cannot see (its create and a read of it were refused): not created; ' +
    `grant them View on the folder that holds it in Grafana (Edit to apply), or move it in Grafana into ${into}, where the tree has it, then plan again`
  );
}

/**
 * A read Grafana refused (403) of a dashboard or folder the plan saw: the folder whose permissions hide it from these
 * credentials, whatever their role (a folder moved to the top level in Grafana keeps no role grants of its own; one the
 * tree has at the top level was not moved there: its own permissions were changed, and no move back helps).
 */
function describeHidingFolder(action: PlanAction, hiding: { uid: string | null; atTop: boolean }): string {
  const folderUid = hiding.uid;
  const folder = folderUid === null ? 'its folder' : `folder ${folderUid}`;
  const grant = `the permissions of ${folder} hide it from these credentials, whatever their role: grant them Edit on ${folderUid === null ? 'it' : 'that folder'}`;
  if (hiding.atTop) return `${grant} (${ownPermissionsHide('that folder')})`;
  return `${grant}, or move ${folderUid === null ? 'it' : 'that folder'} back ${action.kind === 'folder' && action.parentUid !== null ? `under folder ${action.parentUid}, ` : ''}where the tree has it`;
}
