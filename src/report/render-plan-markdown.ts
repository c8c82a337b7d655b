import type { FieldChange } from '../diff/types.js';
import { dashboardActions, folderActions, type DashboardAction, type Plan } from '../plan/types.js';
import { describePlanApi, describePlanOrg } from './describe-plan-api.js';
import { describeFolderChange, folderActionLabel } from './describe-folder-change.js';
import { describeLeftOutDirectory, describeLiveDirectoryLeftOut } from './describe-left-out-directory.js';
import { describePlanWarningGroups } from './describe-plan-warning-groups.js';
import { cutText } from './cut-text.js';
import { escapeHtml, escapeHtmlCode, escapeMarkdown, markdownCode } from './escape-untrusted.js';
import { folderNames, renderMoveFolders, type FolderName } from './folder-names.js';
import { listedCount } from './change-lines.js';
import { changesCell, diffCodeBlock, plannedFolderCell, renderDiffLines } from './markdown-diff-parts.js';
import { moreChanges } from './more-changes.js';
import { renderLibraryPanelsMarkdown } from './render-library-panels-markdown.js';
import { renderMarkdownHeadline, renderSetApartCounts } from './render-summary.js';
import { renderNextCommand, type RunSelection } from './next-command.js';
import type { Shell } from '../describe-error.js';
import { describePlanCommit } from './describe-plan-commit.js';
import type { UnreviewedWhy } from '../apply/types.js';
import { describeMadeInGrafana } from './describe-made-in-grafana.js';

const ICON: Record<string, string> = { create: '🟢 create', update: '🟡 update', move: '🔵 move', delete: '🔴 delete' };

/** Longest title a table cell shows; the whole title is in the diff block's summary and the plan file. */
const TITLE_CELL_CHARS = 80;

/** The plan for a pull-request comment or the GitHub job summary: a table, then a collapsible diff per dashboard. */
export function renderPlanMarkdown(plan: Plan, options: { maxChangesPerDashboard?: number; verbose?: boolean; shell?: Shell; driftKept?: UnreviewedWhy | false; selection?: RunSelection } = {}): string {
  const max = options.maxChangesPerDashboard ?? 100;
  const { head, changed, names } = renderPlanMarkdownHead(plan, { ...options, maxChangesPerDashboard: max });
  const out = [...head];
  for (const d of changed.filter((x) => x.changes.length > 0 || x.action === 'move')) out.push(...renderDiffBlock(d, names, d.changes, max));
  return `${out.join('\n').trimEnd()}\n`;
}

/**
 * Everything before the diff blocks: heading, warnings and notes, the tables; the changed dashboards
 * for the blocks, in the table's order; `rowsFrom`, where the dashboard rows start in `head` (-1 when
 * none). `reviewOrder` lists the rows a reviewer must see first (deletes, moves, overwrites of
 * drifted dashboards, updates, creates last) instead of in plan order, for a table that will be cut.
 */
export function renderPlanMarkdownHead(
  plan: Plan,
  options: { maxChangesPerDashboard: number; verbose?: boolean; reviewOrder?: boolean; shell?: Shell; driftKept?: UnreviewedWhy | false; selection?: RunSelection },
): { head: string[]; changed: DashboardAction[]; names: (uid: string | null) => FolderName; rowsFrom: number } {
  const max = options.maxChangesPerDashboard;
  const names = folderNames(plan);
  const planned = dashboardActions(plan).filter((d) => d.action !== 'noop');
  const drifted = new Set(plan.warnings.flatMap((w) => (w.kind === 'drift' && w.resource !== 'library-panel' ? [w.uid] : [])));
  // Another branch's applied change this plan reverts: marked, and reviewed first, as drift is.
  const reverting = new Set(plan.warnings.flatMap((w) => (w.kind === 'not-in-branch' && w.inRepository ? [w.uid] : [])));
  const changed = options.reviewOrder ? inReviewOrder(planned, new Set([...drifted, ...reverting])) : planned;
  const folderChanges = folderActions(plan).filter((f) => f.action !== 'noop');
  // The org and the API versions come from Grafana's answers (`/apis` discovery) or a saved plan file: escaped as all outside text is.
  const target = [
    `Target: ${markdownCode(plan.target.url)}`,
    escapeMarkdown(describePlanOrg(plan)),
    ` ${escapeMarkdown(describePlanApi(plan))}`,
    plan.target.grafanaVersion ? ` · Grafana ${escapeMarkdown(plan.target.grafanaVersion)}` : '',
    plan.git.sha ? ` · ${describePlanCommit(plan.git, markdownCode)}` : '',
  ].join('');
  const heading = plan.target.environment ? `## dashsync plan · ${escapeMarkdown(plan.target.environment)}` : '## dashsync plan';
  const out: string[] = [heading, '', target, ''];
  out.push(...renderMarkdownHeadline(plan.summary, plan.target.environment), '');

  const { refused, warnings, notes } = describePlanWarningGroups(plan, { ...options, listsAll: `${renderNextCommand(options.selection, ['plan', '--format', 'json'])} lists every one` });
  // Deletes over maxDeletes: the apply of this plan refuses it whole, so a green plan must not read as one to merge as it is.
  if (refused.length > 0) {
    out.push('> [!CAUTION]', '> Its apply refuses this plan as it stands: nothing of it is applied.');
    for (const sentence of refused) out.push(`> - ${escapeMarkdown(sentence)}`);
    out.push('');
  }
  for (const [box, shown] of [['> [!WARNING]', warnings], ['> [!NOTE]', notes]] as const) {
    if (shown.length === 0) continue;
    out.push(box);
    for (const sentence of shown) out.push(`> - ${escapeMarkdown(sentence)}`);
    out.push('');
  }
  if (folderChanges.length > 0) {
    out.push('| Folder action | Folder | uid | Change |', '| --- | --- | --- | --- |');
    for (const folder of folderChanges) {
      out.push(`| ${folderActionLabel(folder)} | ${escapeMarkdown(folder.title)} | ${markdownCode(folder.uid)} | ${escapeMarkdown(describeFolderChange(folder, names)) || '—'} |`);
    }
    out.push('');
  }
  out.push(...renderLibraryPanelsMarkdown(plan, names, max));
  if (changed.length === 0) {
    // As the headline says it: a plan that could not read some dashboards does not know there is none.
    const setApart = renderSetApartCounts(plan.summary, true).join(', ');
    out.push(setApart ? `No dashboard changes seen; ${setApart}: see the warning.` : 'No dashboard changes.');
    return { head: out, changed, names, rowsFrom: -1 };
  }
  out.push('| Action | Dashboard | uid | Folder | File | Changes |', '| --- | --- | --- | --- | --- | --- |');
  const rowsFrom = out.length;
  for (const d of changed) {
    out.push(
      `| ${ICON[d.action]} | ${escapeMarkdown(cutText(d.title, TITLE_CELL_CHARS))} | ${markdownCode(d.uid)} | ${plannedFolderCell(d, names)} | ${fileCell(d)} | ${d.replacedBy ? 'uid changed' : d.replacesHeld !== undefined ? `held: not created (prune holds ${markdownCode(d.replacesHeld)})` : changesCell(d)}${drifted.has(d.uid) ? ' ⚠️ drift' : ''}${reverting.has(d.uid) ? ' ⚠️ not in this branch' : ''} |`,
    );
  }
  out.push('');
  return { head: out, changed, names, rowsFrom };
}

