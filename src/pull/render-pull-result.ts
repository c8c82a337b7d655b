import { describeForceOutsideGit } from './describe-left-file.js';
import { escapeText, quoteText } from '../report/escape-untrusted.js';
import type { PassedOverFolders } from './read-passed-over-folders.js';
import { describePulledOwners } from './describe-pulled-owners.js';
import type { PruneFile } from './prune-pulled-files.js';
import type { SavedCopy } from './save-replaced-file.js';
import type { FormerFile, PullFileEvent, PullResult, SkippedTarget, UnfiledDashboard } from './types.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';
import { plural } from '../plural.js';
import { compareCodeUnits, compareCodeUnitsBy } from '../compare-code-units.js';

const DONE: Record<PullFileEvent['outcome'], string> = {
  created: 'created',
  updated: 'updated',
  moved: 'moved',
  unchanged: 'unchanged',
  kept: 'kept',
  refused: 'refused',
  pruned: 'deleted',
  'only-in-git': 'only in git',
  'folder-file': 'wrote',
};
const WOULD: Record<PullFileEvent['outcome'], string> = {
  created: 'would create',
  updated: 'would update',
  moved: 'would move',
  unchanged: 'unchanged',
  kept: 'would keep',
  refused: 'would refuse',
  pruned: 'would delete',
  'only-in-git': 'only in git',
  'folder-file': 'would write',
};

/**
 * The report on stdout: one line per file that changes (unchanged files are only counted),
 * the files deleted or only in git, then a summary line. Pure.
 */
export function renderPullReport(result: PullResult): string {
  const width = Math.max(...result.events.map((e) => describePullVerb(e, result.dryRun).length), 0);
  const lines: string[] = [];
  for (const event of sortPullEvents(result.events)) lines.push(escapeText(describePullEvent(event, result.dryRun, width)));
  for (const target of result.skipped) lines.push(escapeText(describeSkipped(target)));
  lines.push(...describePullHints(result).map(escapeText));
  // Its command names uids Grafana gave.
  lines.push(escapeText(renderPullSummary(result)));
  return `${lines.join('\n')}\n`;
}

/** The report's order: folder files, then dashboards and library panels, then the files gone from Grafana; by file within each. */
export function sortPullEvents(events: readonly PullFileEvent[]): PullFileEvent[] {
  return [...events].sort((a, b) => order(a) - order(b) || compareCodeUnits(a.file, b.file));
}

/** `created`, `would create`, …: the word a file's line starts with. */
function describePullVerb(event: PullFileEvent, dryRun: boolean): string {
  return (dryRun ? WOULD : DONE)[event.outcome];
}

/** One file's line (not yet escaped), its verb padded to `width` (the widest of the report's). */
export function describePullEvent(event: PullFileEvent, dryRun: boolean, width = 0): string {
  return `${describePullVerb(event, dryRun).padEnd(width)}  ${describeEvent(event)}`;
}

/** The report's lines after the files (not yet escaped): what was not considered, the files only in git, the dashboards no file holds. */
export function describePullHints(result: PullResult): string[] {
  const lines: string[] = [];
  if (result.notConsidered + result.notConsideredLibraryPanels > 0) {
    lines.push(describeNotConsidered(result.notConsidered, result.notConsideredLibraryPanels, result.selectionFrom));
  }
  // Files --prune would keep all the same (a dashboard still uses the panel) carry a reason and are left out here.
  const prunable = result.events.filter((event) => event.outcome === 'only-in-git' && event.why === undefined);
  if (prunable.length > 0 && result.pruneRefusal === undefined) {
    const prune = renderNextCommand(result.selection, ['pull', '--prune', ...(result.scopeWords ?? [])]);
    const apply = renderNextCommand(result.selection, 'apply');
    lines.push(
      prunable.length === 1
        ? `1 file only in git: its ${kinds(prunable)} not in Grafana. Deleted there: ${prune} deletes the file (git keeps it); new, not applied yet: ${apply} creates it.`
        : `${prunable.length} files only in git: their ${kinds(prunable)} not in Grafana. Deleted there: ${prune} deletes the files (git keeps them); ` +
            `new ones not applied yet: ${apply} creates them.`,
    );
  }
  // Files other environments deploy too: --prune keeps them (their lines say so), and apply's half holds for them still.
  const shared = result.events.filter((event) => event.outcome === 'only-in-git' && event.sharedOnlyInGit === true);
  if (shared.length > 0) {
    const apply = renderNextCommand(result.selection, 'apply');
    lines.push(
      shared.length === 1
        ? `1 file only in git that another environment deploys too (--prune keeps it: its line says why): its ${kinds(shared)} not in Grafana. New, not applied yet: ${apply} creates it.`
        : `${shared.length} files only in git that other environments deploy too (--prune keeps them: their lines say why): their ${kinds(shared)} not in Grafana. ` +
            `New ones not applied yet: ${apply} creates them.`,
    );
  }
  const noFile = describeNoFile(result);
  if (noFile !== null) lines.push(noFile);
  return lines;
}

