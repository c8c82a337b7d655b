import { describeBackupWriteError } from '../apply/describe-backup-write-error.js';
import { MOVED_FOLDER_KEEPS_NO_GRANTS } from '../errors.js';
import { FETCH_EVERY_BRANCH } from './fetch-full-history.js';
import { ownCredentialVariables } from '../config/environment-name.js';
import { basename, dirname } from 'node:path';
import { describeUidPutBack, describeUnreviewedWhy } from './describe-warning.js';
import { nothingApplied, writesThatMayHaveLanded, type UnreviewedWhy, type ApplyConflict, type BackupNotDeleted, type ApplyFailure, type ApplyResult } from '../apply/types.js';
import { withNothingAppliedLine, type Shell } from '../describe-error.js';
import { escapeText, quoteText } from './escape-untrusted.js';
import type { PushedCommit } from '../grafana/pushed-commit.js';
import type { PlanSummary, ResourceKind } from '../plan/types.js';
import { shorten } from './shorten-path.js';
import { advisesReviewedPlan, renderNextCommand, selectionInShellWords, type RunSelection } from './next-command.js';
import { ACTION_NEW_PLAN_RUN, planAgain, renderPlanAgain } from './plan-again.js';
import { describeNewerRun, describeRerun, describeRerunFirst, nameJob, type WorkflowJob } from './rerun-job.js';
import { renderNotPruned, renderNotPrunedKept, renderSetApartCounts, type SetApartSummary } from './render-summary.js';
import { describeSaver } from './describe-saver.js';
import { plural } from '../plural.js';
import { fetchFullHistory } from './fetch-full-history.js';
import { groupBy } from '../group-by.js';
import { cutText } from './cut-text.js';
import type { SaveRefusal } from '../grafana/save-refusal.js';

/** `Applied: 3 created, 2 updated, 1 moved, 4 deleted; 1 conflict` (+ unchanged, skipped, folders, library panels, why it stopped). */
export function renderApplySummary(result: ApplyResult): string {
  const notPurged = result.keptDespiteHard ? ` (${result.keptDespiteHard} kept in "Recently deleted": --delete-mode hard not honoured)` : '';
  const parts = [`${result.created.length} created`, `${result.updated.length} updated`, `${result.moved.length} moved`, `${result.deleted.length} deleted${notPurged}`];
  // Prune deletes the plan left to the apply to judge that it held (not dashsync's): never among the deleted.
  if (result.deletesHeld?.length) parts.push(`${plural(result.deletesHeld.length, 'delete')} held`);
  if (result.unchanged.length > 0) parts.push(`${result.unchanged.length} unchanged`);
  // Each planned change that turned out to have nothing to do, or that was kept on purpose, has its `skipped:` line above:
  // counted too, each where its kind is counted.
  const skipped = (kind: ResourceKind) => {
    const count = result.skipped.filter((skip) => skip.kind === kind).length;
    return count > 0 ? `${count} skipped` : '';
  };
  if (skipped('dashboard')) parts.push(skipped('dashboard'));
  const problems = [
    result.unreadable?.length ? `${result.unreadable.length} unreadable (held: hidden from these credentials by a folder's permissions)` : '',
    result.notMovedIntoHidden?.length ? `${result.notMovedIntoHidden.length} not moved (held: ${result.notMovedIntoHidden.length === 1 ? 'its file goes' : 'their files go'} to a folder these credentials cannot see)` : '',
    result.usesHiddenPanels?.length ? `${result.usesHiddenPanels.length} not written (held: ${result.usesHiddenPanels.length === 1 ? 'it uses' : 'they use'} a library panel in a folder these credentials cannot see)` : '',
    result.unreadableLibraryPanels?.length ? `${plural(result.unreadableLibraryPanels.length, 'library panel')} unreadable (held: hidden from these credentials by a folder's permissions)` : '',
    result.missingLibraryPanels?.length ? `${result.missingLibraryPanels.length} saved with a missing library panel` : '',
    result.conflicts.length ? plural(result.conflicts.length, 'conflict') : '',
    ...describeFailureCounts(result.failures),
    result.unknown.length ? `${result.unknown.length} unknown` : '',
    result.notStarted.length ? `${result.notStarted.length} not started` : '',
  ].filter(Boolean);
  const folders = [
    result.foldersCreated.length ? `${result.foldersCreated.length} created` : '',
    result.foldersUpdated.length ? `${result.foldersUpdated.length} updated` : '',
    result.foldersMoved.length ? `${result.foldersMoved.length} moved` : '',
    result.foldersDeleted.length ? `${result.foldersDeleted.length} deleted` : '',
    result.foldersUnchanged.length ? `${result.foldersUnchanged.length} unchanged` : '',
    skipped('folder'),
  ].filter(Boolean);
  const library = [
    result.libraryPanelsCreated.length ? `${result.libraryPanelsCreated.length} created` : '',
    result.libraryPanelsUpdated.length ? `${result.libraryPanelsUpdated.length} updated` : '',
    result.libraryPanelsMoved.length ? `${result.libraryPanelsMoved.length} moved` : '',
    result.libraryPanelsDeleted.length ? `${result.libraryPanelsDeleted.length} deleted` : '',
    result.libraryPanelsRenamed?.length ? `${result.libraryPanelsRenamed.length} renamed to hand a name over` : '',
    result.libraryPanelsUnchanged.length ? `${result.libraryPanelsUnchanged.length} unchanged` : '',
    skipped('library-panel'),
  ].filter(Boolean);
  const stopped = result.stoppedBy === 'unreachable' && result.stoppedAtProxy !== undefined ? ' (stopped: the proxy stopped answering)' : STOPPED_SUFFIX[result.stoppedBy ?? 'none'];
  return `Applied: ${parts.join(', ')}${problems.length ? `; ${problems.join(', ')}` : ''}${folders.length ? `. Folders: ${folders.join(', ')}` : ''}${library.length ? `. Library panels: ${library.join(', ')}` : ''}${stopped}`;
}

/**
 * Where this run's deletes left their backups (`backupDir`, relative to `cwd` when below it); null when none was written.
 * In the Action the runner's disk goes with the job: the backups last only as the artifact the workflow uploads. Several
 * backups: the command that puts them all back, from this run's first backup on (`restore --all --deleted-since`); one: the command that puts it back, naming its uid. With
 * environments the commands name this run's (`--env`): restore refuses to guess one, and its backups are under its own directory.
 * Backups taken before deletes the run did not make (Ctrl-C or a stop between the backup and its delete) are counted apart
 * and named: what they hold is still in Grafana (or may be), and they stay on disk. `trashNotRead` (trashNotRead: api
 * "legacy" on 12.4 and later, where restore refuses a backup of a dashboard it finds itself): the commands are ones that run
 * there, `--from-backup <file>` for one dashboard, `--api auto` (which asks "Recently deleted" first) for several. Deletes
 * Grafana 11 keeps in a "Recently deleted" these credentials may not list (deletedForAdmins): the commands need an org Admin's
 * credentials, and the line says so and why (rev-69c L1).
 */
export function renderBackupsWritten(
  result: ApplyResult,
  place: { backupDir: string; cwd: string; trashNotRead?: boolean },
  shell: Shell,
  selection?: RunSelection,
): string | null {
  if (result.backups.length === 0) return null;
  const notDeleted = result.backupsNotDeleted ?? [];
  const ofDeleted = result.backups.filter((file) => !notDeleted.some((backup) => backup.file === file));
  const count = ofDeleted.length;
  const dir = shorten(place.backupDir, place.cwd);
  const since = firstBackupTime(ofDeleted);
  // Restore refuses a dashboard's backup it finds itself where it cannot read "Recently deleted" (trash-not-read).
  const refused = place.trashNotRead === true && result.deleted.length > 0;
  const restoreSelection = refused ? { ...selection, api: undefined } : selection;
  const restore = renderNextCommand(restoreSelection, 'restore');
  const all = `${restore} --all${since === null ? '' : ` --deleted-since ${since}`}${refused ? ' --api auto' : ''}`;
  const uploaded = uploadedBackupDir(place.backupDir, selection);
  // Named as the documented workflows upload it: the environment's directory, or the one above it (restore --env finds its own there).
  const upload = uploaded === place.backupDir ? 'upload that directory as an artifact' : `upload ${dir}/ (or ${shorten(uploaded, place.cwd)}/, one directory per environment) as an artifact`;
  // One backup: its directory is named by the uid it holds (`<backupDir>/[library-panels/]<uid>/<file>`), so the command names it.
  // Where restore would refuse it, the one backup of a dashboard is named as the file (`--from-backup`), under the artifact's directory in the Action.
  const oneUid = count === 1 ? basename(dirname(ofDeleted[0]!)) : '';
  const oneFile = refused && result.deleted.includes(oneUid) ? ofDeleted[0]! : null;
  // The uid among the command's words, where one that begins with "-" goes after `--` (renderNextCommand).
  const one = count === 1 ? renderNextCommand(restoreSelection, ['restore', oneUid]) : '';
  const oneFrom = oneFile === null ? '' : renderNextCommand(selection, ['restore', oneUid, '--from-backup', shorten(oneFile, place.cwd)]);
  // The file's path below the backup directory is a uid and a time: nothing a shell reads apart.
  const oneInArtifact =
    oneFile === null
      ? renderNextCommand(restoreSelection, `restore ${oneUid} --backup-dir <the artifact's directory>`)
      : renderNextCommand(selection, `restore ${oneUid} --from-backup <the artifact's directory>/${shorten(oneFile, place.backupDir)}`);
  // Grafana 11 keeps them in a "Recently deleted" these credentials may not list: the commands work with an org Admin's credentials only.
  const forAdmins = (result.deletedForAdmins ?? []).filter((uid) => result.deleted.includes(uid) && (count > 1 || uid === oneUid));
  const asAdmin = forAdmins.length === 0 ? '' : ` with an org Admin's credentials`;
  const keep =
    (shell === 'action'
      ? `the runner's disk goes with the job: ${upload} to keep them; ${count > 1 ? `${all} --backup-dir <the artifact's directory>${asAdmin} puts them all back` : `${oneInArtifact}${asAdmin} puts it back`}` +
        // The restore workflow takes the time (deleted-since): a run that backed one file up names it too (walk-70 L2).
        (count === 1 && oneFile === null && since !== null ? `, as does ${all} --backup-dir <the artifact's directory>${asAdmin}` : '')
      : count > 1
        ? `${all}${asAdmin} puts them all back, ${restore} UID${refused ? ' --api auto' : ''} one of them`
        : `${oneFile === null ? one : oneFrom}${asAdmin} puts it back` +
          // The run's time, as the Action's line and the docs give it: the restore --all of a later run's undo needs it (walk-71 L4).
          (oneFile === null && since !== null ? `, as does ${all}${asAdmin}` : '')) + describeKeptForAdmins(forAdmins.length, count);
  const files = (n: number) => (n === 1 ? '1 file' : `${n} files`);
  // A name handover backs the old panel up before renaming it; a run that stops there (or leaves it in use) deleted nothing.
  const deletedNothing = count === 0 || result.deleted.length + result.foldersDeleted.length + result.libraryPanelsDeleted.length === 0;
  // A delete whose outcome is not known (no answer, a gateway's 502/504, Ctrl-C) may still land: "nothing was deleted" is not said then.
  const outcomeNotKnown = notDeleted.some((backup) => backup.delete === 'unknown');
  if (deletedNothing && !outcomeNotKnown) return `Backups taken before deletes this run did not make: ${files(result.backups.length)} under ${dir}/ (nothing was deleted; they stay as a record, and the apply that deletes takes its own first)`;
  if (deletedNothing) return `Backups taken before deletes this run did not make or whose outcome is not known: ${files(result.backups.length)} under ${dir}/ (they stay${describeBackupsNotDeleted(notDeleted, shell, selection, '')})`;
  return `Backups of what was deleted: ${files(count)} under ${dir}/ (${keep})${describeBackupsNotDeleted(notDeleted, shell, selection)}`;
}

