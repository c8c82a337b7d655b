import type { TreeFolder } from '../files/find-tree-folder.js';
import { AnswerCutOffError, AuthError, GrafanaHttpError, NotLandedError, PlanFileError, RequestInterruptedError, SaveUnconfirmedError, TrashListFailedError, unreachableBehind } from '../errors.js';
import type { GrafanaPort, WriteTally } from '../grafana/port.js';
import { countWritesInto, writeMayHaveLanded } from '../grafana/write-tally-scope.js';
import type { RestoreTarget } from './plan-restores.js';
import { restoreDashboard, type RestoreOutcome } from './restore-dashboards.js';
import { restoreSourceOf, type RestoreSource } from './restore-source.js';
import type { RestoreFolder } from './restore-from-trash.js';
import { restoreLibraryPanel, type LibraryPanelRestoreOutcome } from './restore-library-panel.js';
import type { WritesInFlight } from './writes-in-flight.js';
import type { LibraryPullRecord } from '../pull/library-pull-record.js';
import { libraryPanelFileText } from '../files/library-panel-file-text.js';
import type { OtherEnvironmentBackups } from './find-other-environment-backups.js';
import type { RunSelection } from '../report/next-command.js';
import { shorten } from '../report/shorten-path.js';
import { describeTrashListFailed } from '../report/describe-trash-list-failed.js';

/** A uid restore works on, as its lines name it: `redis-exporter`, `library panel lp-cpu`. */
export interface RestoreWork {
  uid: string;
  kind: 'dashboard' | 'library-panel';
}

/** One uid's outcome, reported the moment it is known. */
export type RestoreEvent =
  | { kind: 'dashboard'; outcome: RestoreOutcome }
  | { kind: 'library-panel'; outcome: LibraryPanelRestoreOutcome }
  /** Nothing was restored for it (`message` says why: a refused request, an unreadable backup). */
  | { kind: 'failed'; work: RestoreWork; message: string }
  /**
   * Ctrl-C cut it off after one of its writes went out: whether it is back is not known. `landed`: Grafana answered a write
   * of it 2xx and the answer was cut off mid-body, and the read back after it did not find what was sent (or failed).
   */
  | { kind: 'unknown'; work: RestoreWork; message: string; landed?: true };

export interface RestoresResult {
  /** Uids whose outcome was reported (restored, refused, exists, …). */
  answered: number;
  unknown: RestoreWork[];
  /** Not started: the run stopped first (or Ctrl-C cut it off before any of its writes went out). */
  notStarted: RestoreWork[];
  /** Why it stopped starting new uids: Ctrl-C (or SIGTERM), a 401, or no answer from Grafana; null when it went to the end. */
  stoppedBy: 'interrupt' | 'unauthorized' | 'unreachable' | null;
  /** The error that stopped it (a 401 or no answer), as one line; null otherwise. */
  stopReason: string | null;
  /** For a 401: the variables the refused credentials came from, when known (GRAFANA_TOKEN_STAGING). */
  stopCredentialsFrom?: string;
  /** For a 401 of credentials the selected environment took from the generic variables (its own unset): that environment. */
  stopCredentialsFallbackFor?: string;
  /** The uid whose failure stopped it (a 401, no answer): told as failed, and restored by running again, as those not started. */
  stoppedOn?: RestoreWork;
  /** Whether a write of this run may have landed (each uid's WriteTally: writeMayHaveLanded); a restored uid's did. */
  mayHaveWritten: boolean;
  /** Whether a write of this run was sent at all (Grafana may have refused each): "before the first write" or "before any write landed". */
  triedWrites: boolean;
}

/**
 * Whether the run stopped (Ctrl-C, a 401, no answer) with no write of it that may have landed: Grafana is untouched. The
 * rule apply's nothingApplied follows, from the same per-write tallies: a write Grafana refused with an answer (a 4xx, a
 * 503) or that never left (no connection, or Ctrl-C while it waited for one) did not land.
 */
export function nothingRestored(result: RestoresResult): boolean {
  return result.stoppedBy !== null && !result.mayHaveWritten;
}