/** The summary line (`Pull: 1 created, …`), as the report ends. */
export function renderPullSummary(result: PullResult): string {
  const c = result.counts;
  const parts = result.dryRun
    ? [`${c.created} to create`, `${c.updated} to update`, `${c.moved} to move`, `${c.unchanged} unchanged`, `${c.pruned} to delete`]
    : [`${c.created} created`, `${c.updated} updated`, `${c.moved} moved`, `${c.unchanged} unchanged`, `${c.pruned} deleted`];
  if (c.onlyInGit > 0) parts.push(`${c.onlyInGit} only in git`);
  if (c.kept > 0) parts.push(`${c.kept} kept`);
  if (c.refused > 0) parts.push(`${c.refused} refused`);
  if (c.skipped > 0) parts.push(`${c.skipped} skipped (outside include/exclude)`);
  const prunedBefore = result.skipped.filter((target) => target.prunedBefore).length;
  if (prunedBefore > 0) parts.push(`${prunedBefore} not written back (dashsync pruned ${prunedBefore === 1 ? 'it' : 'them'})`);
  const removalNotApplied = result.skipped.filter((target) => target.removalNotApplied);
  if (removalNotApplied.length > 0) parts.push(describeRemovalsNotApplied(removalNotApplied, result.selection));
  const leftToOwner = result.skipped.filter((target) => target.leftToOwner).length;
  if (leftToOwner > 0) parts.push(`${leftToOwner} not written back (${leftToOwner === 1 ? 'another tool manages it' : 'other tools manage them'})`);
  const ownerUnseen = result.skipped.filter((target) => target.ownerUnseen).length;
  if (ownerUnseen > 0) parts.push(`${ownerUnseen} not written back (not saved last by dashsync, ${ownerUnseen === 1 ? 'its owner' : 'their owners'} unseen through /api)`);
  const historyUnread = result.skipped.filter((target) => target.historyUnread).length;
  if (historyUnread > 0) parts.push(`${historyUnread} not written back (${historyUnread === 1 ? 'its version history' : 'their version histories'} unread, ${historyUnread === 1 ? 'its owner' : 'their owners'} unseen through /api)`);
  const external = result.skipped.filter((target) => target.externalFolder).length;
  if (external > 0) parts.push(`${external} not written (in externalFolders)`);
  if (c.failed > 0) parts.push(`${c.failed} failed`);
  if (result.notStarted.length > 0) parts.push(`${result.notStarted.length} not started`);
  return `Pull${result.dryRun ? ' (dry run, nothing written)' : ''}: ${parts.join(', ')}${result.interrupted ? ' (interrupted)' : ''}.${describeLibraryCounts(result)}`;
}

/**
 * `2 not written back (removed in git, not applied yet; dashsync pull a lp-b takes them all back)`: the one command naming every
 * uid held (dashboards and library panels), as `pull --force` would take more (files changed on both sides, dashboards
 * another tool keeps or dashsync pruned); one held names its own on its skipped line.
 */
function describeRemovalsNotApplied(held: readonly SkippedTarget[], selection: RunSelection | undefined): string {
  const counted = `${held.length} not written back (removed in git, not applied yet`;
  if (held.length === 1) return `${counted})`;
  const uids = [...new Set(held.map((target) => target.uid))].sort(compareCodeUnits);
  return `${counted}; ${renderNextCommand(selection, ['pull', ...uids])} takes them all back)`;
}

