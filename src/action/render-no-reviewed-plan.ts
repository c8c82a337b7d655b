import type { ApplyConflict, ApplyResult } from '../apply/types.js';
import { driftByAction, type DriftWarning } from '../apply/unreviewed-drift.js';
import type { Plan } from '../plan/types.js';
import { escapeMarkdown, markdownCode, quoteText } from '../report/escape-untrusted.js';
import { joinAnd } from '../report/join-and.js';
import { describeShallowDrift } from '../report/render-apply-result.js';

/**
 * The job summary's line for an apply nobody reviewed: no plan file, or `savedBy`, one an earlier one-step apply saved there
 * (Plan.unreviewed). A warning, as the log's.
 */
function noReviewedPlan(savedBy: string | undefined): string {
  const how = savedBy === undefined ? 'planned and applied in one step' : `${markdownCode(savedBy)} was saved by an earlier one-step apply, which no one reviewed`;
  return `> [!WARNING]\n> No reviewed plan: ${how}.`;
}

/** How many the box names of each kind; the rest are counted. */
const NAMED = 10;

/**
 * Pure: noReviewedPlan with what came of what the plan holds for a reviewer (each named, escaped as every title from outside):
 * the edits made in Grafana (its drift warnings), overwritten (`args: --force`) or left untouched; another repository's
 * dashboards, those saved from commits this checkout does not have, the folders a `_folder.json` takes over, the folders renamed or
 * moved in Grafana, the dashboards a person deleted there, and those that may be such where its "Recently deleted" could not be
 * listed, left as they are (conflicts, listed below it); the deletes api "legacy"
 * holds because it cannot see who manages them (the plan's owners-not-seen warning). `result`: absent when nothing was applied.
 */
export function renderNoReviewedPlan(plan: Plan, result?: ApplyResult, savedBy?: string): string {
  const lines = [noReviewedPlan(savedBy)];
  if (result !== undefined) lines.push(...describeDrift(plan, result), ...describeOtherRepositories(result.conflicts), ...describeNotInClone(result.conflicts), ...describeTakeovers(result.conflicts), ...describeFolderEdits(result.conflicts), ...describeDeletedInGrafana(result.conflicts), ...describeTrashUnread(result.conflicts));
  const unseen = plan.warnings.flatMap((warning) => (warning.kind === 'owners-not-seen' ? warning.uids : []));
  if (unseen.length > 0) {
    lines.push(
      `> It deleted none of the ${count(unseen.length, 'dashboard')} prune would delete whose owner api "legacy" cannot see (owners not seen: the plan's warning names the plan that deletes them): ${nameSome(unseen.map((uid) => escapeMarkdown(uid)))}.`,
    );
  }
  return lines.join('\n');
}

function describeDrift(plan: Plan, result: ApplyResult): string[] {
  const written = new Set([...result.updated, ...result.moved].map((uid) => `dashboard:${uid}`));
  for (const uid of [...result.libraryPanelsUpdated, ...result.libraryPanelsMoved]) written.add(`library-panel:${uid}`);
  const kept = new Set(result.conflicts.filter((conflict) => conflict.unreviewedDrift).map((conflict) => `${conflict.action.startsWith('library-panel-') ? 'library-panel' : 'dashboard'}:${conflict.uid}`));
  const drift = [...driftByAction(plan)];
  const deleted = new Set([...result.deleted.map((uid) => `dashboard:${uid}`), ...result.libraryPanelsDeleted.map((uid) => `library-panel:${uid}`)]);
  const overwritten = drift.filter(([id]) => written.has(id)).map(([, warning]) => warning);
  const pruned = drift.filter(([id]) => deleted.has(id)).map(([, warning]) => warning);
  const left = drift.filter(([id]) => kept.has(id)).map(([, warning]) => warning);
  const lines: string[] = [];
  if (overwritten.length > 0) lines.push(`> It overwrote ${describeEdited(overwritten)} (drift, as args: --force allows): ${nameEdited(overwritten)}.`);
  if (pruned.length > 0) lines.push(`> It deleted ${describeEdited(pruned)} since dashsync's push (drift, as args: --force allows; each backed up first): ${nameEdited(pruned)}.`);
  if (left.length > 0) lines.push(`> It left ${describeEdited(left)} untouched (drift: each a conflict, below): ${nameEdited(left)}.`);
  if (left.some((warning) => warning.shallowHistory)) lines.push(`> ${describeShallowDrift('action', left.length === 1 ? 'that edit' : 'those edits')}.`);
  return lines;
}

/** `It left 1 dashboard another repository deployed untouched (…): pay-api "Payments API".` */
function describeOtherRepositories(conflicts: readonly ApplyConflict[]): string[] {
  const others = conflicts.filter((conflict) => conflict.otherRepository !== undefined);
  if (others.length === 0) return [];
  const named = others.map((conflict) => escapeMarkdown(`${conflict.uid} ${quoteText(conflict.plannedTitle ?? conflict.title)}`));
  return [`> It left ${count(others.length, 'dashboard')} another repository deployed untouched (from another repository: each a conflict, below; args: --force takes them): ${nameSome(named)}.`];
}

/** `It left 1 dashboard saved from a commit this clone does not have untouched (…): node-cpu "Node CPU".` */
function describeNotInClone(conflicts: readonly ApplyConflict[]): string[] {
  const missing = conflicts.filter((conflict) => conflict.notInClone !== undefined);
  if (missing.length === 0) return [];
  const named = missing.map((conflict) => escapeMarkdown(`${conflict.uid} ${quoteText(conflict.plannedTitle ?? conflict.title)}`));
  return [
    `> It left ${count(missing.length, 'dashboard')} dashsync saved from commits this checkout does not have untouched (not in this clone: not fetched yet, or another repository's; ` +
      `each a conflict, below; fetch-depth: 0 and plan again to know, args: --force takes them): ${nameSome(named)}.`,
  ];
}

