import { plural } from '../plural.js';
import type { PlanSummary } from '../plan/types.js';

/**
 * `Plan: 3 to create, 2 to update, 1 to move, 4 to delete, 120 unchanged.` (+ the dashboards left to
 * another tool, those whose labels Grafana does not keep, those prune left alone for files outside the selection, folders and library panels when any).
 */
export function renderSummaryLine(summary: PlanSummary, environment: string | null = null): string {
  const untouched = summary.untouched ? `, ${renderLeftToOwners(summary.untouched)}` : '';
  const unkept = summary.labelsNotKept ? `, ${renderLabelsNotKept(summary.labelsNotKept)}` : '';
  const outside = summary.outsideSelection ? `, ${renderNotPruned(summary.outsideSelection, environment)}` : '';
  const kept = renderNotPrunedKept(summary).map((part) => `, ${part}`).join('');
  const unreadable = renderSetApart(summary).map((part) => `, ${part}`).join('');
  const line = `Plan: ${summary.create} to create, ${summary.update} to update, ${summary.move} to move, ${summary.delete} to delete, ${summary.unchanged} unchanged${untouched}${unkept}${outside}${kept}${unreadable}.`;
  const folderParts = [
    summary.folderCreate ? `${summary.folderCreate} to create` : '',
    summary.folderUpdate ? `${summary.folderUpdate} to update` : '',
    summary.folderMove ? `${summary.folderMove} to move` : '',
    summary.folderDelete ? `${summary.folderDelete} to delete` : '',
    summary.folderKept ? `${summary.folderKept} kept (not empty after the plan; see the warnings)` : '',
  ].filter(Boolean);
  const libraryParts = [
    summary.libraryPanelCreate ? `${summary.libraryPanelCreate} to create` : '',
    summary.libraryPanelUpdate ? `${summary.libraryPanelUpdate} to update` : '',
    summary.libraryPanelMove ? `${summary.libraryPanelMove} to move` : '',
    summary.libraryPanelDelete ? `${summary.libraryPanelDelete} to delete` : '',
  ].filter(Boolean);
  return [line, folderParts.length > 0 ? ` Folders: ${folderParts.join(', ')}.` : '', libraryParts.length > 0 ? ` Library panels: ${libraryParts.join(', ')}.` : ''].join('');
}

/**
 * The markdown headline, short enough to read at a glance in a pull request: only the changes, bold
 * (`**Plan: 2 to create, 1 to delete; folders: 1 to create**`, `**Plan: no changes**`), then, as its own paragraph,
 * what stays as it is (`4 unchanged, 1 with labels Grafana does not keep (nothing to write)`).
 */
export function renderMarkdownHeadline(summary: PlanSummary, environment: string | null = null): string[] {
  const toDo = (counts: [number | undefined, string][]) => counts.filter(([count]) => count).map(([count, verb]) => `${count} to ${verb}`);
  const dashboards = toDo([[summary.create, 'create'], [summary.update, 'update'], [summary.move, 'move'], [summary.delete, 'delete']]);
  const folders = toDo([[summary.folderCreate, 'create'], [summary.folderUpdate, 'update'], [summary.folderMove, 'move'], [summary.folderDelete, 'delete']]);
  const libraryPanels = toDo([[summary.libraryPanelCreate, 'create'], [summary.libraryPanelUpdate, 'update'], [summary.libraryPanelMove, 'move'], [summary.libraryPanelDelete, 'delete']]);
  const changes = [dashboards.join(', '), folders.length > 0 ? `folders: ${folders.join(', ')}` : '', libraryPanels.length > 0 ? `library panels: ${libraryPanels.join(', ')}` : '']
    .filter(Boolean)
    .join('; ');
  const unchanged = [
    `${summary.unchanged} unchanged`,
    summary.untouched ? renderLeftToOwners(summary.untouched) : '',
    summary.labelsNotKept ? renderLabelsNotKept(summary.labelsNotKept) : '',
    summary.outsideSelection ? renderNotPruned(summary.outsideSelection, environment) : '',
    ...renderNotPrunedKept(summary),
    summary.folderKept ? `${summary.folderKept} folder${summary.folderKept === 1 ? '' : 's'} kept (not empty after the plan; see the warnings)` : '',
  ].filter(Boolean);
  // What the plan could not see is no "no changes": said in the headline beside the changes.
  const setApart = [...renderSetApartCounts(summary), summary.uidChangesHeld ? `${summary.uidChangesHeld} not created` : ''].filter(Boolean).join(', ');
  const headline = setApart ? `${changes || 'no changes seen'}; ${setApart}` : changes || 'no changes';
  const unreadable = renderSetApart(summary);
  return [`**Plan: ${headline}**`, '', `${[...unchanged, ...unreadable].join(', ')}.`];
}

/** What the plan set apart, as set-apart counts take it (PlanSummary's fields of the same names; an apply's: what it held). */
export type SetApartSummary = Pick<PlanSummary, 'unreadable' | 'notMovedIntoHidden' | 'usesHiddenPanels' | 'unreadableLibraryPanels'>;