/** The library panel files written, moved, unchanged, deleted, kept or refused, apart from the dashboards (as apply counts them); '' for none. */
function describeLibraryCounts(result: PullResult): string {
  const l = result.libraryCounts;
  if (!l) return '';
  const named: [number, string][] = result.dryRun
    ? [[l.created, 'to create'], [l.updated, 'to update'], [l.moved, 'to move'], [l.unchanged, 'unchanged'], [l.pruned, 'to delete'], [l.kept, 'kept'], [l.refused, 'refused']]
    : [[l.created, 'created'], [l.updated, 'updated'], [l.moved, 'moved'], [l.unchanged, 'unchanged'], [l.pruned, 'deleted'], [l.kept, 'kept'], [l.refused, 'refused']];
  const parts = named.filter(([n]) => n > 0).map(([n, word]) => `${n} ${word}`);
  return parts.length > 0 ? ` Library panels: ${parts.join(', ')}.` : '';
}

/** Notes for people (stderr): dashboards another manager keeps, interruptions, things left as they are. */
export function renderPullNotes(result: PullResult): string {
  const lines = result.notes.map((note) => `note: ${note}`);
  lines.push(...describePulledOwners(result.owned, result.selection).map((note) => `note: ${note}`));
  return lines.map((line) => `${escapeText(line)}\n`).join('');
}

/**
 * Why the pull stopped before its end, and what it did not start (stderr, after the report): empty when it was not
 * interrupted. Every file written is in the report above; a file is written whole or not at all (writeFileAtomic).
 */
export function renderPullStop(result: PullResult): string {
  if (!result.interrupted) return '';
  const count = result.notStarted.length;
  const gone = result.goneNotChecked ? '; files whose dashboards or library panels are gone from Grafana were not looked at (none deleted)' : '';
  const written = result.dryRun || result.events.some((event) => WRITES.has(event.outcome)) ? 'what was written is listed above' : 'no file was written';
  const lines = [`interrupted: ${count} not started (not fetched: their files are as they were); ${written}${gone}. Run ${renderNextCommand(result.selection, 'pull')} again to finish`];
  if (count > 0) {
    const named = result.notStarted.slice(0, LISTED).map((target) => (target.resource === 'library-panel' ? `library panel ${target.uid}` : target.uid));
    lines.push(`not started (${count}): ${named.join(', ')}${count > LISTED ? `, and ${count - LISTED} more` : ''}`);
  }
  return lines.map((line) => `${escapeText(line)}\n`).join('');
}

/** The outcomes that wrote (or deleted) a file; the others only report one. */
const WRITES = new Set<PullFileEvent['outcome']>(['created', 'updated', 'moved', 'pruned', 'folder-file']);

/** How many uids the not-started line names; the rest are counted. */
const LISTED = 20;

/**
 * The error line (stderr) when dashboard, library panel or `_folder.json` files were refused: they
 * changed on both sides (a `_folder.json`: it says other than Grafana and git does not hold it), and
 * the one command that takes Grafana's version of them all. Empty when none was.
 */
export function renderPullRefusals(result: PullResult): string {
  const changed = result.refusedUids.length + result.refusedLibraryUids.length;
  const count = changed + result.refusedFolderUids.length;
  if (count === 0) return '';
  const uids = [...new Set([...result.refusedUids, ...result.refusedLibraryUids, ...result.refusedFolderUids])].sort().join(' ');
  const one = count === 1;
  const files = one ? '1 file' : `${count} files`;
  const verb = result.dryRun ? 'would not be written' : one ? 'was not written' : 'were not written';
  const grafana = result.refusedFolderUids.length === 0 ? 'Grafana changed too' : changed === 0 ? 'Grafana says otherwise' : 'Grafana changed too or says otherwise';
  const line =
    `error: ${files} ${verb}: ${one ? 'it' : 'each'} may hold work of yours, and ${grafana} (refused, above). ` +
    (result.outsideGit
      ? `To take Grafana's version: ${describeForceOutsideGit(uids, result.selection)}. `
      : `To take Grafana's version: commit or stash any uncommitted edit (a committed one stays in its commit), then run ${renderNextCommand(result.selection, `pull --force ${uids}`)} (--force copies a file git does not hold to .dashsync/pull-backups/ first); ` +
        `to merge the two instead, run the commands after "To merge by hand, run:" on ${one ? 'its line' : 'the lines'} above, where ${one ? 'it says so' : 'they say so'}. `) +
    `To keep yours: ${renderNextCommand(result.selection, 'plan')} shows what apply would overwrite in Grafana`;
  return `${escapeText(line)}\n`;
}