/**
 * `: Grafana 11's "Recently deleted" keeps them …`: why the commands need an org Admin (`kept` of the `count` backed-up
 * deletes went there, which these credentials may not list, and whose uids it keeps taken); '' when none did.
 */
function describeKeptForAdmins(kept: number, count: number): string {
  if (kept === 0) return '';
  const what = kept === count ? (kept === 1 ? 'it' : 'them') : `${kept} of them`;
  const [them, their] = kept === 1 ? ['it', 'its uid'] : ['them', 'their uids'];
  return `: Grafana 11's "Recently deleted" keeps ${what} with ${their} taken, and gives ${them} back to org Admins only`;
}

/**
 * The directory a workflow uploads to keep an apply's backups: theirs, or for an environment's directory of the default
 * layout the one above it (one directory per environment, where restore --env finds its own).
 */
export function uploadedBackupDir(backupDir: string, selection: RunSelection | undefined): string {
  return selection?.environment !== undefined && basename(backupDir) === selection.environment ? dirname(backupDir) : backupDir;
}

/** `; 3 more were written for deletes this run did not make (a, b, c): those are still in Grafana, and the backups stay`; '' when there are none. */
function describeBackupsNotDeleted(notDeleted: readonly BackupNotDeleted[], shell: Shell, selection: RunSelection | undefined, more = ' more'): string {
  const uids = (backups: readonly BackupNotDeleted[]) => listUids(backups.map((backup) => backup.uid));
  const notMade = notDeleted.filter((backup) => backup.delete === 'not-made');
  const unknown = notDeleted.filter((backup) => backup.delete === 'unknown');
  return [
    notMade.length === 0 ? '' : `; ${notMade.length}${more} ${notMade.length === 1 ? 'was' : 'were'} written for deletes this run did not make (${uids(notMade)}): ${notMade.length === 1 ? 'it is' : 'those are'} still in Grafana, and the backups stay`,
    unknown.length === 0 ? '' : `; ${unknown.length}${more} for deletes whose outcome is not known (${uids(unknown)}): whether ${unknown.length === 1 ? 'it is' : 'they are'} still in Grafana is not known${describeReadBackStillThere(unknown)}: ${describeShownBy(shell, selection)}`,
  ].join('');
}

/** ` (gone was still there when read back, and a send of its delete may still be processed)`; '' when none was read back so. */
function describeReadBackStillThere(unknown: readonly BackupNotDeleted[]): string {
  const stillThere = unknown.filter((backup) => backup.stillThereWhenReadBack);
  if (stillThere.length === 0) return '';
  const one = stillThere.length === 1;
  return ` (${listUids(stillThere.map((backup) => backup.uid))} ${one ? 'was' : 'were'} still there when read back, and a send of ${one ? 'its delete' : 'their deletes'} may still be processed)`;
}

/** `a, b, c` (the first LISTED), `, and 12 more`. */
function listUids(uids: readonly string[]): string {
  const rest = uids.length - LISTED;
  return `${uids.slice(0, LISTED).join(', ')}${rest > 0 ? `, and ${rest} more` : ''}`;
}