/**
 * `2 unreadable, 1 not moved, 1 not written, 1 library panel unreadable`: what the plan set apart as hidden from these
 * credentials (or an apply held), in short, for headlines and counts of how a run ended; `dashboardsOnly`: without the library panels.
 */
export function renderSetApartCounts(counts: SetApartSummary, dashboardsOnly = false): string[] {
  return [
    counts.unreadable ? `${counts.unreadable} unreadable` : '',
    counts.notMovedIntoHidden ? `${counts.notMovedIntoHidden} not moved` : '',
    counts.usesHiddenPanels ? `${counts.usesHiddenPanels} not written` : '',
    counts.unreadableLibraryPanels && !dashboardsOnly ? `${plural(counts.unreadableLibraryPanels, 'library panel')} unreadable` : '',
  ].filter(Boolean);
}

/**
 * `2 unreadable (hidden from these credentials by a folder's permissions; see the warning)`: the tree's dashboards the plan
 * could neither compare nor write (PlanSummary.unreadable), neither changes nor unchanged; `1 not moved (its file goes to a
 * folder these credentials cannot see; see the warning)`: those it read that cannot go where their files go (PlanSummary.notMovedIntoHidden);
 * `1 not written (it uses a library panel in a folder these credentials cannot see; see the warning)`: those it read whose
 * save would hold a library panel it does not write (PlanSummary.usesHiddenPanels).
 */
function renderSetApart(summary: SetApartSummary & Pick<PlanSummary, 'uidChangesHeld'>): string[] {
  const held = summary.uidChangesHeld ?? 0;
  const moved = summary.notMovedIntoHidden ?? 0;
  const using = summary.usesHiddenPanels ?? 0;
  const panels = summary.unreadableLibraryPanels ?? 0;
  return [
    summary.unreadable ? `${summary.unreadable} unreadable (hidden from these credentials by a folder's permissions; see the warning)` : '',
    moved > 0 ? `${moved} not moved (${moved === 1 ? 'its file goes' : 'their files go'} to a folder these credentials cannot see; see the warning)` : '',
    using > 0 ? `${using} not written (${using === 1 ? 'it uses' : 'they use'} a library panel in a folder these credentials cannot see; see the warning)` : '',
    panels > 0 ? `${plural(panels, 'library panel')} unreadable (hidden from these credentials by a folder's permissions; see the warning)` : '',
    held > 0 ? `${held} not created (${held === 1 ? 'a change of uid whose old dashboard prune holds' : 'changes of uid whose old dashboards prune holds'}; see the note)` : '',
  ].filter(Boolean);
}

/** `1 left to its owner`, `3 left to their owners`: dashboards whose differences another tool's ownership keeps from apply. */
function renderLeftToOwners(untouched: number): string {
  return `${untouched} left to ${untouched === 1 ? 'its owner' : 'their owners'}`;
}

/**
 * `2 not pruned (their files are outside this run's selection)`: the live dashboards prune left alone for a file the selection
 * leaves out. A plan of an environment names whose selection it is (`outside environment dev's selection`): in a run of several
 * (`plan --all-envs`) the run's selections together may hold the file.
 */
export function renderNotPruned(outsideSelection: number, environment: string | null = null): string {
  const whose = environment === null ? "this run's" : `environment ${environment}'s`;
  return `${outsideSelection} not pruned (${outsideSelection === 1 ? 'its file is' : 'their files are'} outside ${whose} selection)`;
}

/**
 * `1 not pruned (left to another environment of this Grafana org; see the warning)`, `3 not pruned (at the General level; see the warning)`,
 * `2 not pruned (not known to be this tree's; see the warning)`, `2 not pruned (git history is shallow: …)`: what prune keeps by design.
 */
export function renderNotPrunedKept(summary: Pick<PlanSummary, 'otherEnvironments' | 'pruneOff' | 'generalLevel' | 'notThisTree' | 'shallowHistory' | 'parentOnly' | 'externalFolders'>): string[] {
  return [
    summary.otherEnvironments ? `${summary.otherEnvironments} not pruned (left to another environment of this Grafana org; see the warning)` : '',
    summary.pruneOff ? `${summary.pruneOff} not pruned (left to an environment of this Grafana org with prune off; see the warning)` : '',
    summary.generalLevel ? `${summary.generalLevel} not pruned (at the General level; see the warning)` : '',
    summary.notThisTree ? `${summary.notThisTree} not pruned (not known to be this tree's; see the warning)` : '',
    summary.shallowHistory ? `${summary.shallowHistory} not pruned (git history is shallow: fetch all of it to prune ${summary.shallowHistory === 1 ? 'it' : 'them'}; see the warning)` : '',
    summary.parentOnly ? `${summary.parentOnly} kept (in a folder this tree holds only as a parent; see the note)` : '',
    summary.externalFolders ? `${summary.externalFolders} not pruned (in externalFolders; see the note)` : '',
  ].filter(Boolean);
}

/**
 * `2 with labels Grafana does not keep (nothing to write)`: the noops that differ from their files only there. No note
 * names them: the plan notes only the dashboards it writes (decidePlan).
 */
function renderLabelsNotKept(count: number): string {
  return `${count} with labels Grafana does not keep (nothing to write)`;
}