/** The error line (stderr) when --prune deleted nothing: over maxDeletes, or a Grafana that lists no dashboard. Empty otherwise. */
export function renderPruneRefusal(result: Pick<PullResult, 'pruneRefusal'>): string {
  return result.pruneRefusal === undefined ? '' : `${escapeText(`error: ${result.pruneRefusal}`)}\n`;
}

/** The list stdout shows before `pull --prune` deletes anything (a dry run's report lists them instead). */
export function renderPruneList(files: PruneFile[]): string {
  const lines = files.map((f) => `${escapeText(`  ${f.file} (${f.resource === 'library-panel' ? 'library panel' : 'uid'} ${f.uid})`)}\n`).join('');
  return `Deleting ${plural(files.length, 'file')} whose ${kinds(files)} not in Grafana:\n${lines}`;
}

/** "dashboards are", "library panels are" or both, for a list of files ("dashboard is", "library panel is" for one). */
function kinds(files: { resource?: 'library-panel' }[]): string {
  const panels = files.some((f) => f.resource === 'library-panel');
  const dashboards = files.some((f) => f.resource !== 'library-panel');
  if (files.length === 1) return panels ? 'library panel is' : 'dashboard is';
  return panels && dashboards ? 'dashboards or library panels are' : panels ? 'library panels are' : 'dashboards are';
}

/** The one line that counts the live dashboards and library panels a refresh left to other runs (their files are outside its selection). */
function describeNotConsidered(dashboards: number, libraryPanels: number, selectionFrom: string | undefined): string {
  const one = dashboards + libraryPanels === 1;
  const counted = [
    ...(dashboards > 0 ? [`${dashboards} live ${dashboards === 1 ? 'dashboard' : 'dashboards'}`] : []),
    ...(libraryPanels > 0 ? [`${libraryPanels} ${dashboards > 0 ? '' : 'live '}${libraryPanels === 1 ? 'library panel' : 'library panels'}`] : []),
  ].join(' and ');
  const lists = selectionFrom ? ` (${selectionFrom})` : '';
  return (
    `${counted} not considered: ${one ? 'its file is' : 'their files are'}, or would be, outside this run's selection${lists}. ` +
    `Pull with --all to list ${one ? 'it' : 'each'}.`
  );
}

/**
 * The no-file hint of a refresh: the live dashboards no file holds that `--all` would write, with
 * the new library panels they use (those --all would skip, their new file outside include/exclude,
 * are on the not-considered line instead), and apart, those in folders these credentials cannot
 * read, which no pull writes. Null when there are none.
 */
function describeNoFile(result: Pick<PullResult, 'unfiled' | 'unfiledLibraryPanels' | 'unfiledHidden' | 'passedOver'>): string | null {
  const { unfiledLibraryPanels: panels, unfiledHidden: hidden } = result;
  const unfiled = result.unfiled.length;
  const unreadable = 'in folders these credentials cannot read (Grafana lists their dashboards, not the folders), which no pull can place with them';
  if (unfiled + panels === 0) {
    return hidden === 0 ? null : `${plural(hidden, 'dashboard')} in Grafana ${hidden === 1 ? 'has' : 'have'} no file in the tree, ${unreadable} (not even with --all). Pull with credentials that can read those folders.`;
  }
  const counted = [...(unfiled > 0 ? [plural(unfiled, 'dashboard')] : []), ...(panels > 0 ? [plural(panels, 'library panel')] : [])].join(' and ');
  const apart = hidden > 0 ? ` Not counted: ${hidden} more ${hidden === 1 ? 'dashboard' : 'dashboards'} without a file ${unreadable}.` : '';
  const named = unfiled === 0 ? '' : `: ${describeDashboards(result.unfiled)}`;
  const passedOver = result.passedOver ? ` ${describePassedOverFolders(result.passedOver)}` : '';
  return `${counted} in Grafana ${unfiled + panels === 1 ? 'has' : 'have'} no file in the tree (pull refreshes what the tree holds)${named}. Pull with --all to write them, or --folder <uid> for one folder's.${passedOver}${apart}`;
}

