import { dirname } from 'node:path';
import { LiveNumberInexactError } from './live-number-inexact-error.js';
import pLimit from 'p-limit';
import { GrafanaHttpError, RequestInterruptedError } from '../errors.js';
import type { DashboardListing, GrafanaPort, ListedSave, LiveDashboard, LiveLibraryPanel } from '../grafana/port.js';
import { pullDashboardTarget, type AwaitingHistory, type AwaitingInputs, type PullTargetContext, type PullTargetResult } from './pull-dashboard-target.js';
import { inFileOrder, type FileNotes } from './file-notes-in-order.js';
import { pullLibraryPanelTarget } from './pull-library-panel-target.js';
import { RELIST_FROM } from '../grafana/k8s/read-dashboards.js';
import { countWritesInto } from '../grafana/write-tally-scope.js';
import { recordDashboard } from './record-dashboard.js';
import { recordLibraryPanel } from './record-library-panel.js';
import type { DashboardTarget, FileLibraryUses, LibraryPanelTarget, PullPlan, PullResult } from './types.js';
import { plural } from '../plural.js';
import { describePlaceholdersStillAsText, type PlaceholderAsText } from './find-placeholders-held-as-text.js';
import { renderNextCommand } from '../report/next-command.js';
import { compareCodeUnitsBy } from '../compare-code-units.js';
import { describeWriteInError } from '../files/file-error-reasons.js';

/**
 * How many dashboards whose committed files Grafana's version would replace wait before git is asked about them (and, on
 * `/api`, how many are fetched before git is asked): one history read per batch (and one read of the last commits of those
 * whose placeholders wait for their commit's inputs), and the models awaiting git's answer stay bounded.
 */
const HISTORY_BATCH = 1000;

export interface WritePulledDashboardsInput {
  plan: Pick<PullPlan, 'dashboards' | 'folders'>;
  context: PullTargetContext;
  /** Receives the counts, events, problems and notes; `interrupted` when the signal stopped the writes. */
  result: PullResult;
  /** Directories writeFolderTargets could not make safely: nothing is written into them. */
  failedDirs: ReadonlySet<string>;
  /** The folders' directories the tree did not have (writeFolderTargets' `newDirs`): a refused move's merge steps take back the `_folder.json` pull writes there. */
  newFolderDirs?: ReadonlySet<string>;
  /**
   * Root-relative dashboard file → its uid and the library panels it uses; kept up to date as files are written (the library
   * panels a removed `_library/` file is written back for, and --prune).
   */
  usesByFile: Map<string, FileLibraryUses>;
  display: (rel: string) => string;
  /** The dashboards of the pull's listing (readPullListing), from its pages where the port kept them; absent: the port's readDashboards. */
  readListed?: DashboardListing['readDashboards'];
  /** Receives the newest save, as read, of each dashboard whose file the tree did not have (PullTargetResult's `save`). */
  newFileSaves?: Map<string, ListedSave>;
  concurrency: number;
  signal?: AbortSignal;
  onProgress?: (event: { done: number; total: number }) => void;
}

/**
 * Writes the plan's dashboards (read, written and dropped, `concurrency` at a time; on `/apis` from one pass over the list pages; a
 * committed file Grafana's version would replace waits for one git read per HISTORY_BATCH such files); `usesByFile` then says
 * what each dashboard file of the tree uses, and writePulledLibraryPanels writes the library panels. A file that cannot be
 * written is an error line of its own; a Grafana error other than a v2 dashboard's 406 stops the pull: no dashboard starts
 * after it, and it is thrown once those under way have settled (nothing is written after the error line). Ctrl-C stops
 * starting new writes: what was written stays written.
 */
