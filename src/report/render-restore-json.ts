import type { FolderRef } from '../apply/read-folder-chain.js';
import type { OtherEnvironmentBackups } from '../apply/find-other-environment-backups.js';
import { backedUpKey, type BackedUpSelection, type BackedUpUid } from '../apply/list-backed-up-uids.js';
import type { UidPreview } from '../apply/preview-restore-source.js';
import type { RestoreFolder } from '../apply/restore-from-trash.js';
import { describeBackupSource, type BackupFromElsewhere } from '../apply/read-newest-backup-file.js';
import { nothingRestored, type RestoreEvent, type RestoresResult, type RestoreWork } from '../apply/run-restores.js';
import { DASHSYNC_VERSION } from '../version.js';
import { describeRestoreEvent } from './describe-restore-event.js';
import type { RestoreRerun } from './render-restore-stop.js';
import { renderJsonLine } from './json-lines.js';
import type { PastedWord, RunSelection } from './next-command.js';
import { failedTrashList, refusedOverUnreadTrash, unreadableBackupRefuses, type OtherEnvironmentUids } from './render-bulk-restore.js';
import type { RestoreTally } from './render-restore-count.js';
import { toRetriedJson, type RetrySummary } from './retry-count.js';
import { shorten } from './shorten-path.js';
import { describeTrashListFailed } from './describe-trash-list-failed.js';

/**
 * restore's JSON Lines (`dashsync restore --format json`), documented in docs/pull-restore-json.md and versioned on its own:
 * one object per line as it happens, the last one `{"type":"result"}`. Every `text` is the text log's line for it,
 * from the same describe functions, unescaped.
 */
const RESTORE_JSON_FORMAT_VERSION = 1;

/**
 * The first line: what this run restores from (`source`: whose backups; `backupSource`: --backup-source's URL as shown;
 * `backupDirMissing`: the config file's `backupDir` does not exist on this machine, so no backup of it can be restored).
 */
export function renderRestoreStartLine(context: { uids: readonly string[]; all: boolean; dryRun: boolean; source: string; backupDir: string; backupDirMissing: boolean; fromBackup: string | null }): string {
  return renderJsonLine({
    type: 'start',
    formatVersion: RESTORE_JSON_FORMAT_VERSION,
    output: 'dashsync restore --format json',
    tool: { name: 'dashsync', version: DASHSYNC_VERSION },
    uids: context.all ? null : [...new Set(context.uids)],
    all: context.all,
    dryRun: context.dryRun,
    backupSource: context.source,
    backupDir: context.backupDir,
    backupDirMissing: context.backupDirMissing,
    fromBackup: context.fromBackup,
  });
}

/** `restore --all`: what it found before anything is written (`text`: the text log's lines for it). */
export function renderRestoreSelectionLine(
  selection: BackedUpSelection,
  since: string | null,
  text: readonly string[],
  otherEnvironments: readonly OtherEnvironmentUids[],
  /** The uids the run would not restore, by backedUpKey (a dry run's `would-restore` lines, or the run's `failed` ones, say why): listed apart from `toRestore`. */
  refused: ReadonlySet<string> = new Set(),
): string {
  const entry = ({ uid, kind, deletedAt }: BackedUpSelection['absent'][number]) => ({ kind, uid, deletedAt });
  return renderJsonLine({
    type: 'selection',
    toRestore: selection.absent.filter((absent) => !refused.has(backedUpKey(absent))).map(entry),
    wouldNotRestore: selection.absent.filter((absent) => refused.has(backedUpKey(absent))).map(entry),
    present: selection.present,
    older: selection.older,
    deletedSince: since,
    elsewhere: [...selection.elsewhere].map(([source, count]) => ({ source, count })),
    otherEnvironments: otherEnvironments.map(({ environment, backupDir, uids }) => ({ environment, backupDir, uids })),
    unreadableBackups: selection.unreadableHeld.map(({ kind, uid, flaw }) => ({ kind, uid, problem: flaw })),
    text: text.join('\n'),
  });
}

/**
 * `restore --dry-run` (with `--all` or uids): one uid, what it would restore and from where (`from`, `backup`), or why it
 * would not (`reason`: `error` with `message` — the run fails on it: its "Recently deleted" list failed —, `name-taken`, `unreadable-backup`, `trash-not-read`, `trash-newer`, `trash-hidden` with `trashSeen`, `trash-keeps-uid`, `exists`, `not-found`).
 */