/** The time of the earliest backup, from its file name (`<deletedAt with - for : and .>-v<version>.json`), as ISO 8601; null when none reads. */
function firstBackupTime(paths: readonly string[]): string | null {
  const times = paths
    .map((path) => /(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-v\d+\.json$/.exec(path))
    .filter((match) => match !== null)
    .map(([, day, hours, minutes, seconds, ms]) => `${day}T${hours}:${minutes}:${seconds}.${ms}Z`)
    .sort();
  return times[0] ?? null;
}

/**
 * `2 failed`, `5 not attempted`: the failures tried apart from those never tried because one they
 * need failed (each has its own `failed: … not attempted: …` line), so one folder that could not be
 * made does not read as six failures.
 */
export function describeFailureCounts(failures: ApplyFailure[]): string[] {
  const notAttempted = failures.filter((failure) => failure.notAttempted).length;
  const tried = failures.length - notAttempted;
  return [tried ? `${tried} failed` : '', notAttempted ? `${notAttempted} not attempted` : ''].filter(Boolean);
}

/** `12 done, 1 conflict, 9 failed, 39 not started`: every planned change of a stopped run, by how it ended (what was done, unchanged ones included: Grafana holds them). */
function describeStopCounts(result: ApplyResult): string[] {
  const done = [
    result.created, result.updated, result.moved, result.deleted, result.unchanged,
    result.foldersCreated, result.foldersUpdated, result.foldersMoved, result.foldersDeleted, result.foldersUnchanged,
    result.libraryPanelsCreated, result.libraryPanelsUpdated, result.libraryPanelsMoved, result.libraryPanelsDeleted, result.libraryPanelsUnchanged,
  ].reduce((sum, list) => sum + list.length, 0);
  return [
    `${done} done`,
    result.missingLibraryPanels?.length ? `${result.missingLibraryPanels.length} saved with a missing library panel` : '',
    result.conflicts.length ? plural(result.conflicts.length, 'conflict') : '',
    ...describeFailureCounts(result.failures),
    result.unknown.length ? `${result.unknown.length} unknown` : '',
    result.deletesHeld?.length ? `${plural(result.deletesHeld.length, 'delete')} held` : '',
    ...renderSetApartCounts(setApartHeld(result)),
    result.skipped.length ? `${result.skipped.length} skipped` : '',
    `${result.notStarted.length} not started`,
  ].filter(Boolean);
}

const STOPPED_SUFFIX = { none: '', interrupt: ' (interrupted)', unauthorized: ' (stopped: 401 Unauthorized)', unreachable: ' (stopped: Grafana stopped answering)', 'writes-refused': ' (stopped: Grafana refuses every write)' };

/**
 * Why the apply stopped before the end of the plan, and what it did not start (counted, and
 * listed on one line, the first LISTED uids of it): stderr, after the streamed lines. Empty
 * when it did not stop.
 */
export function renderApplyStop(result: ApplyResult, shell: Shell = 'cli', planFile?: string, selection?: RunSelection): string {
  const lines: string[] = [];
  const count = result.notStarted.length;
  if (result.stoppedBy !== null) lines.push(describeStopLine(result, result.stoppedBy, shell, planFile, selection));
  const failed = result.failures.length;
  // A run that ended with failures but went on to the end: applying again tries just those (what was done reads as unchanged).
  if (result.stoppedBy === null && failed > 0) {
    // Those never tried because one they need failed are counted apart, as the summary counts them: one refused folder is one failure.
    const notTried = result.failures.filter((failure) => failure.notAttempted).length;
    const tried = failed - notTried;
    const counted =
      notTried === 0 ? `${plural(failed, 'planned change')} failed`
      : tried === 0 ? `${plural(notTried, 'planned change')} ${notTried === 1 ? 'was' : 'were'} not attempted`
      : `${plural(tried, 'planned change')} failed, and ${notTried} that need ${tried === 1 ? 'it' : 'them'} ${notTried === 1 ? 'was' : 'were'} not attempted`;
    const what = `${counted} (${failed === 1 ? 'its line is' : 'their lines are'} above)`;
    const finish = `${lowerFirst(renderApplyAgain(shell, planFile, selection))} to finish${describeSkipped(shell, planFile) || ' (what is done is skipped)'}`;
    lines.push(`${what}; ${describeFailuresClosing(result.failures, tried, shell, finish, selection, planFile)}`);
  }
  if (count > 0) lines.push(`not started (${count}): ${listCompactly(result.notStarted, shell, selection)}`);
  if (result.unreadable?.length) lines.push(describeUnreadableClosing(result.unreadable.length, shell, selection));
  if (result.notMovedIntoHidden?.length) lines.push(describeNotMovedClosing(result.notMovedIntoHidden.length, shell, selection));
  if (result.usesHiddenPanels?.length) lines.push(describeNotWrittenClosing(result.usesHiddenPanels.length, shell, selection));
  if (result.unreadableLibraryPanels?.length && !result.unreadable?.length) {
    const count = result.unreadableLibraryPanels.length;
    lines.push(
      `${plural(count, 'library panel')} of the tree ${count === 1 ? 'was' : 'were'} not applied (${count === 1 ? 'its held line is' : 'their held lines are'} above): a folder's permissions hid ${count === 1 ? 'it' : 'them'} from these credentials when the plan was made, ` +
        `and no apply of it writes ${count === 1 ? 'it' : 'them'}: ${renderNextCommand(selection, 'plan')} (if that folder still hides ${count === 1 ? 'it' : 'them'}, first grant these credentials Edit on it (its line names it))`,
    );
  }
  if (result.uidChangesHeld?.length) {
    const count = result.uidChangesHeld.length;
    lines.push(`${plural(count, 'change')} of uid ${count === 1 ? 'was' : 'were'} not made (${count === 1 ? 'its skipped line says' : 'their skipped lines say'} why): the old dashboard stays, and the file is in Grafana under neither uid`);
  }
  return lines.map((line) => `${escapeText(line)}\n`).join('');
}

/**
 * The closing line of an apply that held dashboards its plan could not read (ApplyResult.unreadable): no retry changes
 * that, and no apply of this plan writes them (it never compared them): a new plan, the folder's permissions first where they still hide them.
 * Why the folder hides them (moved to the top level, or its own permissions changed) is each held line's to say (walk-65 L4).
 */
function describeUnreadableClosing(count: number, shell: Shell, selection: RunSelection | undefined): string {
  const them = count === 1 ? 'it' : 'them';
  const after = shell === 'cli' ? renderNextCommand(selection, 'plan') : ACTION_NEW_PLAN_RUN;
  return (
    `${plural(count, 'dashboard')} of the tree ${count === 1 ? 'was' : 'were'} not applied (${count === 1 ? 'its held line is' : 'their held lines are'} above): a folder's permissions hid ${them} from these credentials when the plan was made, ` +
    `so the plan could not read ${them}, and no apply of it writes ${them}: ${after} ` +
    `(if that folder still hides ${them}, first grant these credentials Edit on it, as ${count === 1 ? 'its held line says' : 'their held lines say'})`
  );
}

/**
 * The closing line of an apply that held dashboards whose files go to a folder its plan could not see (ApplyResult.notMovedIntoHidden):
 * no apply of this plan moves them there; a new plan does, once these credentials may write in that folder.
 */
function describeNotMovedClosing(count: number, shell: Shell, selection: RunSelection | undefined): string {
  const them = count === 1 ? 'it' : 'them';
  const after = shell === 'cli' ? renderNextCommand(selection, 'plan') : ACTION_NEW_PLAN_RUN;
  return (
    `${plural(count, 'dashboard')} of the tree ${count === 1 ? 'was' : 'were'} not moved (${count === 1 ? 'its held line is' : 'their held lines are'} above): ` +
    `${count === 1 ? 'its file goes' : 'their files go'} to a folder these credentials could not see when the plan was made, and no apply of it moves ${them} there: ${after} ` +
    `(if that folder still hides ${them}, first grant these credentials Edit on it (${count === 1 ? 'its line names it' : 'their lines name it'}), or move ${count === 1 ? 'its file' : 'their files'} back)`
  );
}

/**
 * The closing line of an apply that held dashboards whose write uses a library panel of the tree in a folder its plan could not
 * see (ApplyResult.usesHiddenPanels): the plan wrote no such panel, so no apply of it writes them; a new plan does, once these
 * credentials may see that folder.
 */
function describeNotWrittenClosing(count: number, shell: Shell, selection: RunSelection | undefined): string {
  const them = count === 1 ? 'it' : 'them';
  const after = shell === 'cli' ? renderNextCommand(selection, 'plan') : ACTION_NEW_PLAN_RUN;
  return (
    `${plural(count, 'dashboard')} of the tree ${count === 1 ? 'was' : 'were'} not written (${count === 1 ? 'its held line is' : 'their held lines are'} above): ` +
    `${count === 1 ? 'it uses' : 'they use'} a library panel whose file goes to a folder these credentials could not see when the plan was made, which the plan did not write, and no apply of it writes ${them}: ${after} ` +
    `(if that folder still hides the panel, first grant these credentials Edit on it (${count === 1 ? 'its line names it' : 'their lines name it'}))`
  );
}

/** What an apply held of what its plan set apart, counted as the plan's summary counts it (renderSetApartCounts). */
export function setApartHeld(result: ApplyResult): SetApartSummary {
  return {
    unreadable: result.unreadable?.length ?? 0,
    notMovedIntoHidden: result.notMovedIntoHidden?.length ?? 0,
    usesHiddenPanels: result.usesHiddenPanels?.length ?? 0,
    unreadableLibraryPanels: result.unreadableLibraryPanels?.length ?? 0,
  };
}

/** Why each tried failure that running again does not change was refused, and what changes it (a failure a wait may pass is `retry`). */
type Refusal = 'elsewhere' | 'hidden' | 'managed' | 'folderEdit' | 'forbidden' | 'retry';

function refusalOf(failure: ApplyFailure): Refusal {
  if (failure.hiddenElsewhere) return 'elsewhere';
  if (failure.folderHidden) return 'hidden';
  if (failure.managedElsewhere) return 'managed';
  if (failure.folderEditNeeded) return 'folderEdit';
  return failure.forbidden ? 'forbidden' : 'retry';
}

/**
 * The closing words of a run that went on to the end with failures: what refused them and what to do. Failures running
 * again does not change (a folder hiding them, another tool managing them, a folder's or role's missing Edit) say so
 * and what changes it, each kind counted where they are mixed; any other (a 429 or 5xx) leads to running again.
 */
function describeFailuresClosing(failures: readonly ApplyFailure[], tried: number, shell: Shell, finish: string, selection: RunSelection | undefined, planFile?: string): string {
  const counts = new Map<Refusal, number>();
  for (const failure of failures) if (!failure.notAttempted) counts.set(refusalOf(failure), (counts.get(refusalOf(failure)) ?? 0) + 1);
  const them = tried === 1 ? 'it' : 'them';
  // Not attempted for a folder made in Grafana since the plan under the uid of one they go into: a new plan, not this one again.
  const createdSince = failures.filter((failure) => failure.folderCreatedSince !== undefined);
  const newPlan = shell === 'cli' ? lowerFirst(renderPlanAgain({ review: true }, selection, planFile)) : lowerFirst(planAgain({ review: true }).action);
  const createdSinceWords = () => {
    const folders = [...new Set(createdSince.map((failure) => failure.folderCreatedSince!))];
    const named = folders.length === 1 ? `folder ${folders[0]}, which they need, was` : `folders ${folders.join(', ')}, which they need, were`;
    return `${named} created in Grafana after the plan (${folders.length === 1 ? 'its conflict line is' : 'their conflict lines are'} above), which running this plan again does not change: ${newPlan}`;
  };
  if (createdSince.length > 0 && createdSince.length === failures.length) return createdSinceWords();
  const createdSinceNote = createdSince.length === 0 ? '' : `; the ${createdSince.length} not attempted because ${createdSinceWords()}`;
  const folderRefused = failures.filter((failure) => failure.folderEditNeeded && !failure.folderHidden).length;
  const hidden = (counts.get('hidden') ?? 0) + (counts.get('elsewhere') ?? 0);
  if ((counts.get('retry') ?? 0) > 0 || counts.size === 0) {
    const folderNote = folderRefused === 0 ? '' : `; the ${folderRefused} refused with "access denied to folder" need Edit on their folder for these credentials first (running again does not change that)`;
    const hiddenNote = hidden === 0 ? '' : `; the ${hidden} refused because a folder's permissions hide ${hidden === 1 ? 'it' : 'them'} from these credentials need Edit on that folder first (running again does not change that)`;
    // Every failure tried a backup that could not be written: the cause is the backup directory's disk, not Grafana.
    const tried = failures.filter((failure) => !failure.notAttempted);
    const disk = tried.length > 0 && tried.every((failure) => failure.backupUnwritten);
    const elsewhere = shell === 'cli' ? 'point --backup-dir elsewhere' : 'point "backupDir" in the config file elsewhere';
    // In the words of each code (a file size limit is not a full disk); several causes, each once.
    const remedies = [...new Set(tried.map((failure) => describeBackupWriteError(failure.backupWriteCode ?? '').remedy))];
    const cause = disk ? `once the backup directory can be written (${remedies.join(', ')}, or ${elsewhere})` : 'once the cause is fixed or has passed (a 429 or 5xx often does)';
    return `${cause}, ${finish}${folderNote}${hiddenNote}${createdSinceNote}`;
  }
  // Another tool's dashboard needs a change of the tree (its file removed, moved), and a create of one Grafana holds hidden a
  // plan that sees it: a new plan, not the same one again.
  const after = counts.has('managed') || counts.has('elsewhere') ? (shell === 'cli' ? renderNextCommand(selection, 'plan') : ACTION_NEW_PLAN_RUN) : finish;
  if (folderRefused === failures.length) {
    return `Grafana refused ${them} with "access denied to folder" (these credentials may not edit the folder), which running again does not change: grant them Edit on that folder (or use a token that has it), then ${finish}`;
  }
  if (counts.size === 1 && counts.has('managed')) {
    return `Grafana refused ${them} because another tool manages the dashboard or its folder (${tried === 1 ? 'its line says' : 'each line says'} which), which running again does not change: follow the advice on ${tried === 1 ? 'that line' : 'those lines'}, then ${after}${createdSinceNote}`;
  }
  if (counts.has('forbidden') && !counts.has('hidden') && !counts.has('managed')) {
    // Every one tried was refused for permissions: no wait makes Grafana take it.
    return `Grafana refused ${them} as forbidden (403: these credentials may not write ${them}), which running again does not change: give them a role that may (Editor, or Edit on the folders concerned), or use a token that has one, then ${finish}${createdSinceNote}`;
  }
  // Folders the tree has at the top level were not moved there: their own permissions hide them, and no move back helps (walk-65 L4).
  const hiddenAtTop = failures.every((failure) => !failure.folderHidden || failure.hiddenElsewhere || failure.hidingFolderAtTop);
  const words: Record<Exclude<Refusal, 'retry'>, (n: number, of: string) => string> = {
    hidden: (n, of) =>
      hiddenAtTop
        ? `${of}because a folder's permissions hide ${n === 1 ? 'it' : 'them'} from these credentials: grant these credentials Edit on that folder (its line names it)`
        : `${of}because a folder's permissions hide ${n === 1 ? 'it' : 'them'} from these credentials (${MOVED_FOLDER_KEEPS_NO_GRANTS}): grant these credentials Edit on that folder (its line names it), or move it back where the tree has it`,
    elsewhere: (n, of) => `${of}because Grafana holds ${n === 1 ? 'it' : 'them'} already, in a folder these credentials cannot see: grant these credentials View on that folder (Edit to apply), or move ${n === 1 ? 'it' : 'them'} in Grafana into the tree's folder, as ${n === 1 ? 'its line says' : 'their lines say'}`,
    managed: (n, of) => `${of}because another tool manages the dashboard or its folder: follow the advice on ${n === 1 ? 'its line' : 'their lines'}`,
    folderEdit: (n, of) => `${of}with "access denied to folder" (these credentials may not edit the folder): grant these credentials Edit on that folder (or use a token that has it)`,
    forbidden: (n, of) => `${of}as forbidden (403: these credentials may not write ${n === 1 ? 'it' : 'them'}): give them a role that may (Editor, or Edit on the folders concerned), or use a token that has one`,
  };
  const kinds = (['elsewhere', 'hidden', 'managed', 'folderEdit', 'forbidden'] as const).filter((kind) => counts.has(kind));
  const said = kinds.map((kind) => words[kind](counts.get(kind)!, kinds.length === 1 ? `${them} ` : `${counts.get(kind)} `));
  return `Grafana refused ${kinds.length === 1 ? said[0] : said.join('; ')}; running again does not change that: once it is done, ${after}${createdSinceNote}`;
}

/** ` (what is done is skipped)` after the command that applies a saved plan again at a terminal; '' otherwise. */
function describeSkipped(shell: Shell, planFile: string | undefined): string {
  return planFile === undefined || shell !== 'cli' ? '' : ' (what is done is skipped)';
}

/**
 * The first line of a stopped run: why it stopped, what of it may have landed, and what to do, in the words of the
 * shell. One of three, whatever stopped it: nothing was applied (nothingApplied: run the same again); what was done is
 * listed above; or no write is known to have landed, but some may have (named, with where to see whether they did).
 */
function describeStopLine(result: ApplyResult, by: NonNullable<ApplyResult['stoppedBy']>, shell: Shell, planFile: string | undefined, selection: RunSelection | undefined): string {
  const count = result.notStarted.length;
  const again = renderApplyAgain(shell, planFile, selection);
  const skipped = describeSkipped(shell, planFile);
  const credentials = describeCheckingCredentials(shell, result.stopCredentialsFrom, selection?.job, result.stopCredentialsFallbackFor);
  const reason = result.stopReason ?? (by === 'writes-refused' ? 'a server error' : 'no response');
  // The reason names the proxy already (`cannot reach the proxy http://… (from HTTPS_PROXY): …`): the head names only which end went quiet.
  const silent = result.stoppedAtProxy === undefined ? 'Grafana' : 'the proxy';
  const why = { unauthorized: 'Grafana answered 401 Unauthorized', unreachable: `${silent} stopped answering (${reason})`, 'writes-refused': `Grafana refuses every write (${reason})` };
  const keepsRefusing = '; if it keeps refusing, ask who runs it (maintenance, a read-only database?)';
  if (nothingApplied(result)) {
    // "Before the first write" only where none was tried: a write Grafana refused, or that found no connection, was tried.
    const when = triedWrites(result) === 0 ? 'before the first write' : 'before any write landed';
    const next = { interrupt: again, unauthorized: credentials, unreachable: `${again} once it answers`, 'writes-refused': `${again} once it takes writes${keepsRefusing}` }[by];
    const head = by === 'interrupt' ? `interrupted ${when}` : `stopped ${when}: ${why[by]}${count > 0 ? ` (${count} not started)` : ''}`;
    return `${withNothingAppliedLine(head)}. ${next}`;
  }
  const maybe = describeMayHaveLanded(result, shell, selection);
  if (by === 'interrupt') {
    // Ctrl-C while the last writes were in flight, each of which then ended: running again has nothing to finish.
    if (count === 0 && maybe === '' && result.failures.length === 0) return 'interrupted after every planned change had started: each ended as listed above, and none was left to start';
    const landed = wroteSomething(result) || maybe === '' ? `what was done is listed above${maybe && `, and ${maybe}`}` : `no write is known to have landed, but ${maybe}`;
    return `interrupted: ${plural(count, 'planned change')} ${count === 1 ? 'was' : 'were'} not started; ${landed}. ${again} to finish${skipped}`;
  }
  const then = maybe && `; ${maybe}`;
  if (by === 'unauthorized') return `stopped: ${why[by]}, so no further change was started (${count} not started)${then}. ${credentials}`;
  if (by === 'unreachable') return `stopped: ${why[by]}, so no further change was started (${count} not started)${then}. ${again} once it answers${skipped}`;
  // Writes in flight when it stopped still ended, some of them well: what the run came to is counted here.
  return `stopped: ${why[by]}, so no further change was started: ${describeStopCounts(result).join(', ')}${then}. ${again} once it takes writes${skipped}${keepsRefusing}`;
}

/** Writes the run tried that Grafana did not take: the failures tried, and the conflicts. */
function triedWrites(result: ApplyResult): number {
  return result.failures.filter((failure) => !failure.notAttempted).length + result.conflicts.length;
}

/** Whether a write of the run is known to have landed (its line above says what was done). */
function wroteSomething(result: ApplyResult): boolean {
  const written = [
    result.created, result.updated, result.moved, result.deleted,
    result.foldersCreated, result.foldersUpdated, result.foldersMoved, result.foldersDeleted,
    result.libraryPanelsCreated, result.libraryPanelsUpdated, result.libraryPanelsMoved, result.libraryPanelsDeleted,
    result.libraryPanelsRenamed ?? [],
  ];
  return written.some((list) => list.length > 0);
}

/** `whether 2 writes landed is not known (update a; delete b): dashsync plan will show it`; '' when there is no such write. */
function describeMayHaveLanded(result: ApplyResult, shell: Shell, selection: RunSelection | undefined): string {
  const maybe = writesThatMayHaveLanded(result);
  if (maybe.length === 0) return '';
  const writes = maybe.length === 1 ? '1 write' : `${maybe.length} writes`;
  return `whether ${writes} landed is not known (${listCompactly(maybe, shell, selection)}): ${describeShownBy(shell, selection)}`;
}

/**
 * `Run dashsync apply plan.json again`: a reviewed plan is finished by applying it again, not by planning (and reviewing)
 * anew; an apply that made its own plan, by the same apply, one command with the run's flags (it plans anew, prints that
 * plan, and at a terminal asks before it loses something); one that prunes `all`, by a plan saved to review and its apply.
 */
export function renderApplyAgain(shell: Shell, planFile: string | undefined, selection: RunSelection | undefined): string {
  if (shell === 'action') return describeRerunFirst(selection?.job);
  // One that prunes `all` plans anew to a file to review first (advisesReviewedPlan).
  if (planFile === undefined && advisesReviewedPlan(selection)) return renderPlanAgain({ review: true }, selection, undefined);
  return `Run ${renderNextCommand(selection, planFile === undefined ? 'apply' : ['apply', planFile])} again`;
}

/** Conflicts, failures, unconfirmed writes and why the apply stopped, one line each: the problems, all at once (the Action's job summary). */
export function renderApplyProblems(result: ApplyResult, shell: Shell = 'cli', selection?: RunSelection): string {
  const lines: string[] = (result.missingLibraryPanels ?? []).map(
    (saved) => `saved with a missing library panel: ${saved.uid}${saved.libraryPanels.length ? ` (${saved.libraryPanels.map((uid) => `"${uid}"`).join(', ')})` : ''}: the panel shows an error in Grafana`,
  );
  lines.push(...result.conflicts.map((conflict) => renderConflict(conflict, shell, selection)));
  lines.push(...result.failures.map((failure) => renderFailure(failure, shell, selection)), ...result.unknown.map((unknown) => renderUnknown(unknown, shell, selection)));
  return lines.map((line) => `${escapeText(line)}\n`).join('') + renderApplyStop(result, shell, undefined, selection);
}

/**
 * How each shell overwrites knowingly: the CLI's forced apply, as a command (of the saved plan applied, where one was); in
 * the Action, a forced apply from a shell, once, of this reviewed plan, or a plan made and reviewed there, whose apply
 * overwrites the drift it shows without --force (`reviewedPlanOverwrites`: the edit is that drift, walk-68 L1).
 * `args: --force` on the step starts no run of its own (a push of the workflow file is outside the usual `paths:`, a re-run
 * reads the old workflow), and then forces every later apply over every edit.
 */
function describeForce(shell: Shell, selection: RunSelection | undefined, purpose: string, reviewedPlanOverwrites = false): string {
  if (shell === 'cli') {
    const planFile = selection?.savedPlanFile;
    return `${renderNextCommand(selection, planFile === undefined ? 'apply --force' : ['apply', '--force', planFile])}${purpose}`;
  }
  const credentials = 'with the Grafana credentials this job uses';
  const planFile = selection?.savedPlanFile;
  if (planFile !== undefined) {
    return (
      `run ${renderNextCommand(selection, ['apply', '--force', planFile])}${purpose}, once, from a checkout of this commit holding ${planFile} (this job's plan artifact), ${credentials} ` +
      `(it makes only this reviewed plan's changes, over the edits made in Grafana since that they meet)`
    );
  }
  return (
    `run ${renderNextCommand(selection, ['plan', '--out', 'plan.json'])} from a checkout of this commit, ${credentials}, review it, then ${renderNextCommand(selection, ['apply', ...(reviewedPlanOverwrites ? [] : ['--force']), 'plan.json'])}${purpose} ` +
    `(once: args: --force on the apply step would overwrite every edit made in Grafana, in every later run too)`
  );
}
/** What to do when another commit was applied after the plan: the branch takes it in, and a new plan is reviewed. */
function describeRebase(shell: Shell, selection: RunSelection | undefined): string {
  // The Action applies what its branch holds: the commit is brought in by a push, whose run plans anew.
  return shell === 'cli' ? `rebase the branch on it (or merge it in) and run ${renderNextCommand(selection, 'plan')} again` : 'take that commit into this branch (merge or rebase) and push: the run of that push plans with both';
}
/** After a conflict with a commit HEAD already contains: the saved plan predates it, so a plan made now holds both. */
function describePlanAgain(shell: Shell, selection: RunSelection | undefined): string {
  // A re-run of the Action's job applies the same reviewed plan again (the same conflict): only a newer commit's run plans anew.
  return shell === 'cli'
    ? `run ${renderNextCommand(selection, 'plan')} again (this saved plan predates it)`
    : `this plan predates it, and ${describeNewerRun(selection?.job, 'with both')}`;
}
/** Where to see whether a write that was not answered landed. */
function describeShownBy(shell: Shell, selection: RunSelection | undefined): string {
  return shell === 'cli' ? `${renderNextCommand(selection, 'plan')} will show it` : `a re-run of ${nameJob(selection?.job)} shows it`;
}
const CHECK_CREDENTIALS: Record<Shell, string> = {
  cli: 'Check GRAFANA_TOKEN or GRAFANA_USER/GRAFANA_PASSWORD',
  action: 'Check the grafana-token input',
};

/**
 * `Check GRAFANA_TOKEN_STAGING and run again`: after a 401 stopped a run (`from`: the variables its credentials came from,
 * when known; `fallbackFor`: the environment that took them from the generic ones, whose own the line names too); in the
 * Action, the input, then a re-run of the job (`job`: which one).
 */
export function describeCheckingCredentials(shell: Shell, from: string | undefined, job?: WorkflowJob, fallbackFor?: string): string {
  if (shell === 'action') return `${CHECK_CREDENTIALS.action}, then ${describeRerun(job)}`;
  if (from !== undefined && fallbackFor !== undefined) {
    const own = ownCredentialVariables(fallbackFor, from);
    return `Check ${from}, which environment ${fallbackFor} takes because its own ${own.names} ${own.are} not set (or set ${own.names} to credentials of ${fallbackFor}'s Grafana), and run again`;
  }
  return `${from ? `Check ${from}` : CHECK_CREDENTIALS[shell]} and run again`;
}

/**
 * An apply with nothing to do: a plan made now found Grafana as the tree (but for the dashboards
 * another tool owns, which the plan's warnings name, and the labels Grafana keeps none of, which its note names); a saved plan only says what held when it was made.
 * Either way the live dashboards prune left alone are counted, as the plan's summary does: for a file outside the selection, and
 * by design (renderNotPrunedKept; then, but for a parent-only folder's, Grafana does not match the tree).
 */
export function renderNothingToApply(
  source: 'saved' | 'planned',
  summary: Pick<PlanSummary, 'untouched' | 'labelsNotKept' | 'outsideSelection' | 'otherEnvironments' | 'pruneOff' | 'generalLevel' | 'notThisTree' | 'shallowHistory' | 'parentOnly' | 'externalFolders'>,
  environment: string | null = null,
): string {
  const notPruned = [
    summary.outsideSelection ? `; ${renderNotPruned(summary.outsideSelection, environment)}` : '',
    ...renderNotPrunedKept(summary).map((part) => `; ${part}`),
  ].join('');
  if (source === 'saved') return `Nothing to apply: the saved plan has no changes${notPruned}.`;
  // Grafana still holds dashboards no file of the tree holds (or of a folder it no longer names): it does not match the tree.
  if (summary.otherEnvironments || summary.pruneOff || summary.generalLevel || summary.notThisTree || summary.shallowHistory) return `Nothing to apply${notPruned}.`;
  const owned = summary.untouched ?? 0;
  const unkept = summary.labelsNotKept ?? 0;
  const except = [
    owned === 0 ? '' : owned === 1 ? '1 dashboard another tool manages, which dashsync leaves as it is (see the warning above)' : `${owned} dashboards other tools manage, which dashsync leaves as they are (see the warnings above)`,
    unkept === 0 ? '' : `the labels and annotations of ${unkept === 1 ? '1 dashboard' : `${unkept} dashboards`}, which Grafana does not keep: nothing to write`,
  ].filter(Boolean);
  if (except.length === 0) return `Nothing to apply: Grafana already matches the tree${notPruned}.`;
  return `Nothing to apply: Grafana matches the tree except ${except.join(', and ')}${notPruned}.`;
}

/**
 * An action that did not happen, and why; one a new plan resolves ends with that step, as the CLI's commands with this run's
 * flags (renderPlanAgain: `; run dashsync plan --env prod --out p.json again, then dashsync apply --env prod p.json`), or in
 * words that name no flag (the Action's).
 */
export function renderFailure(f: Pick<ApplyFailure, 'uid' | 'title' | 'action' | 'message' | 'planAgain'>, shell: Shell = 'cli', selection?: RunSelection, planFile?: string): string {
  const step = f.planAgain === undefined ? '' : `; ${lowerFirst(shell === 'cli' ? renderPlanAgain(f.planAgain, selection, planFile) : planAgain(f.planAgain).action)}`;
  return `failed: ${f.action} ${f.uid} ${quoteText(f.title)}: ${f.message}${step}`;
}

/** A write Grafana did not confirm and that could not be read back (or confirmed with an answer cut off before its end: `answered`). */
export function renderUnknown(u: Pick<ApplyFailure, 'uid' | 'title' | 'action' | 'message' | 'answered' | 'readBackDiffers'>, shell: Shell = 'cli', selection?: RunSelection): string {
  const outcome = !u.answered
    ? 'whether it landed is not known'
    : u.readBackDiffers
      ? 'it landed, and the read back after it found something else there (saved or deleted since by someone else?)'
      : 'it landed, and what Grafana holds now could not be read back';
  return `unknown: ${u.action} ${u.uid} ${quoteText(u.title)}: ${u.message}; ${outcome}: ${describeShownBy(shell, selection)}`;
}

/**
 * A second Ctrl-C quits before Grafana answered these writes: one line naming them (`update redis-exporter "Redis"`, as
 * an unknown line labels its action), or null when none went out.
 */
export function renderQuitWithWritesInFlight(writes: readonly { label: string; uid: string; title: string }[], selection?: RunSelection): string | null {
  if (writes.length === 0) return null;
  const named = writes.map((write) => `${write.label} ${write.uid} ${quoteText(write.title)}`).join(', ');
  const they = writes.length === 1 ? 'it' : 'they';
  return `unknown: ${named}: quit before Grafana answered; whether ${they} landed is not known: ${describeShownBy('cli', selection)}`;
}

/**
 * A second Ctrl-C quits at once: what the apply did up to then, counted (`ended`: OutcomeTally.entries), with the writes
 * Grafana has not answered as unknown and the rest of the plan as not started, and where to see what is left.
 */
export function renderApplyQuit(
  ended: readonly { kind: ResourceKind; outcome: string; count: number }[],
  unknownInFlight: number,
  notStarted: number,
  selection?: RunSelection,
): string {
  const unknown = unknownInFlight + ended.filter((entry) => entry.outcome === 'unknown').reduce((sum, entry) => sum + entry.count, 0);
  const parts = ended
    .filter((entry) => entry.outcome !== 'unknown')
    .map((entry) => `${entry.count} ${QUIT_NOUNS[entry.kind](entry.count)}${entry.outcome === 'conflict' && entry.count !== 1 ? 'conflicts' : entry.outcome}`);
  if (unknown > 0) parts.push(`${unknown} unknown`);
  if (notStarted > 0) parts.push(`${notStarted} not started`);
  return `quit: ${parts.length > 0 ? parts.join(', ') : 'nothing done'}: ${renderNextCommand(selection, 'plan')} shows what is left`;
}

/** How the quit line names what a count is of: dashboards go unnamed, as in apply's summary. */
const QUIT_NOUNS: Record<ResourceKind, (count: number) => string> = {
  dashboard: () => '',
  folder: (count) => (count === 1 ? 'folder ' : 'folders '),
  'library-panel': (count) => (count === 1 ? 'library panel ' : 'library panels '),
};

/** One conflict as people read it: what the plan expected, what Grafana has now, who changed it, what to do (in the words of the shell that prints it). */
export function renderConflict(c: ApplyConflict, shell: Shell = 'cli', selection?: RunSelection): string {
  const deleting = c.action === 'delete' || c.action === 'library-panel-delete';
  const outcome = deleting ? 'not deleted' : 'left untouched';
  const fix = describeForce(
    shell,
    selection,
    deleting ? ' to delete it anyway (a backup is written first)' : c.storedAs !== undefined ? ` to put your ${c.storedAs === 'v2' ? 'classic' : 'v2'} file back over it` : ' to overwrite it',
  );
  const folder = c.action.startsWith('folder-');
  const library = c.action.startsWith('library-panel-');
  const who = describeChanger(c, library);
  const what = folder ? `folder ${c.uid}` : library ? `library panel ${c.uid}` : c.uid;
  // pull takes folder and library panel uids too (a folder's: its _folder.json).
  const pull = renderNextCommand(selection, `pull ${c.uid}`);
  const plan = renderNextCommand(selection, 'plan');
  if (c.unreviewedDrift) return renderUnreviewedDrift(c, c.unreviewedWhy, what, shell, selection);
  if (c.driftCheckedAtApply) return renderDriftCheckedAtApply(c, what, shell, selection);
  if (c.managedSince !== undefined) {
    return (
      `conflict: ${describeSubject(c, what)} is now ${escapeText(c.managedSince)}, since the plan; left untouched: dashsync never writes a dashboard another tool manages. ` +
      `Change it through that tool, or give the file another uid (${plan} shows the rest)`
    );
  }
  if (c.createRefusedUnread !== undefined) return renderCreateRefusedUnread(c, c.createRefusedUnread, what);
  if (c.folderDeleted !== undefined) {
    return (
      `conflict: folder ${renderDeletedFolder(c.folderDeleted)} was deleted in Grafana after the plan (by another run?); ${what} ${quoteText(c.title)}${c.file ? ` (${c.file})` : ''} not ${c.action === 'create' ? 'created' : 'saved'}. ` +
      `Run ${plan} to review: apply then creates the folder again from the tree`
    );
  }
  if (!deleting && c.plannedVersion !== null && c.currentVersion === null) {
    const planned = c.opaqueRevisions ? '' : ` (planned version ${c.plannedVersion})`;
    return (
      `conflict: ${describeSubject(c, what)} was deleted in Grafana after the plan${planned}; not created again. ` +
      `Run ${plan} to review: apply then creates it from the file; to keep it deleted, remove the file`
    );
  }
  if (c.action === 'folder-create' && c.currentTitle != null) return renderFolderCreatedMeanwhile(c, shell, selection);
  if (!deleting && c.plannedVersion === null && c.currentVersion !== null && (c.action === 'create' || c.action === 'library-panel-create')) {
    return renderCreatedMeanwhile(c, what, shell, selection);
  }
  const named = c.currentTitle != null && c.currentTitle !== (c.plannedTitle ?? c.title) ? `now ${library ? 'named' : 'titled'} ${quoteText(c.currentTitle)}` : '';
  const moved = c.currentParent === undefined ? '' : c.currentParent.uid === null ? 'now at the top level' : `now in folder ${c.currentParent.title === null ? c.currentParent.uid : `${quoteText(c.currentParent.title)} (${c.currentParent.uid})`}`;
  const versions = c.opaqueRevisions && !c.versionSavedAgain ? '' : renderVersions(c);
  if (c.savedByDashsync && !c.recreated) return renderPushedSinceConflict(c, c.savedByDashsync, { what, versions, named, outcome, deleting }, shell, selection);
  const details = [versions, named, moved, who].filter(Boolean).join(', ');
  // A schema switch's advice is a sentence of its own ("Grafana now stores it as …"); the others go on after "to review, ".
  const review = !deleting && !c.nameTakenBy && c.storedAs !== undefined ? `Run ${plan} to review. ` : `Run ${plan} to review, `;
  return (
    `conflict: ${describeSubject(c, what)} ${c.recreated ? 'was deleted and created again' : 'changed'} in Grafana after the plan${details ? `: ${details}` : ''}; ${outcome}. ` +
    // pull refuses where it can tell the file holds a change not applied yet (and says how to merge); it never keeps both by itself.
    `${review}${c.nameTakenBy ? describeKeepingHandedOverEdit(pull, c.nameTakenBy) : describeTakingLiveEdit(c, deleting, selection)}, or ${fix}`
  );
}

/**
 * An edit made in Grafana that a plan no one reviewed would overwrite (the Action's one-step apply, the CLI's
 * `apply --auto-approve` without a plan file): kept, and the two ways on: take it into the file, or overwrite it knowingly
 * (a reviewed plan shows it as drift; --force).
 */
function renderUnreviewedDrift(c: ApplyConflict, why: UnreviewedWhy | undefined, what: string, shell: Shell, selection: RunSelection | undefined): string {
  const at = c.changedAt ? ` at ${c.changedAt}` : '';
  const because = describeUnreviewedWhy(why, shell);
  if (c.otherRepository !== undefined) return renderOtherRepositoryHeld(c, c.otherRepository, because, shell, selection);
  if (c.notInClone !== undefined) return renderNotInCloneHeld(c, c.notInClone, because, shell, selection);
  if (c.takeover !== undefined) return renderTakeoverHeld(c, c.takeover, because, shell, selection);
  if (c.folderEdit !== undefined) return renderFolderEditHeld(c, c.folderEdit, because, shell, selection);
  if (c.deletedInGrafana !== undefined) return renderDeletedInGrafanaHeld(c, c.deletedInGrafana, because, shell, selection);
  if (c.trashUnread !== undefined) return renderTrashUnreadHeld(c, c.trashUnread, because, shell, selection);
  const edit = c.metadataEdited
    ? `had its labels or annotations changed in Grafana (at version ${c.plannedVersion}; Grafana does not record by whom)`
    : c.uncommittedPush
    ? `was last saved by dashsync from a checkout whose file held changes not committed (version ${c.plannedVersion}${c.changedBy !== null ? `, as ${describeSaver(c.changedBy)}` : ''}${at}): no commit holds that version, so it counts as someone else's change`
    : `was last saved in Grafana ${c.changedBy !== null ? `by ${describeSaver(c.changedBy, c.action.startsWith('library-panel-') ? 'library panel' : 'dashboard')}` : 'by someone'}, not by dashsync (version ${c.plannedVersion}${at})`;
  if (c.action === 'delete' && c.uidChangedTo !== undefined) {
    // A change of uid held whole (heldUidChanges): put back, the old uid is the file's again, and pull merges the edit into it.
    const { file, uid } = c.uidChangedTo;
    return (
      `conflict: ${file} changed its uid ${c.uid} → ${uid}, but ${c.uid} ${quoteText(c.title)} ${edit}, and no one reviewed a plan that deletes it with that edit${because === null ? '' : ` ${because}`}; ` +
      `the change of uid is held: ${c.uid} not deleted, ${uid} not created. ${c.shallowHistory ? `${describeShallowDrift(shell, 'that edit', { selection, why })}. If not, to keep it` : 'To keep the edit'}: ${describeUidPutBack({ file, uid, from: c.uid }, renderNextCommand(selection, `pull ${c.uid}`))}; ` +
      `to change the uid anyway (the edit goes with ${c.uid}; a backup is written first): ${describeOverwritingReviewed(shell, selection)}`
    );
  }
  if (c.action === 'delete' || c.action === 'library-panel-delete') {
    // Prune's delete of what dashsync pushed and someone saved since: pull writes its file back, which keeps it for good.
    return (
      `conflict: ${describeSubject(c, what)} ${edit}, and no one reviewed a plan that deletes it with that edit${because === null ? '' : ` ${because}`}; not deleted. ` +
      `${c.shallowHistory ? `${describeShallowDrift(shell, 'that edit', { selection, why })}. If not, to keep it` : 'To keep it'}: ${renderNextCommand(selection, `pull ${c.uid}`)} writes its file back into the tree (commit it); to delete it anyway: ${describeOverwritingReviewed(shell, selection)}`
    );
  }
  if (c.historyUnread !== undefined) {
    // A same-content move whose history could not be read: the save may be a move made in Grafana, or one of a tree adopted from another tool.
    return (
      `conflict: ${describeSubject(c, what)} ${edit}, and its history could not be read (${c.historyUnread}), so whether that save moved it from where dashsync placed it is not known; ` +
      `no one reviewed a plan that moves it back${because === null ? '' : ` ${because}`}; left where it is. To keep Grafana's folder: ${renderNextCommand(selection, `pull ${c.uid}`)} takes it into the tree ` +
      `with that folder (it cannot tell whose move it was either, and says so); to move it back: ${describeOverwritingReviewed(shell, selection)}`
    );
  }
  return (
    `conflict: ${describeSubject(c, what)} ${edit}, and no one reviewed a plan that overwrites that edit${because === null ? '' : ` ${because}`}; left untouched. ` +
    // A plain pull, committed file or not: the file most often holds nothing of its own (the plan found only the edit), and
    // where it does, pull refuses and says how to merge; `pull --force` and the hand-merge steps would presume a change.
    (c.shallowHistory ? `${describeShallowDrift(shell, 'that edit', { selection, why })}. If not, to keep it` : 'To keep the edit') +
    `: ${c.liveDirectoryLeftOut !== undefined ? describeTakingEditLeftOut(c.uid, c.file, c.liveDirectoryLeftOut, selection) : c.action === 'move' ? describeTakingEditOfMove(c.uid, selection) : describeTakingLiveEdit({ ...c, fileCommitted: undefined }, false, selection)}` +
    `${c.liveFolderOutsideTree === undefined ? '' : describeCollision(c.liveFolderOutsideTree)}; to overwrite it: ${describeOverwritingReviewed(shell, selection)}`
  );
}

/**
 * An update or move whose plan could not read the version history (drift not checked), held at apply: its history, read now,
 * shows a version someone other than dashsync saved. The ways on: pull the edit in, or overwrite it knowingly (--force).
 */
function renderDriftCheckedAtApply(c: ApplyConflict, what: string, shell: Shell, selection: RunSelection | undefined): string {
  const at = c.changedAt ? ` at ${c.changedAt}` : '';
  const edit = c.metadataEdited
    ? `had its labels or annotations changed in Grafana (at version ${c.currentVersion}; Grafana does not record by whom)`
    : `was last saved in Grafana ${c.changedBy !== null ? `by ${describeSaver(c.changedBy)}` : 'by someone'}, not by dashsync (version ${c.currentVersion}${at})`;
  return (
    `conflict: ${describeSubject(c, what)} ${edit}, which its plan could not check (drift not checked: the plan's credentials could not read its history); left untouched. ` +
    `To keep the edit: ${c.action === 'move' ? describeTakingEditOfMove(c.uid, selection) : describeTakingLiveEdit(c, false, selection)}; or ${describeForce(shell, selection, ' to overwrite it')}`
  );
}

/**
 * A save over another repository's dashboard that no one reviewed: the file took a uid that lives in a folder this tree does
 * not hold. Held; the ways on: another uid for the file, or taking it knowingly.
 */
function renderOtherRepositoryHeld(c: ApplyConflict, other: NonNullable<ApplyConflict['otherRepository']>, because: string | null, shell: Shell, selection: RunSelection | undefined): string {
  const folder = quoteText(other.folderTitle);
  const whose = other.externalListed ? `its folder ${folder} is listed in externalFolders` : `its folder ${folder} (${other.folderUid}) is no directory of this tree's`;
  return (
    `conflict: ${describeSubject(c, c.uid)} is another repository's: dashsync saved it from commit ${other.commit}, which this repository does not have (${whose}), ` +
    `and no one reviewed a plan that takes it${because === null ? '' : ` ${because}`}; left untouched. ` +
    `If your file is not that dashboard, give it another uid; to take it anyway: ${describeOverwritingReviewed(shell, selection, 'it as from another repository')}`
  );
}

/**
 * An update or move of a dashboard dashsync saved from a commit this clone does not have, no one having reviewed it: an unfetched
 * branch of this repository and another repository look alike, so it is held; after a fetch the next plan tells them apart.
 */
function renderNotInCloneHeld(c: ApplyConflict, missing: NonNullable<ApplyConflict['notInClone']>, because: string | null, shell: Shell, selection: RunSelection | undefined): string {
  const commit = `${missing.commit}${missing.subject ? ` ${quoteText(missing.subject)}` : ''}`;
  const fetch = shell === 'action' ? "set fetch-depth: 0 on this job's actions/checkout step, push that change and plan again" : `${FETCH_EVERY_BRANCH}, then ${renderNextCommand(selection, 'plan')}`;
  return (
    `conflict: ${describeSubject(c, c.uid)} was saved by dashsync from commit ${commit}, which this repository does not have (not fetched yet, or another repository's), ` +
    `and no one reviewed a plan that ${c.action === 'move' ? 'moves it back' : c.action === 'delete' ? 'deletes it' : 'changes it back'}${because === null ? '' : ` ${because}`}; left untouched. ` +
    `To know whose it is: ${fetch} (a branch of this repository's then shows as not in this branch); ` +
    `to take it anyway: ${describeOverwritingReviewed(shell, selection, 'it as not in this clone')}`
  );
}

/**
 * A folder rename or prune delete that takes over a folder made in Grafana (a `_folder.json` naming its uid), no one having
 * reviewed it: held; the ways on: a uid of its own for that `_folder.json`, or taking it over knowingly.
 */
function renderTakeoverHeld(c: ApplyConflict, takeover: NonNullable<ApplyConflict['takeover']>, because: string | null, shell: Shell, selection: RunSelection | undefined): string {
  const folder = `folder ${quoteText(takeover.folderTitle)} (${takeover.folderUid})`;
  const subject = c.action.startsWith('folder-') && c.uid === takeover.folderUid ? `${folder} not renamed ${quoteText(c.title)}` : `${describeTakeoverWrite(c)} ${describeTakeoverWriteHeld(c, takeover)}`;
  const known = takeover.historyUnread ? TAKEOVER_NOT_JUDGED : takeover.treeInside ? TAKEOVER_TREE_INSIDE : 'made in Grafana, none of its dashboards pushed by dashsync';
  return (
    `conflict: ${subject}: ${takeover.file} takes over ${folder}, ${known}, ` +
    `and no one reviewed a plan that takes it over${because === null ? '' : ` ${because}`}. If that folder is not this tree's, give ${takeover.file} a uid of its own; ` +
    `to take it over anyway: ${describeOverwritingReviewed(shell, selection, 'the takeover')}`
  );
}

/** `an-1 "Analytics board"`, `library panel lp-an "Analytics CPU"`, `folder "Sub" (an-sub)`: what a held takeover did not write. */
function describeTakeoverWrite(c: ApplyConflict): string {
  if (c.action.startsWith('folder-')) return `folder ${quoteText(c.title)} (${c.uid})`;
  return `${c.action.startsWith('library-panel-') ? 'library panel ' : ''}${c.uid} ${quoteText(c.title)}`;
}

/** `not deleted`; `not created (its folder's takeover is held)`; `not moved (it would go into folder "Sub" (an-sub), made inside the folder whose takeover is held)`. */
function describeTakeoverWriteHeld(c: ApplyConflict, takeover: NonNullable<ApplyConflict['takeover']>): string {
  if (c.action.endsWith('delete')) return 'not deleted';
  const verb = c.action.endsWith('create') ? 'not created' : 'not moved';
  const whose = c.action.startsWith('folder-') ? 'its parent folder' : 'its folder';
  return takeover.into === undefined
    ? `${verb} (${whose}'s takeover is held)`
    : `${verb} (it would go into folder ${quoteText(takeover.into.title)} (${takeover.into.uid}), made inside the folder whose takeover is held)`;
}

/** A takeover of a folder that holds the tree's own dashboards beside others dashsync never pushed: what may have happened, held either way. */
const TAKEOVER_TREE_INSIDE =
  "which holds dashboards dashsync never pushed beside the tree's own (a folder of this tree's renamed in Grafana and added to there, or one made there that an earlier apply put the tree's dashboards into)";

/** Why a takeover whose dashboards' histories the plan could not read is held all the same. */
const TAKEOVER_NOT_JUDGED =
  'which may be made in Grafana: the version history that shows whether dashsync pushed its dashboards could not be read when the plan was made (these credentials may not read it, or Grafana could not list it)';

/** A folder update no one reviewed that would undo a rename or move made in Grafana: left as Grafana has it; the ways on. */
function renderFolderEditHeld(c: ApplyConflict, edit: NonNullable<ApplyConflict['folderEdit']>, because: string | null, shell: Shell, selection: RunSelection | undefined): string {
  const edits = [
    ...(edit.liveTitle !== undefined ? [`renamed in Grafana to ${quoteText(edit.liveTitle)}`] : []),
    ...(edit.liveParentUid !== undefined ? [`moved in Grafana ${edit.liveParentUid === null ? 'to the top level' : `into folder ${edit.liveParentUid}`}`] : []),
  ];
  const keep = edit.directory
    ? [`give it ${edit.file} holding ${JSON.stringify({ uid: c.uid, title: edit.liveTitle ?? c.title })}${edit.liveParentUid !== undefined ? ', then move its directory where Grafana has it' : ''}`]
    : [...(edit.liveTitle !== undefined ? [`put that title in ${edit.file}`] : []), ...(edit.liveParentUid !== undefined ? ['move its directory where Grafana has it'] : [])];
  const unsaid = edit.directory ? `which its directory (no ${basename(edit.file)}) never said` : `which ${edit.file} never said in git`;
  return (
    `conflict: folder ${c.uid} ${quoteText(c.title)} was ${edits.join(' and ')}, ${unsaid}, ` +
    `and no one reviewed a plan that undoes that${because === null ? '' : ` ${because}`}; left as Grafana has it. ` +
    `To keep it, ${keep.join(' and ')}; to undo it: ${describeOverwritingReviewed(shell, selection, 'it as drift')}`
  );
}

/** A create no one reviewed of a dashboard a person deleted in Grafana (it waits in "Recently deleted"): not made; the ways on. */
function renderDeletedInGrafanaHeld(c: ApplyConflict, deleted: NonNullable<ApplyConflict['deletedInGrafana']>, because: string | null, shell: Shell, selection: RunSelection | undefined): string {
  const when = [deleted.deletedAt === null ? '' : ` at ${deleted.deletedAt}`, deleted.deletedBy === null ? '' : ` by ${quoteText(deleted.deletedBy)}`].join('');
  // The Action's words keep the run's environment (and config, root): pasted without --env, a config with environments refuses it.
  const restore = renderNextCommand(selectionInShellWords(selection, shell), ['restore', c.uid]);
  return (
    `conflict: ${c.file ?? c.uid} ${quoteText(c.title)} (uid ${c.uid}) was deleted in Grafana${when} and waits in its "Recently deleted", ` +
    `and no one reviewed a plan that makes it anew from the file${because === null ? '' : ` ${because}`}; not created. ` +
    `To bring Grafana's copy back (with its id and history): ${restore}; to keep it deleted, remove the file; to make it anew from the file (Grafana then lists the deleted one no more): ` +
    describeOverwritingReviewed(shell, selection, 'the delete')
  );
}

/** A create no one reviewed of a dashboard that may wait in a "Recently deleted" not listed (rev-68c H1): not made; the ways on. */
function renderTrashUnreadHeld(c: ApplyConflict, failure: string, because: string | null, shell: Shell, selection: RunSelection | undefined): string {
  const again = shell === 'action' ? 'run the step again' : `run ${renderNextCommand(selection, 'plan')} again`;
  return (
    `conflict: ${c.file ?? c.uid} ${quoteText(c.title)} (uid ${c.uid}) may have been deleted in Grafana, whose "Recently deleted" could not be listed (${failure}), ` +
    `and no one reviewed a plan that makes it anew from the file${because === null ? '' : ` ${because}`}; not created (a create would replace Grafana's copy there for good). ` +
    `Once it can be listed, ${again}; to make it from the file anyway: ` +
    describeOverwritingReviewed(shell, selection, 'the create')
  );
}

/**
 * A held move out of a folder no directory of the tree holds (walk-62 H3): the pull that keeps it makes that folder the tree's,
 * which prune then empties of what no file holds; where the file only took a uid that lives there, another uid is the way out.
 */
function describeCollision(folder: { uid: string; title: string }): string {
  return (
    `. That pull makes folder ${quoteText(folder.title)} (${folder.uid}), which no directory of this tree holds, this tree's: a prune would then delete the dashboards there that no file holds. ` +
    'If your file only took a uid that lives there (a collision), give your file another uid instead'
  );
}

/**
 * A held move's edit (a dashboard's or a library panel's) where Grafana's folder is that of a directory this run's selection
 * leaves out (another environment's): pull takes the content into the file, which keeps its place; the next apply moves it
 * back to the file's folder.
 */
function describeTakingEditLeftOut(uid: string, file: string | null | undefined, leftOut: NonNullable<ApplyConflict['liveDirectoryLeftOut']>, selection: RunSelection | undefined): string {
  return (
    `${renderNextCommand(selection, `pull ${uid}`)} takes it into ${file ?? 'its file'}, which keeps its place: Grafana has it in folder ${quoteText(leftOut.title)} (${leftOut.uid}), ` +
    `whose directory ${leftOut.dir} ${leftOut.lists} leaves out, and the next apply moves it back to the folder of the file's directory`
  );
}

/**
 * A held move's edit: pull takes it with Grafana's folder (a move made there included), and refuses a file whose move in git
 * is not applied yet (its merge steps make that move again), so its plain form holds either way.
 */
function describeTakingEditOfMove(uid: string, selection: RunSelection | undefined): string {
  return `${renderNextCommand(selection, `pull ${uid}`)} to take it into the tree with Grafana's folder (where the move is yours and not applied yet, pull refuses and says how to merge the two)`;
}

/** The ways to overwrite an edit knowingly: a plan someone reviews, which shows it as drift, or --force. */
function describeOverwritingReviewed(shell: Shell, selection: RunSelection | undefined, shown = 'the edit as drift'): string {
  if (shell === 'action') return `apply a reviewed plan (a pull request's, which shows ${shown}), or ${describeForce(shell, selection, '', true)}`;
  const plan = renderNextCommand(selection, ['plan', '--out', 'plan.json']);
  const apply = renderNextCommand(selection, ['apply', 'plan.json']);
  // Pruning `all`, no apply is advised without the review (advisesReviewedPlan): that plan is the one way.
  const forced = advisesReviewedPlan(selection) ? '' : `; or ${renderNextCommand(selection, 'apply --auto-approve --force')}`;
  return `${plan}, review it (it shows ${shown}), then ${apply}${forced}`;
}

/**
 * A shallow checkout's history may lack the commit that holds an edit made in Grafana (a dashboard `dashsync pull` brought in,
 * saved there by a person): what to do when git does hold it, in the words of the shell that prints it.
 */
export function describeShallowDrift(shell: Shell, edit: string, rerun: { selection?: RunSelection; why?: UnreviewedWhy } = {}): string {
  const fetch =
    shell === 'action'
      ? `${fetchFullHistory('action')}: its run judges with the whole history`
      : `fetch the full history (git fetch --unshallow) and run ${renderNextCommand(rerun.selection, rerun.why === 'auto-approve' ? 'apply --auto-approve' : 'apply')} again`;
  return `This checkout's git history is shallow, so it cannot show whether an older commit already holds ${edit} (the commit of a dashsync pull that brought it in, say); if one does, ${fetch}`;
}

/**
 * The pull that takes a conflict's live edit in. A file holding a change of its own makes that pull refuse (changed on both
 * sides), and its refusal gives the commands that merge the two (for a committed change, from the commits pull reads).
 */
function describeTakingLiveEdit(c: ApplyConflict, deleting: boolean, selection: RunSelection | undefined): string {
  if (deleting) return `${renderNextCommand(selection, `pull ${c.uid}`)} to keep the live edit`;
  if (c.storedAs !== undefined) {
    // A merge by git diff is no merge here: every line of the file changes form.
    const pull = renderNextCommand(selection, `pull ${c.fileCommitted ? '--force ' : ''}${c.uid}`);
    const kept = c.fileCommitted ? 'your change stays in its commit, to make again in that form' : 'make your change again in that form';
    return `Grafana now stores it as ${c.storedAs === 'v2' ? 'a v2 dashboard' : 'a classic dashboard'}: ${pull} rewrites the whole file in that form to take the live edit (${kept})`;
  }
  const pull = renderNextCommand(selection, `pull ${c.uid}`);
  // A library panel's too: pull refuses a committed change to its file that no push or pull of dashsync's accounts for (walk-71 M3).
  return `${pull} to bring the live edit into the file (it refuses a file that holds a change not applied yet, and says how to merge the two)`;
}

/**
 * The live edit of a panel whose name the tree gives to another: it belongs in that panel's file, as a second file under
 * the same name is one check refuses (a name is once per folder).
 */
function describeKeepingHandedOverEdit(pull: string, taker: NonNullable<ApplyConflict['nameTakenBy']>): string {
  const into = taker.file === null ? `the file of library panel ${taker.uid}` : `${taker.file} (library panel ${taker.uid})`;
  return `to keep the live edit: ${pull} writes it to a file of its own; copy its model into ${into}, which takes over its name, and delete that file (a name is once per folder)`;
}

/**
 * `redis-exporter "Redis" (dashboards/redis.json, titled "Team F redis" there)`: the title Grafana showed when the plan was made
 * (the one people know it by), and the file's where it differs (audit-ux-9 F3: the file's alone named a dashboard nobody saw by that title).
 */
function describeSubject(c: ApplyConflict, what: string): string {
  // A folder the plan renames: named as Grafana showed it, and as the tree has it (its _folder.json or its directory).
  const retitled = c.action.startsWith('folder-') && c.plannedTitle != null && c.plannedTitle !== c.title;
  if (retitled) return `${what} ${quoteText(c.plannedTitle!)} (titled ${quoteText(c.title)} in the tree)`;
  if (!c.file) return `${what} ${quoteText(c.title)}`;
  const shown = c.plannedTitle ?? c.title;
  const named = c.action.startsWith('library-panel-') ? 'named' : 'titled';
  return `${what} ${quoteText(shown)} (${c.file}${shown !== c.title ? `, ${named} ${quoteText(c.title)} there` : ''})`;
}

/**
 * Who changed it and when, as Grafana records them: the saver in the words a drift line uses (describeSaver: `''` is a saver
 * Grafana no longer names). Where Grafana names none (a folder on Grafana 11, whose folder table keeps no saver, or one it
 * answers `Anonymous` for), the line says so rather than leave it out. A labels or annotations edit says it in its versions.
 */
function describeChanger(c: ApplyConflict, library: boolean): string {
  const at = c.changedAt ? ` at ${c.changedAt}` : '';
  if (c.changedBy !== null) return `changed by ${describeSaver(c.changedBy, library ? 'library panel' : 'dashboard')}${at}`;
  if (c.metadataEdited || c.currentVersion === null) return at === '' ? '' : `changed${at}`;
  return at === '' ? 'Grafana did not say who changed it, or when' : `changed${at} (Grafana did not say by whom)`;
}

/** The planned and current versions; a labels or annotations edit, which makes no version, is said as such (who and when, Grafana does not record). */
function renderVersions(c: ApplyConflict): string {
  if (c.versionSavedAgain) return `${c.opaqueRevisions ? 'its revision' : `version ${c.currentVersion}`} is now another save than the plan saw (Grafana's database restored from a backup?)`;
  if (!c.metadataEdited) return `planned version ${c.plannedVersion ?? 'none (new)'}, current version ${c.currentVersion ?? 'unknown'}`;
  const edit = 'its labels or annotations were changed (Grafana does not record by whom)';
  if (c.plannedVersion === c.currentVersion) return `${edit}, still at version ${c.currentVersion}`;
  return `planned version ${c.plannedVersion ?? 'none (new)'}, current version ${c.currentVersion ?? 'unknown'}, and since then ${edit}`;
}

/** `"Payments" (payments)`: the folder as the plan named it, and its uid; the uid alone when the plan had no title for it. */
function renderDeletedFolder(folder: NonNullable<ApplyConflict['folderDeleted']>): string {
  return folder.title === null ? folder.uid : `${quoteText(folder.title)} (${folder.uid})`;
}

/**
 * A create Grafana refused as a conflict while no dashboard under its uid can be read with these credentials: nothing was
 * changed after the plan, so neither a pull (it finds nothing) nor --force (refused the same) is the way; whoever can see
 * the whole org can (walk-72 L6). Grafana's words are cut (they come from the server, or from something in front of it).
 */
function renderCreateRefusedUnread(c: ApplyConflict, refusal: SaveRefusal, what: string): string {
  const said = refusal.message.trim() === '' ? '' : `: ${cutText(refusal.message.trim(), 200)}`;
  // A library panel has no "Recently deleted": one Grafana holds under the uid is in a folder these credentials cannot read.
  const panel = c.action.startsWith('library-panel-');
  const held = panel ? "library panel with this uid can be read with these credentials (in a folder they cannot see?)" : "dashboard with this uid can be read with these credentials (hidden by a folder's permissions, or in Recently deleted?)";
  return (
    `conflict: ${what} ${quoteText(c.title)}${c.file ? ` (${c.file})` : ''}: Grafana refused the create as a conflict (HTTP ${refusal.status}${said}), yet no ${held}; not created. ` +
    `An org Admin can see where ${c.uid} is and ${panel ? 'move' : 'take it back'} or remove it; else give the file another uid`
  );
}

/**
 * A create whose uid someone else took after the plan: nothing of it was the tree's, so there is no live edit to pull
 * (a pull would be refused, or would replace the new file); the file needs another uid, or --force takes the uid over.
 * What --force costs them is said: a dashboard's version history keeps theirs; a library panel has none, and apply backs
 * up only what it deletes, so theirs would be gone.
 */
function renderCreatedMeanwhile(c: ApplyConflict, what: string, shell: Shell, selection: RunSelection | undefined): string {
  const by = c.changedBy ? ` by ${describeSaver(c.changedBy)}` : '';
  const at = c.changedAt ? ` at ${c.changedAt}` : '';
  const as = c.currentTitle != null ? `as ${quoteText(c.currentTitle)}` : '';
  const version = c.opaqueRevisions ? '' : `version ${c.currentVersion}`;
  const details = [as, version].filter(Boolean).join(', ');
  const theirs =
    c.action === 'library-panel-create'
      ? `; theirs is then gone (library panels keep no version history, and apply backs up only what it deletes): save GET /api/library-elements/${c.uid} first if you need it`
      : ` (Grafana's version history keeps theirs${c.opaqueRevisions ? '' : ` as version ${c.currentVersion}`})`;
  return (
    `conflict: ${what} ${quoteText(c.title)}${c.file ? ` (${c.file})` : ''} was created in Grafana${by}${at} after the plan${details ? ` (${details})` : ''}; not created, and that one left untouched. ` +
    `Give the file another uid, or ${describeForce(shell, selection, ' to take that uid over with the file')}${theirs}`
  );
}

/**
 * A folder create whose uid a folder made in Grafana after the plan holds (another branch's apply, the UI): by whom, when,
 * as what and where. Running the same plan again meets it again; a new plan shows what applying the tree to that folder
 * changes (its title, its place). Its contents wait (not attempted), each line saying so.
 */
function renderFolderCreatedMeanwhile(c: ApplyConflict, shell: Shell, selection: RunSelection | undefined): string {
  const by = c.changedBy ? ` by ${describeSaver(c.changedBy)}` : '';
  const at = c.changedAt ? ` at ${c.changedAt}` : '';
  const where = c.currentParent === undefined ? '' : c.currentParent.uid === null ? ', at the top level' : `, in folder ${c.currentParent.title === null ? c.currentParent.uid : `${quoteText(c.currentParent.title)} (${c.currentParent.uid})`}`;
  const review = shell === 'cli' ? `Run ${renderNextCommand(selection, 'plan')} to review: a new plan` : `A new plan (${ACTION_NEW_PLAN_RUN})`;
  return (
    `conflict: folder ${c.uid} ${quoteText(c.title)} was created in Grafana${by}${at} after the plan (as ${quoteText(c.currentTitle!)}${where}); not created, and that one left untouched; ` +
    `what the plan puts into it is not attempted. ${review} shows what applying the tree to that folder changes (its title, its place); ` +
    `to leave it apart instead, give the tree's directory a _folder.json with another uid`
  );
}

/**
 * The save since the plan is dashsync's push of another commit (main moved after a branch's plan was made): said so, with
 * the git fix. `pull` would write that commit's content over the branch's files and --force would undo that commit in
 * Grafana, so neither is offered first.
 */
function renderPushedSinceConflict(
  c: ApplyConflict,
  pushed: PushedCommit,
  parts: { what: string; versions: string; named: string; outcome: string; deleting: boolean },
  shell: Shell,
  selection: RunSelection | undefined,
): string {
  const from = pushed.commit ? `from commit ${pushed.commit}${pushed.subject ? ` "${pushed.subject}"` : ''}` : `("${pushed.subject}")`;
  const as = c.changedBy ? ` as ${c.changedBy}` : '';
  const at = c.changedAt ? ` at ${c.changedAt}` : '';
  const details = [parts.versions, parts.named].filter(Boolean).join(', ');
  const overwrite = parts.deleting ? 'delete what that commit deployed' : "undo that commit's changes in Grafana";
  return (
    `conflict: ${describeSubject(c, parts.what)} was saved by dashsync ${from}${as}${at} after this plan was made` +
    `${details ? ` (${details})` : ''}; ${parts.outcome}. Another commit was applied since (main moved)${c.pushedCommitInHead ? `, and HEAD already contains it: ${describePlanAgain(shell, selection)}` : `: ${describeRebase(shell, selection)}`}; ` +
    `${shell === 'cli' ? 'apply --force' : 'a forced apply'} would ${overwrite}`
  );
}

/** How many uids the not-started line names; the rest are counted (dashsync plan lists them all). */
const LISTED = 20;

/** `update a, b; delete c`: uids grouped by what was planned, in the plan's order, at most LISTED of them. */
function listCompactly(actions: readonly { uid: string; action: string }[], shell: Shell, selection: RunSelection | undefined): string {
  const groups = groupBy(actions.slice(0, LISTED), ({ action }) => action, ({ uid }) => uid);
  const listed = [...groups].map(([verb, uids]) => `${verb} ${uids.join(', ')}`).join('; ');
  const rest = actions.length - LISTED;
  return rest > 0 ? `${listed}; and ${rest} more (${shell === 'cli' ? renderNextCommand(selection, 'plan') : 'the plan'} lists them)` : listed;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