export async function writePulledDashboards(input: WritePulledDashboardsInput): Promise<void> {
  const { plan, context, result, display } = input;
  let unreadableHistory = 0;
  let unconvertibleHistory = 0;
  let unnamedSaver = 0;
  const metadataKept: { storage: string[]; 'none-held': string[] } = { storage: [], 'none-held': [] };
  // Files left as they are whose dashboards Grafana still holds with placeholders as text: the update is not applied yet.
  const stillAsText: { file: string; held: PlaceholderAsText[] }[] = [];
  const limit = pLimit(Math.max(1, input.concurrency));
  const total = plan.dashboards.length;
  // The directories whose _folder.json the pull keeps: a refused move's commands commit it with the file moved there (and
  // where the pull makes the directory, a merge that keeps git's move takes it back).
  const folderDirs = { withFile: new Set(plan.folders.filter((folder) => folder.folderFile !== null).map((folder) => folder.dir)), made: input.newFolderDirs ?? new Set<string>() };
  let done = 0;
  input.onProgress?.({ done, total });
  /**
   * The error that stops the pull, once one dashboard met it. Kept, not thrown where it happens: the other dashboards' steps
   * are still under way (a rejection nobody awaits yet would end the process as unhandled), and none may write after it.
   */
  let stop: { error: unknown } | null = null;
  const stopIfFailed = () => {
    if (stop !== null) throw stop.error;
  };
  // Each file's notes, problems and owner, printed in the files' order once the dashboards are written (inFileOrder), not as they finish.
  const said: FileNotes[] = [];
  /** Runs one dashboard's step and records what it gave; a step that gives null is not finished (its target is recorded later). Never rejects. */
  const settle = async (target: DashboardTarget, step: () => Promise<PullTargetResult | null>): Promise<void> => {
    if (stop !== null) return;
    const file = display(target.file);
    if (input.signal?.aborted) {
      result.interrupted = true;
      result.notStarted.push({ uid: target.uid, file });
      return;
    }
    const own: FileNotes = { file, notes: [], problems: [], owned: [] };
    try {
      refuseFailedDir(input, target.file.includes('/') ? target.file.slice(0, target.file.lastIndexOf('/')) : '');
      const written = await step();
      if (written === null) return;
      said.push(own);
      recordDashboard(result, target, written, display, folderDirs, own);
      if (written.kind === 'written') {
        if (target.previousFile !== null) input.usesByFile.delete(target.previousFile);
        input.usesByFile.set(target.file, { uid: target.uid, panels: written.libraryPanels ?? [] });
        if (written.metadataKept) metadataKept[written.metadataKept].push(target.uid);
        if (written.outcome === 'unchanged' && written.placeholdersAsText) stillAsText.push({ file, held: written.placeholdersAsText });
        if (written.save) input.newFileSaves?.set(target.uid, written.save);
        if (written.adopted?.reason === 'history-unreadable') {
          if (written.adopted.unknownBecause === 'saver-unnamed') unnamedSaver += 1;
          else if (written.adopted.unknownBecause === 'history-unconvertible') unconvertibleHistory += 1;
          else unreadableHistory += 1;
        }
      }
    } catch (error) {
      if (error instanceof RequestInterruptedError) {
        // Its fetch was cut off: its file was not touched.
        result.interrupted = true;
        result.notStarted.push({ uid: target.uid, file });
        return;
      }
      if (error instanceof GrafanaHttpError && !isStoredAsV2(error)) {
        stop ??= { error };
        return;
      }
      result.counts.failed += 1;
      said.push(own);
      own.problems.push(
        error instanceof LiveNumberInexactError
          ? { file, severity: 'error', rule: 'pull-number-inexact', message: error.message }
          : isStoredAsV2(error)
          ? { file, severity: 'error', rule: 'pull-v2-needs-apis', message: `dashboard ${target.uid} is stored as a v2 dashboard, which /api cannot read (Grafana answers 406): pull with api "auto" or "k8s" (config "api") to write it as a v2 resource file` }
          : { file, severity: 'error', rule: 'pull-write-failed', message: `dashboard ${target.uid}: ${describe(error, display)}` },
      );
    }
    done += 1;
    input.onProgress?.({ done, total });
  };
  // The files Grafana's version would replace wait for one git read of their history per HISTORY_BATCH (findUnappliedCommit), not one
  // each; those whose placeholders wait for their last commit's inputs, for one read of those files' last commits.
  const awaiting: { target: DashboardTarget; pending: AwaitingHistory }[] = [];
  const awaitingInputs: { target: DashboardTarget; pending: AwaitingInputs }[] = [];
  /** A step's result, or null where it waits for git (its target is then finished by finishAwaiting). */
  const unlessAwaiting = (target: DashboardTarget, pulled: PullTargetResult | AwaitingHistory | AwaitingInputs): PullTargetResult | null => {
    if (pulled.kind === 'awaiting-history') awaiting.push({ target, pending: pulled });
    else if (pulled.kind === 'awaiting-inputs') awaitingInputs.push({ target, pending: pulled });
    else return pulled;
    return null;
  };
  const pull = (target: DashboardTarget, listed?: { live: LiveDashboard | null }) =>
    settle(target, async () => {
      // Its requests' retries name it (a JSON run's `retry` lines, as apply's).
      const pulled = await countWritesInto({ sent: 0, about: { kind: 'dashboard', uid: target.uid } }, () => pullDashboardTarget(target, context, listed));
      return unlessAwaiting(target, pulled);
    });
  /** Asks git once about every file awaiting its answer (their histories, then the last commits of those waiting for inputs), then writes or leaves each. */
  const finishAwaiting = async () => {
    if (awaiting.length > 0) {
      const taken = awaiting.splice(0);
      const unapplied = input.signal?.aborted ? [] : await context.unappliedCommit!(taken.map(({ pending }) => pending.candidate));
      await Promise.all(taken.map(({ target, pending }, index) => limit(() => settle(target, async () => unlessAwaiting(target, await pending.finish(unapplied[index] ?? null))))));
      stopIfFailed();
    }
    if (awaitingInputs.length > 0) {
      const taken = awaitingInputs.splice(0);
      const earlier = input.signal?.aborted ? [] : await context.inputsAtFileCommit!(taken.map(({ pending }) => pending.file));
      await Promise.all(taken.map(({ target, pending }, index) => limit(() => settle(target, () => pending.finish(earlier[index] ?? [])))));
      stopIfFailed();
    }
  };
  // `/apis`: the list pages carry each dashboard (readDashboards), not one GET each, in one pass over the listing for the
  // whole pull (a listing past the kept budget is read once, not once per HISTORY_BATCH); `/api`, and a few on `/apis`
  // (one GET each there too), read one by one, so that a retry names its dashboard.
  const readListed = input.readListed ?? ((uids, options) => context.grafana.readDashboards(uids, options));
  const flush = { due: () => awaiting.length + awaitingInputs.length >= HISTORY_BATCH, run: finishAwaiting };
  const unread = takesFromListing(context.grafana, total) ? await pullListed(readListed, plan.dashboards, pull, { ...input, stopped: () => stop !== null, flush }) : plan.dashboards;
  stopIfFailed();
  for (let from = 0; from < unread.length; from += HISTORY_BATCH) {
    await Promise.all(unread.slice(from, from + HISTORY_BATCH).map((target) => limit(() => pull(target))));
    stopIfFailed();
    await finishAwaiting();
  }
  await finishAwaiting();
  const ordered = inFileOrder(said);
  result.notes.push(...ordered.notes);
  result.problems.push(...ordered.problems);
  result.owned.push(...ordered.owned);
  result.notes.push(...describeKeptMetadata(metadataKept));
  if (stillAsText.length > 0) {
    stillAsText.sort(compareCodeUnitsBy(({ file }) => file));
    result.notes.push(describePlaceholdersStillAsText(stillAsText, renderNextCommand(result.selection, 'plan')));
  }
  if (unnamedSaver > 0) {
    result.notes.push(
      `${plural(unnamedSaver, 'file')} committed in git ${unnamedSaver === 1 ? 'was' : 'were'} replaced by Grafana's version without knowing which side is newer: ` +
        "Grafana's history does not say who saved the newest version in a way dashsync can match to its own credentials (Anonymous, no saver, or GET /api/user failed). git diff shows what changed; git checkout -- <file> undoes it",
    );
  }
  if (unconvertibleHistory > 0) {
    result.notes.push(
      `${plural(unconvertibleHistory, 'file')} committed in git ${unconvertibleHistory === 1 ? 'was' : 'were'} replaced by Grafana's version without knowing which side is newer: ` +
        'Grafana could not read their version history (an entry it cannot convert; it answers 404 "No versions found"). git diff shows what changed; git checkout -- <file> undoes it',
    );
  }
  if (unreadableHistory > 0) {
    result.notes.push(
      `${plural(unreadableHistory, 'file')} committed in git ${unreadableHistory === 1 ? 'was' : 'were'} replaced by Grafana's version without knowing which side is newer: ` +
        'these credentials cannot read the version history (it needs dashboards:write: Edit on the dashboard\'s folder). git diff shows what changed; git checkout -- <file> undoes it',
    );
  }
}