export function renderWouldRestoreLine(preview: UidPreview, text: string, cwd: string, into?: RestoreFolder): string {
  const entry = preview.verdict === 'would' ? preview.entry : null;
  const from = preview.verdict === 'would' ? preview.from : null;
  // Where it would go: --folder's choice, else the backup's folder (or, for a dashboard whose folder is gone, that folder).
  const gone = preview.verdict === 'trash-folder-gone' || preview.verdict === 'trash-general-folder-gone' ? { uid: preview.folderUid, title: null } : null;
  const fromTree = preview.verdict === 'would' ? preview.folderFromTree?.folder : undefined;
  const folder = into !== undefined ? (preview.verdict === 'would' ? into : null) : (fromTree ?? entry?.folder ?? gone);
  return renderJsonLine({
    type: 'would-restore',
    kind: preview.kind,
    uid: preview.uid,
    title: entry?.title ?? null,
    folderUid: folder?.uid ?? null,
    folderTitle: folder?.title ?? null,
    folderGone: gone ? 'not-restored' : fromTree ? 'created-again' : (entry?.folderGone ?? null),
    deletedAt: entry?.deletedAt ?? null,
    nameTakenBy: entry?.nameTakenBy ?? null,
    from: from === null ? null : from.kind === 'recently-deleted' ? 'recently-deleted' : 'backup',
    backup: from?.kind === 'backup' ? shorten(from.path, cwd) : null,
    otherEnvironment: from?.kind === 'backup' ? describeOtherEnvironment(from.otherEnvironment, cwd) : null,
    reason: preview.verdict === 'would' ? wouldNotRestoreReason(preview, entry) : preview.verdict,
    // As the run's `failed` line says it (review-68a L5).
    ...(from?.kind === 'backup' && from.trashHidden !== undefined && wouldNotRestoreReason(preview, entry) === 'trash-hidden' && { trashSeen: from.trashHidden.seen }),
    // As the run's `failed` line says it: reason `error`, its message the list's failure.
    ...(failedTrashList(preview) !== null && { message: describeTrashListFailed(preview.uid, failedTrashList(preview)!) }),
    text,
  });
}

/** Why a dry run's uid that has a backup to restore would not be restored (null: it would be). */
function wouldNotRestoreReason(preview: UidPreview, entry: BackedUpUid | null): string | null {
  if (failedTrashList(preview) !== null) return 'error';
  if (unreadableBackupRefuses(preview)) return 'unreadable-backup';
  if (refusedOverUnreadTrash(preview) !== null) return 'trash-not-read';
  if (preview.verdict === 'would' && preview.from?.kind === 'backup' && preview.from.trashNewer !== undefined) return 'trash-newer';
  if (preview.verdict === 'would' && preview.from?.kind === 'backup' && preview.from.trashKeepsUid === true) return 'trash-keeps-uid';
  if (preview.verdict === 'would' && preview.from?.kind === 'backup' && preview.from.trashHidden !== undefined) return 'trash-hidden';
  const holder = entry?.heldByAnother;
  if (holder !== undefined) return holder.historyFrom === undefined ? 'held-by-another' : 'held-history-trimmed';
  return entry?.nameTakenBy === undefined ? null : 'name-taken';
}

/** How a restored uid's line names where its backup came from: the run's source, or for --from-backup the backup's own. */
export interface RestoreEventContext {
  cwd: string;
  source: string;
  /** This run's selection, repeated in the commands a line gives as advice. */
  selection?: RunSelection;
  /** How the command a line gives as advice repeats this run's flags (RestoreRerun). */
  rerun?: RestoreRerun;
  /** The run's --backup-source as its advice gives it (pastedUrlOf). */
  backupSource?: string | PastedWord;
}

/** One uid's outcome, the moment it is known. */
export function renderRestoreEventLine(event: RestoreEvent, context: RestoreEventContext): string {
  const { text } = describeRestoreEvent(event, context.cwd, context.selection, context.rerun ?? null, context.backupSource);
  return renderJsonLine({ ...restoreEventFields(event, context), text });
}