export interface RunRestoresOptions {
  grafana: GrafanaPort;
  backupDir: string;
  /** The config's other environments' backup directories, searched too (one Grafana org split by environment directories). */
  otherBackupDirs?: readonly OtherEnvironmentBackups[];
  message: string;
  into?: RestoreFolder;
  /** Whose backups are taken (default this Grafana and org). */
  source?: RestoreSource;
  /** The run's, repeated in a command an error names. */
  selection?: RunSelection;
  /** The run's working directory, which a backup that cannot be read is named from. */
  cwd?: string;
  /** The folder of a uid as the tree's `_folder.json` names it: one a trash entry was deleted from, gone, is created from it. */
  treeFolder?: (folderUid: string) => Promise<TreeFolder | null>;
  /** --over-recently-deleted: a backup goes in even where "Recently deleted" may hide a newer copy from these credentials. */
  overTrash?: true;
  /**
   * The record of the tree's pulls and applies (LibraryPullRecord), which a library panel restored is noted in as an apply's
   * push is: a later pull takes a change made in Grafana over a file holding what the backup put back. Absent: none is noted.
   */
  libraryPulls?: Pick<LibraryPullRecord, 'note'>;
  /** Ctrl-C: no new uid starts; the one in flight ends when the Grafana port's signal is this one (createGrafanaPort). */
  signal?: AbortSignal;
  /** Where the shell sees, at any moment, the uid whose writes went out unanswered (a second Ctrl-C names it). */
  inFlight?: WritesInFlight<RestoreWork>;
  onEvent: (event: RestoreEvent) => void;
}

/**
 * Restores the targets one after another (planRestores' order: library panels first). One uid's
 * failure does not stop the others; a 401 or no answer from Grafana does (every later request would
 * fail alike): the rest are not started. Ctrl-C stops starting new ones: the one in flight finishes
 * within the grace, or is reported unknown when a write of it went out and not started when none
 * did; the rest are not started.
 */
export async function runRestores(targets: readonly RestoreTarget[], options: RunRestoresOptions): Promise<RestoresResult> {
  const result: RestoresResult = { answered: 0, unknown: [], notStarted: [], stoppedBy: null, stopReason: null, mayHaveWritten: false, triedWrites: false };
  const tallies: WriteTally[] = [];
  let stop: Pick<RestoresResult, 'stoppedBy' | 'stopReason' | 'stopCredentialsFrom' | 'stopCredentialsFallbackFor' | 'stoppedOn'> | null = null;
  for (const target of targets) {
    const work: RestoreWork = { uid: target.uid, kind: target.kind === 'library-panel' || target.kind === 'library-panel-elsewhere' ? 'library-panel' : 'dashboard' };
    if (options.signal?.aborted || stop !== null) {
      result.notStarted.push(work);
      continue;
    }
    // Every write of this uid's restore is counted, through whichever helper sends it: Ctrl-C then tells not started from
    // unknown; whether the run may have written comes from these; every retry of its requests names it.
    const tally: WriteTally = { sent: 0, about: work };
    tallies.push(tally);
    const end = options.inFlight?.begin(work, tally);
    try {
      const event = await countWritesInto(tally, () => restoreOne(target, options));
      options.onEvent(event);
      result.answered += 1;
    } catch (error) {
      if (error instanceof RequestInterruptedError) {
        if (!writeMayHaveLanded(tally)) result.notStarted.push(work);
        else {
          result.unknown.push(work);
          options.onEvent({ kind: 'unknown', work, message: error.message });
        }
        continue;
      }
      // Grafana answered a write of it 2xx, its answer cut off mid-body, and the read back did not find what was sent: it
      // landed, what Grafana holds is not known. Grafana answers: the run goes on (apply's rule).
      // Either's read back may have met no answer: Grafana is gone, and the run stops as at any request that meets none.
      if (error instanceof AnswerCutOffError) {
        result.unknown.push(work);
        options.onEvent({ kind: 'unknown', work, message: error.message, landed: true });
        stop ??= unreachableStop(error, work);
        continue;
      }
      // Answered 2xx in words that do not show the save, and not found as sent when read back: whether it is back is not known.
      if (error instanceof SaveUnconfirmedError) {
        result.unknown.push(work);
        options.onEvent({ kind: 'unknown', work, message: error.message });
        stop ??= unreachableStop(error, work);
        continue;
      }
      // A save answered 2xx and not there when read back (NotLandedError): failed, as a refusal is.
      if (!(error instanceof GrafanaHttpError || error instanceof PlanFileError || error instanceof NotLandedError)) throw error;
      // "Recently deleted" could not be listed, which restore asks before any backup: said as that, not as a bare request.
      if (error instanceof TrashListFailedError) {
        options.onEvent({ kind: 'failed', work, message: describeTrashListFailed(work.uid, error.message) });
        result.answered += 1;
        continue;
      }
      // One uid's failure (a refused save, an unreadable backup) does not stop the others; a 401 or no answer does.
      if (error instanceof AuthError) stop = { stoppedBy: 'unauthorized', stopReason: error.message, stoppedOn: work, ...(error.credentialsFrom !== undefined && { stopCredentialsFrom: error.credentialsFrom }), ...(error.credentialsFallbackFor !== undefined && { stopCredentialsFallbackFor: error.credentialsFallbackFor }) };
      else stop ??= unreachableStop(error, work);
      options.onEvent({ kind: 'failed', work, message: error.message });
      result.answered += 1;
    } finally {
      end?.();
    }
  }
  return {
    ...result,
    ...(options.signal?.aborted ? { stoppedBy: 'interrupt' as const, stopReason: null } : stop),
    mayHaveWritten: tallies.some(writeMayHaveLanded),
    triedWrites: tallies.some((tally) => tally.sent > 0),
  };
}