export interface WritePulledLibraryPanelsInput extends Pick<WritePulledDashboardsInput, 'context' | 'result' | 'failedDirs' | 'display' | 'signal'> {
  libraryPanels: readonly LibraryPanelTarget[];
  /** The live library panels by uid, as listed. */
  livePanels: ReadonlyMap<string, LiveLibraryPanel>;
  /** Whether `--force` takes this library panel's file (`pull --force <uid…>`: only one it names). */
  forcedLibraryPanel: (uid: string) => boolean;
}

/** Writes the library panels' files, one by one, after the dashboards' (writePulledDashboards); Ctrl-C leaves the rest not started. */
export async function writePulledLibraryPanels(input: WritePulledLibraryPanelsInput): Promise<void> {
  const { context, result, display } = input;
  const notStarted = (from: number) => {
    result.interrupted = true;
    result.notStarted.push(...input.libraryPanels.slice(from).map((target) => ({ uid: target.uid, file: display(target.file), resource: 'library-panel' as const })));
  };
  for (const [index, target] of input.libraryPanels.entries()) {
    if (input.signal?.aborted) {
      notStarted(index);
      break;
    }
    try {
      refuseFailedDir(input, target.file.slice(0, target.file.lastIndexOf('/_library/') + 1).replace(/\/$/, ''));
      const written = await pullLibraryPanelTarget(target, input.livePanels.get(target.uid)!, { ...context, force: input.forcedLibraryPanel(target.uid) });
      recordLibraryPanel(result, target, written, display);
    } catch (error) {
      if (error instanceof RequestInterruptedError) {
        notStarted(index);
        break;
      }
      result.counts.failed += 1;
      result.problems.push({ file: display(target.file), severity: 'error', rule: 'pull-write-failed', message: `library panel ${target.uid}: ${describe(error, display)}` });
    }
  }
}

