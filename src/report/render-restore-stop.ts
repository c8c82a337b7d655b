import { nothingRestored, type RestoreEvent, type RestoresResult, type RestoreWork } from '../apply/run-restores.js';
import { renderNextCommand, type PastedWord, type RunSelection } from './next-command.js';
import { describeCheckingCredentials } from './render-apply-result.js';
import { plural } from '../plural.js';

/** `redis-exporter`, `library panel lp-cpu`: a uid as restore's lines name it. */
function describeRestoreWork(work: RestoreWork): string {
  return work.kind === 'library-panel' ? `library panel ${work.uid}` : work.uid;
}

/** The line of a uid that failed or whose outcome is unknown (not yet escaped; stderr). */
export function renderRestoreProblem(event: Extract<RestoreEvent, { kind: 'failed' | 'unknown' }>, selection?: RunSelection, rerun: RestoreRerun = null): string {
  const what = describeRestoreWork(event.work);
  if (event.kind === 'failed') return `error: cannot restore ${what}: ${event.message}`;
  // One uid's command: with the run's flags, never its --all.
  const command = again([event.work], selection, oneUidRerun(rerun));
  if (event.landed) return `unknown: restore ${what}: ${event.message}; the read back after it did not find what was sent: ${command} says what Grafana holds under the uid now`;
  return `unknown: restore ${what}: ${event.message}; whether it is back is not known: ${command} says (exists in Grafana, or restores it)`;
}

/**
 * How the run chose its uids, as the command that finishes it repeats it: `all`, the words of a `restore --all` (`--all
 * --deleted-since TIME --folder F …`: run again, it takes exactly what Grafana still lacks); `after`, the flags that follow uids
 * named one by one (`--folder F --backup-source URL`), so that the command does what this run did; null: the uids alone.
 */
export type RestoreRerun = { all: readonly (string | PastedWord)[] } | { after: readonly (string | PastedWord)[] } | null;

/** The flags a command about one uid of this run repeats: an `--all` run's but for `--all` and its `--deleted-since TIME`. */
function oneUidRerun(rerun: RestoreRerun): RestoreRerun {
  if (rerun === null || 'after' in rerun) return rerun;
  const words = rerun.all.filter((word, at) => word !== '--all' && word !== '--deleted-since' && rerun.all[at - 1] !== '--deleted-since');
  return words.length === 0 ? null : { after: words };
}

/** How many uids a not-started list names; the rest are counted. */
const LISTED = 10;

/**
 * Why restore stopped before its last uid (Ctrl-C, a 401, no answer), and which it did not start (not yet escaped;
 * stderr, after the streamed lines): empty when it went to the end. In apply's words: nothing was restored (the rule of
 * nothingRestored: no write of it may have landed), or what was done is listed above.
 */
export function renderRestoreStop(result: RestoresResult, selection?: RunSelection, rerunWords: RestoreRerun = null): string[] {
  const by = result.stoppedBy;
  if (by === null) return [];
  const count = result.notStarted.length;
  const why = { unauthorized: 'Grafana answered 401 Unauthorized', unreachable: `Grafana stopped answering (${result.stopReason ?? 'no response'})` };
  const credentials = describeCheckingCredentials('cli', result.stopCredentialsFrom, undefined, result.stopCredentialsFallbackFor);
  // Running again restores the uid that met the stop too (its line above says why it failed).
  const left = result.stoppedOn ? [result.stoppedOn, ...result.notStarted] : result.notStarted;
  let line: string;
  if (nothingRestored(result)) {
    // "Before the first write" only where none was sent: one Grafana refused, or that found no connection, was tried.
    const when = result.triedWrites ? 'before any write landed' : 'before the first write';
    const rerun = `Run ${again(left, selection, rerunWords)} again`;
    if (by === 'interrupt') line = `interrupted ${when}; nothing was restored. ${rerun}`;
    else line = `stopped ${when}: ${why[by]}${count > 0 ? ` (${count} not started)` : ''}; nothing was restored. ${by === 'unauthorized' ? credentials : `${rerun} once it answers`}`;
  } else {
    const finish = left.length > 0 ? `Run ${again(left, selection, rerunWords)} to finish` : '';
    if (by === 'interrupt') line = `interrupted: ${plural(count, 'restore')} ${count === 1 ? 'was' : 'were'} not started; what was done is listed above${finish && `. ${finish}`}`;
    else {
      const next = by === 'unauthorized' ? credentials : `${finish || 'Run it again'} once it answers`;
      line = `stopped: ${why[by]}, so no further restore was started (${count} not started); what was done is listed above. ${next}`;
    }
  }
  return count > 0 ? [line, `not started (${count}): ${listSome(result.notStarted.map(describeRestoreWork))}`] : [line];
}

/** `Restore: 1 answered; 1 unknown, 2 not started (interrupted)`: stdout, after a stopped restore only (`(stopped)` for a 401 or no answer). */
export function renderRestoreSummary(result: RestoresResult): string | null {
  if (result.stoppedBy === null) return null;
  const problems = [result.unknown.length ? `${result.unknown.length} unknown` : '', result.notStarted.length ? `${result.notStarted.length} not started` : ''].filter(Boolean);
  return `Restore: ${result.answered} answered${problems.length ? `; ${problems.join(', ')}` : ''} (${result.stoppedBy === 'interrupt' ? 'interrupted' : 'stopped'})`;
}

/**
 * A second Ctrl-C quits at once: one line naming the restores Grafana has not answered (`unknown`) and the uids never
 * started (none of their writes went out: only reads, or nothing), with the command that finishes them all; null when
 * nothing is left.
 */
export function renderRestoreQuit(unknown: readonly RestoreWork[], notStarted: readonly string[], selection?: RunSelection, rerunWords: RestoreRerun = null): string | null {
  if (unknown.length === 0 && notStarted.length === 0) return null;
  const rerun = again([...unknown, ...notStarted.map((uid) => ({ uid, kind: 'dashboard' as const }))], selection, rerunWords);
  const waiting = notStarted.length > 0 ? `not started (${notStarted.length}): ${listSome(notStarted)}` : '';
  if (unknown.length === 0) return `quit: ${waiting}; nothing of theirs was written: ${rerun} restores them`;
  const they = unknown.length === 1 ? 'it is' : 'they are';
  return `unknown: restore ${unknown.map(describeRestoreWork).join(', ')}: quit before Grafana answered; whether ${they} back is not known${waiting ? `; ${waiting}` : ''}: ${rerun} says (exists in Grafana, or restores it)`;
}

/**
 * `dashsync restore --env prod a b`: the command that finishes (or checks) these uids, with this run's selection;
 * `dashsync restore --all …` again after a `restore --all`, not its hundreds of uids.
 */
function again(works: readonly RestoreWork[], selection: RunSelection | undefined, rerun: RestoreRerun): string {
  const uids = [...new Set(works.map((work) => work.uid))];
  return renderNextCommand(selection, ['restore', ...(rerun !== null && 'all' in rerun ? rerun.all : [...uids, ...(rerun?.after ?? [])])]);
}

/** `a, b, c`, or the first LISTED of them `…; and 475 more`. */
function listSome(names: readonly string[]): string {
  const rest = names.length - LISTED;
  return rest > 0 ? `${names.slice(0, LISTED).join(', ')}; and ${rest} more` : names.join(', ');
}
