import { AuthError, GrafanaHttpError, PlanFileError, RequestInterruptedError } from '../errors.js';
import type { GrafanaPort, WriteTally } from '../grafana/port.js';
import { countWritesInto, writeMayHaveLanded } from '../grafana/write-tally-scope.js';
import type { RestoreTarget } from './plan-restores.js';
import { restoreDashboard, type RestoreOutcome } from './restore-dashboards.js';
import { restoreSourceOf, type RestoreSource } from './restore-source.js';
import type { RestoreFolder } from './restore-from-trash.js';
import { restoreLibraryPanel, type LibraryPanelRestoreOutcome } from './restore-library-panel.js';
import type { WritesInFlight } from './writes-in-flight.js';
import type { OtherEnvironmentBackups } from './find-other-environment-backups.js';
import type { RunSelection } from '../report/next-command.js';

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
  /** Ctrl-C cut it off after one of its writes went out: whether it is back is not known. */
  | { kind: 'unknown'; work: RestoreWork; message: string };

export interface RestoresResult {
  /** Uids whose outcome was reported (restored, refused, exists, …). */
  answered: number;
  unknown: RestoreWork[];
  /** Not started: Ctrl-C came first (or cut it off before any of its writes went out). */
  notStarted: RestoreWork[];
  interrupted: boolean;
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
  /** Ctrl-C: no new uid starts; the one in flight ends when the Grafana port's signal is this one (createGrafanaPort). */
  signal?: AbortSignal;
  /** Where the shell sees, at any moment, the uid whose writes went out unanswered (a second Ctrl-C names it). */
  inFlight?: WritesInFlight<RestoreWork>;
  onEvent: (event: RestoreEvent) => void;
}

/**
 * Restores the targets one after another (planRestores' order: library panels first). One uid's
 * failure does not stop the others; a 401 does (thrown). Ctrl-C stops starting new ones: the one
 * in flight finishes within the grace, or is reported unknown when a write of it went out and
 * not started when none did; the rest are not started.
 */
export async function runRestores(targets: readonly RestoreTarget[], options: RunRestoresOptions): Promise<RestoresResult> {
  const result: RestoresResult = { answered: 0, unknown: [], notStarted: [], interrupted: false };
  for (const target of targets) {
    const work: RestoreWork = { uid: target.uid, kind: target.kind === 'library-panel' || target.kind === 'library-panel-elsewhere' ? 'library-panel' : 'dashboard' };
    if (options.signal?.aborted) {
      result.notStarted.push(work);
      continue;
    }
    // Every write of this uid's restore is counted, through whichever helper sends it: Ctrl-C then tells not started from
    // unknown; every retry of its requests names it.
    const tally: WriteTally = { sent: 0, about: work };
    const end = options.inFlight?.begin(work, tally);
    try {
      options.onEvent(await countWritesInto(tally, () => restoreOne(target, options)));
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
      // One uid's failure (a refused save, an unreadable backup) does not stop the others; a 401 does.
      if (!(error instanceof GrafanaHttpError || error instanceof PlanFileError) || error instanceof AuthError) throw error;
      options.onEvent({ kind: 'failed', work, message: error.message });
      result.answered += 1;
    } finally {
      end?.();
    }
  }
  result.interrupted = options.signal?.aborted ?? false;
  return result;
}

async function restoreOne(target: RestoreTarget, options: RunRestoresOptions): Promise<RestoreEvent> {
  const { grafana, into } = options;
  if (target.kind === 'unreadable') return { kind: 'failed', work: { uid: target.uid, kind: 'dashboard' }, message: target.message };
  if (target.kind === 'library-panel') return { kind: 'library-panel', outcome: await restoreLibraryPanel(target.found, { grafana, into }) };
  if (target.kind === 'library-panel-elsewhere') {
    return { kind: 'library-panel', outcome: { uid: target.uid, kind: 'not-found', backupDir: options.backupDir, source: (options.source ?? (await restoreSourceOf(grafana))).shown, elsewhere: target.elsewhere } };
  }
  const given = target.given === undefined ? {} : { given: target.given };
  const source = options.source === undefined ? {} : { source: options.source };
  const others = options.otherBackupDirs === undefined ? {} : { otherBackupDirs: options.otherBackupDirs };
  const selection = options.selection === undefined ? {} : { selection: options.selection };
  const context = { grafana, backupDir: options.backupDir, message: options.message, into, ...given, ...source, ...others, ...selection };
  return { kind: 'dashboard', outcome: await restoreDashboard(target.uid, context) };
}