/** Whether writePulledDashboards takes this many dashboards from the listing's pages (`/apis`) instead of a read of each. */
export function takesFromListing(grafana: Pick<GrafanaPort, 'readsWholeOrg'>, count: number): boolean {
  return grafana.readsWholeOrg && count >= RELIST_FROM;
}

/**
 * Pulls the targets as readDashboards gives them (list pages on `/apis`; a dashboard stored in the other schema family is
 * read again there), `concurrency` at a time: the next read is taken only when one finishes, so at most a page and
 * `concurrency` models are held, and those of the files awaiting git's answer until `flush` says enough of them wait (it
 * then finishes them before the next read is taken). Stops taking reads once `stopped` says an error ends the pull. Returns
 * the targets not given (the reads were interrupted or stopped), which the caller reads one by one or records as not started.
 */
async function pullListed(
  readDashboards: DashboardListing['readDashboards'],
  targets: readonly DashboardTarget[],
  pull: (target: DashboardTarget, listed: { live: LiveDashboard | null }) => Promise<void>,
  input: Pick<WritePulledDashboardsInput, 'concurrency' | 'signal'> & { stopped: () => boolean; flush: { due: () => boolean; run: () => Promise<void> } },
): Promise<DashboardTarget[]> {
  const left = new Map(targets.map((target) => [target.uid, target]));
  const concurrency = Math.max(1, input.concurrency);
  const running = new Set<Promise<void>>();
  try {
    for await (const read of readDashboards([...left.keys()], { concurrency, signal: input.signal })) {
      if (input.stopped()) break;
      const target = left.get(read.uid);
      if (target === undefined) continue;
      left.delete(read.uid);
      const run: Promise<void> = pull(target, { live: read.live }).finally(() => running.delete(run));
      // Awaited below (race, all, allSettled), maybe only after the next read arrives: handled from now on, so that a
      // rejection meanwhile waits for that await instead of ending the process.
      run.catch(() => undefined);
      running.add(run);
      if (running.size >= concurrency) await Promise.race(running);
      // Enough files await git's answer (each holding its model): the reads wait while the ones under way settle and git answers.
      if (input.flush.due()) {
        await Promise.all([...running]);
        await input.flush.run();
      }
    }
    await Promise.all([...running]);
  } catch (error) {
    await Promise.allSettled([...running]);
    if (!(error instanceof RequestInterruptedError) && !input.signal?.aborted) throw error;
  }
  return [...left.values()];
}

