import { renderJsonLine } from '../report/json-lines.js';
import { toRetriedJson, type RetrySummary } from '../report/retry-count.js';
import { DASHSYNC_VERSION } from '../version.js';
import { describePullEvent, describePullHints, describeSkipped, renderPullSummary, sortPullEvents } from './render-pull-result.js';
import type { PullFileEvent, PullResult } from './types.js';

/**
 * pull's JSON Lines (`dashsync pull --format json`), documented in docs/pull-restore-json.md and versioned on its own:
 * a start line, one line per file written, kept, refused, deleted or skipped, then `{"type":"result"}`. Every `text`
 * is the text report's line for it (its verb not padded), from the same describe functions, unescaped.
 */
const PULL_JSON_FORMAT_VERSION = 1;

/** The line types of the files, by outcome (`deleted`: --prune deleted it; `folder-file`: a `_folder.json` written). */
const EVENT_TYPES: Record<PullFileEvent['outcome'], string> = {
  created: 'created',
  updated: 'updated',
  moved: 'moved',
  unchanged: 'unchanged',
  kept: 'kept',
  refused: 'refused',
  pruned: 'deleted',
  'only-in-git': 'only-in-git',
  'folder-file': 'folder-file',
};

/** The first line, written before anything is read. */
export function renderPullStartLine(options: { dryRun: boolean; prune: boolean; force: boolean }): string {
  return renderJsonLine({ type: 'start', formatVersion: PULL_JSON_FORMAT_VERSION, output: 'dashsync pull --format json', tool: { name: 'dashsync', version: DASHSYNC_VERSION }, ...options });
}

/** The file lines, in the text report's order, then the skipped ones. */
export function renderPullFileLines(result: PullResult): string {
  const files = sortPullEvents(result.events).map((event) =>
    renderJsonLine({
      type: EVENT_TYPES[event.outcome],
      resource: event.outcome === 'folder-file' ? 'folder' : (event.resource ?? 'dashboard'),
      uid: event.uid,
      file: event.file,
      ...(event.from !== undefined && { from: event.from }),
      ...(event.why !== undefined && { why: event.why }),
      ...(event.replacedCommit !== undefined && { replacedCommit: event.replacedCommit }),
      ...(event.copiedFrom !== undefined && { copiedFrom: event.copiedFrom }),
      ...(event.owner !== undefined && { owner: event.owner }),
      ...(event.inputs !== undefined && { inputs: event.inputs }),
      ...(event.saved !== undefined && { saved: event.saved }),
      ...(event.formerFile !== undefined && { formerFile: event.formerFile }),
      text: describePullEvent(event, result.dryRun),
    }),
  );
  const skipped = result.skipped.map((target) =>
    renderJsonLine({
      type: 'skipped',
      resource: target.resource ?? 'dashboard',
      uid: target.uid,
      title: target.title,
      file: target.file,
      why: target.why,
      ...(target.unwritten !== undefined && { unwritten: target.unwritten }),
      text: describeSkipped(target),
    }),
  );
  return [...files, ...skipped].join('');
}

/** The last line of a pull that ran: its counts, what it refused or did not start, the hints and notes (stderr's words too), the exit code. */
export function renderPullResultLine(result: PullResult, exitCode: number, retried: RetrySummary | null): string {
  return renderJsonLine({
    type: 'result',
    dryRun: result.dryRun,
    counts: result.counts,
    libraryCounts: result.libraryCounts ?? null,
    refused: { dashboards: result.refusedUids, libraryPanels: result.refusedLibraryUids, folders: result.refusedFolderUids },
    problems: result.problems.map(({ file, line, col, severity, message, rule, uid }) => ({ file, line: line ?? null, col: col ?? null, severity, message, rule, uid: uid ?? null })),
    owned: result.owned,
    notConsidered: { dashboards: result.notConsidered, libraryPanels: result.notConsideredLibraryPanels },
    unfiled: { dashboards: result.unfiled, libraryPanels: result.unfiledLibraryPanels, hidden: result.unfiledHidden },
    notStarted: result.notStarted,
    interrupted: result.interrupted,
    pruneRefusal: result.pruneRefusal ?? null,
    hints: describePullHints(result),
    notes: result.notes,
    retried: retried && toRetriedJson(retried),
    text: renderPullSummary(result),
    exitCode,
  });
}

/** The last line when a second Ctrl-C quits at once (exit 130): the files written and deleted so far, and those being written or deleted. */
export function renderPullQuitLine(completed: { written: number; deleted: number }, inFlight: readonly { op: 'write' | 'delete'; file: string }[], exitCode: number): string {
  return renderJsonLine({ type: 'result', quit: true, written: completed.written, deleted: completed.deleted, unknownInFlight: inFlight, exitCode });
}

/** The last line when an error stops pull once stdout has its start line: the words of stderr's `error:` line. */
export function renderPullErrorLine(message: string, exitCode: number): string {
  return renderJsonLine({ type: 'result', error: { message }, exitCode });
}