/** The type and the fields of one outcome: `restored`, `skipped` (Grafana holds it: nothing to restore), `failed`, `unknown`. */
function restoreEventFields(event: RestoreEvent, context: RestoreEventContext): object {
  if (event.kind === 'failed' || event.kind === 'unknown') {
    return { type: event.kind, kind: event.work.kind, uid: event.work.uid, title: null, ...(event.kind === 'failed' && { reason: 'error' }), message: event.message };
  }
  if (event.kind === 'library-panel') {
    const { outcome } = event;
    const base = { kind: 'library-panel', uid: outcome.uid };
    switch (outcome.kind) {
      case 'restored':
        return { ...restoredFromBackup(base, outcome.name, outcome, context), answerLost: outcome.answerCutOff === true, versionBefore: null, versionAfter: outcome.version };
      case 'exists':
        return outcome.elementKind === 1
          ? { type: 'skipped', ...base, title: null, reason: 'exists', versionBefore: outcome.version, versionAfter: null }
          : { type: 'failed', ...base, title: null, reason: 'library-variable', versionBefore: outcome.version, versionAfter: null };
      case 'name-taken':
        return { type: 'failed', ...base, title: outcome.name, reason: outcome.kind, folderUid: outcome.folderUid, handoverName: outcome.handoverName ?? null };
      case 'refused':
        return { type: 'failed', ...base, title: null, reason: outcome.kind, message: outcome.message };
      case 'not-found':
        return { type: 'failed', ...base, title: null, reason: outcome.kind, elsewhere: describeElsewhere(outcome.elsewhere, context.cwd), otherEnvironment: null };
    }
  }
  const { outcome } = event;
  const base = { kind: 'dashboard', uid: outcome.uid };
  switch (outcome.kind) {
    case 'restored-from-trash': {
      // Where it went as read back after it, else as --folder or the folder created again name it (none when the read failed).
      const folder = outcome.folderRecreated ? outcome.folderRecreated.folder : outcome.folder !== undefined ? outcome.folder : outcome.moved !== undefined ? null : outcome.into;
      const version = outcome.version ?? outcome.moved ?? null;
      return {
        type: 'restored',
        ...base,
        title: outcome.title,
        from: 'recently-deleted',
        ...(folder !== undefined && folderFields(folder)),
        readBackCut: outcome.readBackCut === true,
        versionBefore: null,
        versionAfter: version,
      };
    }
    case 'restored-not-moved':
      // Back, but not where it was asked to go: a failure of that uid, its folder and version as Grafana holds it now.
      return { type: 'failed', ...base, title: outcome.title, reason: outcome.kind, from: 'recently-deleted', ...folderFields(outcome.folder), message: outcome.why, versionBefore: null, versionAfter: outcome.version };
    case 'restored-from-backup':
      return {
        ...restoredFromBackup(base, outcome.title, outcome, context),
        answerLost: outcome.answerLost !== undefined,
        readBackCut: outcome.readBackCut === true,
        libraryPanelsMissing: outcome.libraryPanelsMissing ?? null,
        ...(outcome.metadataDropped && { metadataDropped: outcome.metadataDropped }),
        versionBefore: null,
        versionAfter: outcome.version,
      };
    case 'exists':
      return { type: 'skipped', ...base, title: null, reason: 'exists', versionBefore: outcome.version, versionAfter: null };
    case 'unwritable':
    case 'trash-not-read':
    case 'trash-keeps-uid':
      return { type: 'failed', ...base, title: null, reason: outcome.kind, ...backupFields(outcome.backup, context) };
    case 'trash-hidden':
      return { type: 'failed', ...base, title: null, reason: outcome.kind, ...backupFields(outcome.backup, context), trashSeen: outcome.seen };
    case 'trash-newer':
      return { type: 'failed', ...base, title: null, reason: outcome.kind, ...backupFields(outcome.backup, context), deletedAt: outcome.backupDeletedAt, trashDeletedAt: outcome.entry.deletedAt, trashDeletedBy: outcome.entry.deletedBy || null };
    case 'refused':
      return { type: 'failed', ...base, title: null, reason: outcome.kind, message: outcome.message };
    case 'taken':
      return { type: 'failed', ...base, title: null, reason: outcome.kind, holder: outcome.holder };
    case 'held-by-another':
      return {
        type: 'failed',
        ...base,
        title: outcome.backupTitle,
        reason: outcome.holder.historyFrom === undefined ? outcome.kind : 'held-history-trimmed',
        holder: outcome.holder,
        ...backupFields(outcome.backup, context),
        deletedAt: outcome.deletedAt,
      };
    case 'not-found':
      return { type: 'failed', ...base, title: null, reason: outcome.kind, elsewhere: describeElsewhere(outcome.elsewhere, context.cwd), otherEnvironment: null };
    case 'trash-folder-gone':
    case 'trash-general-folder-gone':
      return { type: 'failed', ...base, title: null, reason: outcome.kind };
  }
}

