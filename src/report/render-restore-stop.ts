import type { RestoreEvent, RestoresResult, RestoreWork } from '../apply/run-restores.js';
import { renderNextCommand, type RunSelection } from './next-command.js';

/** `redis-exporter`, `library panel lp-cpu`: a uid as restore's lines name it. */
function describeRestoreWork(work: RestoreWork): string {
  return work.kind === 'library-panel' ? `library panel ${work.uid}` : work.uid;
}

/** The line of a uid that failed or whose outcome is unknown (not yet escaped; stderr). */
export function renderRestoreProblem(event: Extract<RestoreEvent, { kind: 'failed' | 'unknown' }>, selection?: RunSelection): string {
  const what = describeRestoreWork(event.work);
  if (event.kind === 'failed') return `error: cannot restore ${what}: ${event.message}`;
  return `unknown: restore ${what}: ${event.message}; whether it is back is not known: ${again([event.work], selection)} says (exists in Grafana, or restores it)`;
}

/**
 * Why restore stopped before its last uid, and which it did not start (not yet escaped; stderr, after the streamed
 * lines): empty when it was not interrupted.
 */
export function renderRestoreStop(result: RestoresResult, selection?: RunSelection): string[] {
  if (!result.interrupted) return [];
  const count = result.notStarted.length;
  const nothingDone = result.answered === 0 && result.unknown.length === 0;
  const lines = [
    nothingDone
      ? `interrupted before any restore started; nothing was restored. Run ${again(result.notStarted, selection)} again`
      : `interrupted: ${count} restore(s) were not started; what was done is listed above${count > 0 ? `. Run ${again(result.notStarted, selection)} to finish` : ''}`,
  ];
  if (count > 0) lines.push(`not started (${count}): ${result.notStarted.map(describeRestoreWork).join(', ')}`);
  return lines;
}

/** `Restore: 1 answered; 1 unknown, 2 not started (interrupted)`: stdout, after an interrupted restore only. */
export function renderRestoreSummary(result: RestoresResult): string | null {
  if (!result.interrupted) return null;
  const problems = [result.unknown.length ? `${result.unknown.length} unknown` : '', result.notStarted.length ? `${result.notStarted.length} not started` : ''].filter(Boolean);
  return `Restore: ${result.answered} answered${problems.length ? `; ${problems.join(', ')}` : ''} (interrupted)`;
}

/**
 * A second Ctrl-C quits at once: one line naming the restores Grafana has not answered (`unknown`) and the uids never
 * started (none of their writes went out: only reads, or nothing), with the command that finishes them all; null when
 * nothing is left.
 */
export function renderRestoreQuit(unknown: readonly RestoreWork[], notStarted: readonly string[], selection?: RunSelection): string | null {
  if (unknown.length === 0 && notStarted.length === 0) return null;
  const rerun = again([...unknown, ...notStarted.map((uid) => ({ uid, kind: 'dashboard' as const }))], selection);
  const waiting = notStarted.length > 0 ? `not started (${notStarted.length}): ${notStarted.join(', ')}` : '';
  if (unknown.length === 0) return `quit: ${waiting}; nothing of theirs was written: ${rerun} restores them`;
  const they = unknown.length === 1 ? 'it is' : 'they are';
  return `unknown: restore ${unknown.map(describeRestoreWork).join(', ')}: quit before Grafana answered; whether ${they} back is not known${waiting ? `; ${waiting}` : ''}: ${rerun} says (exists in Grafana, or restores it)`;
}

/** `dashsync restore --env prod a b`: the command that finishes (or checks) these uids, with this run's selection. */
function again(works: readonly RestoreWork[], selection: RunSelection | undefined): string {
  return renderNextCommand(selection, `restore ${[...new Set(works.map((work) => work.uid))].join(' ')}`);
}