/** The stop where a restore's request, or the read back after its save, met no answer (unreachableBehind); null otherwise. */
function unreachableStop(error: unknown, work: RestoreWork): Pick<RestoresResult, 'stoppedBy' | 'stopReason' | 'stoppedOn'> | null {
  const unreachable = unreachableBehind(error);
  return unreachable === null ? null : { stoppedBy: 'unreachable', stopReason: unreachable.message, stoppedOn: work };
}

async function restoreOne(target: RestoreTarget, options: RunRestoresOptions): Promise<RestoreEvent> {
  const { grafana, into } = options;
  if (target.kind === 'unreadable') return { kind: 'failed', work: { uid: target.uid, kind: 'dashboard' }, message: target.message };
  if (target.kind === 'library-panel') {
    const outcome = await restoreLibraryPanel(target.found, { grafana, into });
    // Grafana holds the backup's panel again, under the name restore gave it (Grafana keeps no history of a panel: its record).
    if (outcome.kind === 'restored') await options.libraryPulls?.note(outcome.uid, libraryPanelFileText({ uid: outcome.uid, name: outcome.name, model: target.found.backup.element.model }), outcome.version);
    return target.named && outcome.kind === 'exists' && outcome.elementKind === 1 ? refuseOverwrite({ uid: target.uid, kind: 'library-panel' }, outcome.version, target.found.path, options.cwd) : { kind: 'library-panel', outcome };
  }
  if (target.kind === 'library-panel-elsewhere') {
    return { kind: 'library-panel', outcome: { uid: target.uid, kind: 'not-found', backupDir: options.backupDir, source: (options.source ?? (await restoreSourceOf(grafana))).shown, elsewhere: target.elsewhere } };
  }
  const given = target.given === undefined ? {} : { given: target.given };
  const source = options.source === undefined ? {} : { source: options.source };
  const others = options.otherBackupDirs === undefined ? {} : { otherBackupDirs: options.otherBackupDirs };
  const selection = options.selection === undefined ? {} : { selection: options.selection };
  const cwd = options.cwd === undefined ? {} : { cwd: options.cwd };
  const treeFolder = options.treeFolder === undefined ? {} : { treeFolder: options.treeFolder };
  const overTrash = options.overTrash === true ? { overTrash: true as const } : {};
  const context = { grafana, backupDir: options.backupDir, message: options.message, into, ...given, ...source, ...others, ...selection, ...cwd, ...treeFolder, ...overTrash };
  const outcome = await restoreDashboard(target.uid, context);
  if (target.given !== undefined && outcome.kind === 'exists') return refuseOverwrite({ uid: target.uid, kind: 'dashboard' }, outcome.version, target.given.path, options.cwd);
  // A uid no backup names is taken for a dashboard: one nowhere to be found may be a live library panel (audit-ux-19 F-5).
  if (outcome.kind === 'not-found' && target.given === undefined) {
    const panel = await grafana.getLibraryPanel(target.uid);
    if (panel !== null && panel.kind === 1) return { kind: 'library-panel', outcome: { uid: panel.uid, kind: 'exists', version: panel.version, elementKind: panel.kind } };
  }
  return { kind: 'dashboard', outcome };
}

/**
 * --from-backup asked for that file's content, and Grafana holds the uid: restore never overwrites, so the file's content is
 * not there, and the run fails (a plain restore of a uid Grafana holds has nothing to do, and passes).
 */
function refuseOverwrite(work: RestoreWork, version: number, backup: string, cwd: string | undefined): RestoreEvent {
  return { kind: 'failed', work, message: `Grafana holds it (version ${version}), and restore never overwrites what Grafana holds: ${shorten(backup, cwd)} was not put back` };
}