/** The notes for the files whose own labels and annotations pull kept (keepsNoMetadata), in the plan's words. */
function describeKeptMetadata(kept: { storage: string[]; 'none-held': string[] }): string[] {
  const notes: string[] = [];
  if (kept.storage.length > 0) {
    notes.push(
      `labels and annotations not kept: Grafana stores ${listUids(kept.storage)} without the labels and annotations of their files (dashboards in its legacy SQL storage keep none), ` +
        'so the files keep their own: not a change made in Grafana, nor one plan shows',
    );
  }
  if (kept['none-held'].length > 0) {
    notes.push(
      `labels and annotations kept: Grafana holds none for ${listUids(kept['none-held'])}, nor dashsync's record of a push, so the files keep their own; ` +
        'the next plan lists them as an update (apply writes them)',
    );
  }
  return notes;
}

function listUids(uids: string[]): string {
  const sorted = [...uids].sort();
  return sorted.slice(0, 5).join(', ') + (sorted.length > 5 ? `, … (${sorted.length - 5} more)` : '');
}

function refuseFailedDir(input: Pick<WritePulledDashboardsInput, 'failedDirs' | 'display'>, dir: string): void {
  if (input.failedDirs.has(dir)) throw new Error(`not written: its directory ${input.display(dir)} could not be made safely (see above)`);
}

/** `GET /api/dashboards/uid/:uid` of a dashboard stored in the v2 schema (grafana-api.md §12). */
function isStoredAsV2(error: unknown): boolean {
  return error instanceof GrafanaHttpError && error.status === 406;
}

/** Why a file was not written: a file system error says the directory the write was refused in (display: as the user names it). */
function describe(error: unknown, display: (absPath: string) => string): string {
  if (!(error instanceof Error)) return String(error);
  const { code, path } = error as NodeJS.ErrnoException;
  if (!code) return error.message;
  // The file is written beside itself and renamed over (a new directory made first): the refusing place is the directory of `path`.
  return `cannot write the file${path === undefined ? '' : ` in ${display(dirname(path))}`} ${describeWriteInError(error)}`;
}