/** Why a refresh left the dashboards of folders whose directories hold only subdirectories to `--folder`: what git could not show. */
function describePassedOverFolders({ folders, parentOnly = [], cut }: PassedOverFolders): string {
  return [folders.length > 0 ? describeWithoutEvidence(folders, cut) : '', parentOnly.length > 0 ? describeParentOnly(parentOnly) : ''].filter(Boolean).join(' ');
}

/** Why a refresh left the dashboards of folders the tree holds only as a parent: the operator's `"parentOnly"`. */
function describeParentOnly(folders: PassedOverFolders['folders']): string {
  const one = folders.length === 1;
  return `Not refreshed: folder${one ? '' : 's'} ${nameFolders(folders)}, held only as a parent ("parentOnly": true in ${one ? 'its' : 'their'} _folder.json).`;
}

function nameFolders(folders: PassedOverFolders['folders']): string {
  return folders.slice(0, NAMED_WITHOUT_FILE).map((folder) => `${quoteText(folder.title)} (${folder.uid})`).join(', ') + (folders.length > NAMED_WITHOUT_FILE ? ` and ${folders.length - NAMED_WITHOUT_FILE} more` : '');
}

function describeWithoutEvidence(folders: PassedOverFolders['folders'], cut: PassedOverFolders['cut']): string {
  const one = folders.length === 1;
  const it = one ? 'it' : 'they';
  const why =
    cut === 'none' ? `there is no git history here to show that ${it} ever held a dashboard of this tree`
    : cut === 'shallow'
      ? `this clone's git history is shallow (only its newest commits), too short to show whether ${it} ever held a dashboard of this tree: fetch the full history (git fetch --unshallow; in the GitHub Action, actions/checkout with fetch-depth: 0) and pull again`
      : `this tree's git history never shows a dashboard file directly in ${one ? 'it' : 'them'}`;
  return `Not refreshed: folder${one ? '' : 's'} ${nameFolders(folders)}, as ${one ? 'its directory holds' : 'their directories hold'} only subdirectories (and a _folder.json) and ${why}.`;
}

const NAMED_WITHOUT_FILE = 5;

/** The first few dashboards, `uid "title"` each, by uid, then how many more. */
function describeDashboards(dashboards: readonly UnfiledDashboard[]): string {
  const sorted = [...dashboards].sort(compareCodeUnitsBy(({ uid }) => uid));
  const named = sorted.slice(0, NAMED_WITHOUT_FILE).map((dashboard) => `${dashboard.uid} ${quoteText(dashboard.title)}`).join(', ');
  return sorted.length > NAMED_WITHOUT_FILE ? `${named} and ${sorted.length - NAMED_WITHOUT_FILE} more` : named;
}

/** One `skipped` line: the file outside the selection, and for one pull would write, why it is not written and what to do. */
export function describeSkipped(target: SkippedTarget): string {
  if (target.resource === 'folder') {
    return `skipped folder ${target.uid} ${quoteText(target.title)}: ${target.file} not written: ${target.why}, so it is another run's. To update it, pull in the run whose selection holds that directory's files`;
  }
  const what = `${target.resource === 'library-panel' ? `library panel ${target.uid}` : target.uid} ${quoteText(target.title)}`;
  const unread = 'so no run with this selection would read it';
  if (target.unwritten?.kind === 'new') {
    return `skipped ${what}: not written: its file would be ${target.file}, which ${target.why}, ${unread}. To pull it, make that list select ${target.file} (or pull it in the run whose selection does)`;
  }
  if (target.unwritten?.kind === 'move') {
    const from = target.unwritten.from;
    return `skipped ${what}: not moved: its folder changed in Grafana and its file would move from ${from} to ${target.file}, which ${target.why}, ${unread}; ${from} is left as it is. To follow the move, make that list select ${target.file}`;
  }
  return `skipped ${what}: ${target.file} ${target.why}`;
}