const REVIEW_RANK: Record<DashboardAction['action'], number> = { delete: 0, move: 1, update: 3, create: 4, noop: 5 };

/** Deletes, moves, overwrites of drifted dashboards, other updates, creates; plan order within each. */
function inReviewOrder(changed: DashboardAction[], drifted: Set<string>): DashboardAction[] {
  const rank = (d: DashboardAction) => Math.min(REVIEW_RANK[d.action], drifted.has(d.uid) ? 2 : 5);
  return changed.map((d, i) => ({ d, i })).sort((a, b) => rank(a.d) - rank(b.d) || a.i - b.i).map(({ d }) => d);
}

/**
 * One dashboard's collapsible diff: `changes` (all of them, or those not shown once for several
 * dashboards) up to `max` lines; `footer` is a last comment line in the block.
 */
export function renderDiffBlock(d: DashboardAction, names: (uid: string | null) => FolderName, changes: FieldChange[], max: number, footer?: string): string[] {
  const diff: string[] = [];
  if (d.action === 'move') {
    const { from, to } = renderMoveFolders(d, names);
    diff.push(`! folder: ${from} → ${to}`);
  }
  diff.push(...renderDiffLines(changes, max));
  const listed = listedCount(changes);
  if (listed > max) diff.push(`# ${moreChanges(listed - max)}`);
  if (footer) diff.push(`# ${footer}`);
  return [
    `<details><summary>${ICON[d.action]} <code>${escapeHtmlCode(d.uid)}</code> ${escapeHtml(d.title)} (${changesCell(d)})</summary>`,
    '',
    ...diffCodeBlock(diff),
    '',
    '</details>',
    '',
  ];
}

/**
 * The file a dashboard comes from; for the delete of a uid its file gave up (a uid changed in place), that file and its new
 * uid; for a delete the text plan explains (deployed elsewhere, the folder of a left-out directory), the same reason; for a
 * move out of the folder of a left-out directory (liveDirectoryLeftOut), the file and that reason.
 */
function fileCell(d: DashboardAction): string {
  if (d.replacedBy) return `— (${markdownCode(d.replacedBy.file)} now holds uid ${markdownCode(d.replacedBy.uid)})`;
  if (d.deployedElsewhere) return `— (${markdownCode(d.deployedElsewhere.file)}: ${escapeMarkdown(d.deployedElsewhere.environments.join(', '))} only, ${d.deployedElsewhere.where === 'org' ? 'another org' : 'another Grafana'})`;
  if (d.leftOutDirectory) return `— (${describeLeftOutDirectory(d.leftOutDirectory, { dir: markdownCode, text: escapeMarkdown })})`;
  if (d.madeInGrafana) return `— (${escapeMarkdown(describeMadeInGrafana(d.madeInGrafana))})`;
  if (d.file && d.liveDirectoryLeftOut) return `${markdownCode(d.file)} (${describeLiveDirectoryLeftOut(d.liveDirectoryLeftOut, { dir: markdownCode, text: escapeMarkdown })})`;
  return d.file ? markdownCode(d.file) : '—';
}