/** `folderUid` and `folderTitle` of the folder a uid was restored into (both null: the General level). */
/** The fields a restore from a backup begins with, a library panel's and a dashboard's alike. */
function restoredFromBackup(
  base: { kind: string; uid: string },
  title: string | null,
  outcome: { folder: FolderRef | null; backup: string; otherEnvironment?: OtherEnvironmentBackups },
  context: RestoreEventContext,
): object {
  return {
    type: 'restored',
    ...base,
    title,
    from: 'backup',
    ...folderFields(outcome.folder),
    ...backupFields(outcome.backup, context),
    otherEnvironment: describeOtherEnvironment(outcome.otherEnvironment, context.cwd),
  };
}

function backupFields(path: string, context: RestoreEventContext): { backup: string; backupSource: RestoreEventContext['source'] } {
  return { backup: shorten(path, context.cwd), backupSource: context.source };
}

function folderFields(folder: FolderRef | null): { folderUid: string | null; folderTitle: string | null } {
  return { folderUid: folder?.uid ?? null, folderTitle: folder?.title ?? null };
}

/** The other environment whose directory held the backup restored (from this Grafana and org); null when it was this run's. */
function describeOtherEnvironment(other: OtherEnvironmentBackups | undefined, cwd: string): object | null {
  return other === undefined ? null : { environment: other.environment, backupDir: shorten(other.backupDir, cwd) };
}

/** The backups of a uid from another Grafana URL or org, newest first: the source as safe to print, and the file. */
function describeElsewhere(elsewhere: readonly BackupFromElsewhere[], cwd: string): object[] {
  return elsewhere.map((found) => ({ source: describeBackupSource(found.source), backup: shorten(found.path, cwd), deletedAt: found.deletedAt }));
}

/** The "no file in the tree" advice after the restores: the uids it is about (one, or those one removal took), and its words. */
export function renderNoFileLine(uids: readonly string[], text: string, prunedBy?: string): string {
  return renderJsonLine({ type: 'no-file', uids, text, ...(prunedBy !== undefined && { prunedBy }) });
}

/** A warning about the run as a whole, after the restores (content notes: the saves that went without one, `uids`), in the text output's words. */
export function renderRestoreWarningLine(uids: readonly string[], text: string): string {
  return renderJsonLine({ type: 'warning', uids, text });
}

/** The last line of a restore that ran (`dryRun`: `restore --all --dry-run`, which restored nothing; `retried`: as apply's result line). */
export function renderRestoreResultLine(
  tally: RestoreTally,
  result: RestoresResult | null,
  context: { dryRun: boolean; text: string | null; retried: RetrySummary | null; exitCode: number },
): string {
  const work = (list: readonly RestoreWork[]) => list.map(({ kind, uid }) => ({ kind, uid }));
  return renderJsonLine({
    type: 'result',
    dryRun: context.dryRun,
    counts: { restored: { dashboards: tally.dashboards, libraryPanels: tally.libraryPanels }, ...(tally.foldersCreated > 0 && { foldersCreated: tally.foldersCreated }), present: tally.present, failed: tally.failed, unknown: result?.unknown.length ?? 0, notStarted: result?.notStarted.length ?? 0 },
    unknown: work(result?.unknown ?? []),
    notStarted: work(result?.notStarted ?? []),
    interrupted: result?.stoppedBy === 'interrupt',
    stoppedBy: result?.stoppedBy ?? null,
    stopReason: result?.stopReason ?? null,
    ...(result !== null && nothingRestored(result) && { nothingRestored: true }),
    retried: context.retried && toRetriedJson(context.retried),
    text: context.text,
    exitCode: context.exitCode,
  });
}