function describeEvent(event: PullFileEvent): string {
  const suffix =
    (event.formerFile ? ` (${describeFormerFile(event.formerFile)})` : '') +
    (event.inputs ? ` (${event.inputs})` : '') +
    (event.owner ? ` (${event.owner})` : '') +
    (event.alsoDeployedBy ? ` (${describeAlsoDeployedBy(event.alsoDeployedBy)})` : '') +
    (event.saved ? ` (${describeSavedCopy(event.saved, event.outcome === 'pruned')})` : '');
  if (event.outcome === 'moved') return `${event.from} → ${event.file}${suffix}${event.replacedCommit ? `: ${event.why}` : ''}`;
  if ((event.outcome === 'pruned' || event.outcome === 'only-in-git') && event.resource === 'library-panel') {
    return `${event.file} (library panel ${event.uid} is not in Grafana${event.why ? `; ${event.why}` : ''})${suffix}`;
  }
  if (event.outcome === 'pruned' || event.outcome === 'only-in-git') return `${event.file} (uid ${event.uid} is not in Grafana${event.why ? `; ${event.why}` : ''})${suffix}`;
  // A `_folder.json` written: what changed in it, after the copy kept of an edit it replaced.
  if (event.why && event.outcome === 'folder-file') return `${event.file}${suffix}: ${event.why}`;
  if (event.why) return `${event.file}: ${event.why}`;
  return `${event.file}${suffix}`;
}

/** `environment staging deploys this file too: its next apply takes this change` (a shared file a pull wrote). */
function describeAlsoDeployedBy(others: readonly string[]): string {
  return others.length === 1 ? `environment ${others[0]} deploys this file too: its next apply takes this change` : `environments ${others.join(', ')} deploy this file too: their next applies take this change`;
}

/** Where a new dashboard's removed file was, and whether pull wrote it there: `at its old path: commit … removed its file there`. */
function describeFormerFile(former: FormerFile): string {
  const removed =
    former.removal.kind === 'commit'
      ? `commit ${former.removal.commit.slice(0, 12)} removed its file there`
      : former.removal.kind === 'staged'
        ? 'its file there was removed with git rm, not committed'
        : 'its file there was deleted, not committed';
  if (former.left === undefined) return `at its old path: ${removed}`;
  const why = former.left === 'taken' ? 'which another file takes now (left as it is)' : "which is not in its folder's directory now";
  return `not at its old path ${former.file}, ${why}; ${removed}`;
}

/** What `--force` did with a file git did not hold as it was, and where its copy is. */
function describeSavedCopy(saved: SavedCopy, deleted: boolean): string {
  if (saved.held === 'untracked') return `never committed; copy at ${saved.copy}`;
  if (saved.held === 'no-git') return `${deleted ? 'not in git' : 'your version was not in git'}; copy at ${saved.copy}`;
  return deleted ? `its uncommitted changes saved to ${saved.copy}` : `your uncommitted edit saved to ${saved.copy}`;
}

function order(event: PullFileEvent): number {
  return event.outcome === 'folder-file' ? 0 : event.outcome === 'pruned' || event.outcome === 'only-in-git' ? 2 : 1;
}

/**
 * What a second Ctrl-C, which quits at once, leaves: the files written and deleted so far, and those being written or
 * deleted (`inFlight`: display paths), which hold their content from before or Grafana's, never part of one: one line each (not yet escaped).
 */
export function renderPullQuit(completed: { written: number; deleted: number }, inFlight: readonly { op: 'write' | 'delete'; file: string }[], selection?: RunSelection): string[] {
  const lines = [
    `quit: ${plural(completed.written, 'file')} written and ${completed.deleted} deleted before the quit (git status shows them); the rest were not started. Run ${renderNextCommand(selection, 'pull')} again to finish`,
  ];
  if (inFlight.length > 0) {
    const named = inFlight.map((entry) => `${entry.op === 'write' ? 'writing' : 'deleting'} ${entry.file}`).join(', ');
    const each = inFlight.length === 1 ? 'it holds' : 'each holds';
    lines.push(`unknown: ${named}: ${each} its content from before or the new one, never part of one (git status shows which)`);
  }
  return lines;
}