/** `It left folder "Data Team" (data-team) as it is, which dashboards/analytics/_folder.json takes over: its rename, 2 deletes and 1 dashboard the tree would put in it (…).` */
function describeTakeovers(conflicts: readonly ApplyConflict[]): string[] {
  const byFolder = new Map<string, { takeover: NonNullable<ApplyConflict['takeover']>; renamed: boolean; deletes: number; writes: { dashboards: number; panels: number; folders: number } }>();
  for (const conflict of conflicts) {
    if (conflict.takeover === undefined) continue;
    const entry = byFolder.get(conflict.takeover.folderUid) ?? { takeover: conflict.takeover, renamed: false, deletes: 0, writes: { dashboards: 0, panels: 0, folders: 0 } };
    if (conflict.action === 'delete') entry.deletes += 1;
    else if (conflict.action.startsWith('folder-') && conflict.uid === conflict.takeover.folderUid) entry.renamed = true;
    else if (conflict.action.startsWith('folder-')) entry.writes.folders += 1;
    else if (conflict.action.startsWith('library-panel-')) entry.writes.panels += 1;
    else entry.writes.dashboards += 1;
    byFolder.set(conflict.takeover.folderUid, entry);
  }
  return [...byFolder.values()].map(({ takeover, renamed, deletes, writes }) => {
    const written = [writes.dashboards > 0 ? count(writes.dashboards, 'dashboard') : '', writes.panels > 0 ? count(writes.panels, 'library panel') : '', writes.folders > 0 ? count(writes.folders, 'folder') : ''].filter(Boolean);
    const parts = [renamed ? 'its rename' : '', deletes > 0 ? `the ${count(deletes, 'delete')} in it` : '', written.length > 0 ? `the ${joinAnd(written)} the tree would put in it` : ''].filter(Boolean);
    const held = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts.join('');
    return (
      `> It left folder ${escapeMarkdown(`${quoteText(takeover.folderTitle)} (${takeover.folderUid})`)} as it is, which ${markdownCode(takeover.file)} takes over ` +
      `(folder takeover: ${held}, each a conflict, below; args: --force takes it over).`
    );
  });
}

/** `It left 2 folders renamed or moved in Grafana as they are (…): prov "Provisioned", odd "Odd".` */
function describeFolderEdits(conflicts: readonly ApplyConflict[]): string[] {
  const edited = conflicts.filter((conflict) => conflict.folderEdit !== undefined);
  if (edited.length === 0) return [];
  const named = edited.map((conflict) => escapeMarkdown(`${conflict.uid} ${quoteText(conflict.title)}`));
  return [`> It left ${count(edited.length, 'folder')} renamed or moved in Grafana as ${edited.length === 1 ? 'it is' : 'they are'} (folder drift: each a conflict, below; args: --force undoes ${edited.length === 1 ? 'it' : 'them'}): ${nameSome(named)}.`];
}

/** `It did not create 1 dashboard deleted in Grafana, which waits in its "Recently deleted" (…): cpu "CPU".` */
function describeDeletedInGrafana(conflicts: readonly ApplyConflict[]): string[] {
  const deleted = conflicts.filter((conflict) => conflict.deletedInGrafana !== undefined);
  if (deleted.length === 0) return [];
  const named = deleted.map((conflict) => escapeMarkdown(`${conflict.uid} ${quoteText(conflict.title)}`));
  return [
    `> It did not create ${count(deleted.length, 'dashboard')} deleted in Grafana, which ${deleted.length === 1 ? 'waits' : 'wait'} in its "Recently deleted" ` +
      `(each a conflict, below: dashsync restore brings Grafana's copy back; args: --force makes ${deleted.length === 1 ? 'it' : 'them'} anew from the file): ${nameSome(named)}.`,
  ];
}

/** `It did not create 1 dashboard that may wait in a "Recently deleted" that could not be listed (…): cpu "CPU".` (rev-68c H1) */
function describeTrashUnread(conflicts: readonly ApplyConflict[]): string[] {
  const held = conflicts.filter((conflict) => conflict.trashUnread !== undefined);
  if (held.length === 0) return [];
  const named = held.map((conflict) => escapeMarkdown(`${conflict.uid} ${quoteText(conflict.title)}`));
  return [
    `> It did not create ${count(held.length, 'dashboard')} that may have been deleted in Grafana, whose "Recently deleted" could not be listed ` +
      `(each a conflict, below: run the step again once it can be; args: --force makes ${held.length === 1 ? 'it' : 'them'} from the file): ${nameSome(named)}.`,
  ];
}

/** `1 dashboard edited in Grafana`, `2 dashboards and 1 library panel edited in Grafana`. */
function describeEdited(warnings: readonly DriftWarning[]): string {
  const panels = warnings.filter((warning) => warning.resource === 'library-panel').length;
  const dashboards = warnings.length - panels;
  const counted = [dashboards > 0 ? count(dashboards, 'dashboard') : '', panels > 0 ? count(panels, 'library panel') : ''].filter(Boolean);
  return `${counted.join(' and ')} edited in Grafana`;
}

/** `mem "Memory", library panel cpu "CPU"`: the first 10, then `and N more`; escaped for markdown. */
function nameEdited(warnings: readonly DriftWarning[]): string {
  return nameSome(warnings.map((warning) => escapeMarkdown(`${warning.resource === 'library-panel' ? 'library panel ' : ''}${warning.uid} ${quoteText(warning.title)}`)));
}

function nameSome(named: readonly string[]): string {
  return named.length > NAMED ? `${named.slice(0, NAMED).join(', ')} and ${named.length - NAMED} more` : named.join(', ');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
