import { dashboardActions, folderActions, type Plan } from '../plan/types.js';
import { describePlanApi } from './describe-plan-api.js';
import { describeWarningGroups } from './describe-warning-groups.js';
import { escapeHtml, escapeHtmlCode, escapeMarkdown, escapeText, markdownCode } from './escape-untrusted.js';
import { folderNames, plannedFolderName, renderFolderName, renderMoveFolders, type FolderName } from './folder-names.js';
import { changesCell, renderDiffLines } from './markdown-diff-parts.js';
import { LINES_PER_GROUP } from './limit-per-group.js';
import { renderLibraryPanelsMarkdown } from './render-library-panels-markdown.js';
import { renderMarkdownHeadline } from './render-summary.js';

const ICON: Record<string, string> = { create: '🟢 create', update: '🟡 update', move: '🔵 move', delete: '🔴 delete' };

/** The plan for a pull-request comment or the GitHub job summary: a table, then a collapsible diff per dashboard. */
export function renderPlanMarkdown(plan: Plan, options: { maxChangesPerDashboard?: number; verbose?: boolean } = {}): string {
  const max = options.maxChangesPerDashboard ?? 100;
  const names = folderNames(plan);
  const folderTitle = (uid: string | null) => renderFolderName(names(uid));
  const changed = dashboardActions(plan).filter((d) => d.action !== 'noop');
  const drifted = new Set(plan.warnings.flatMap((w) => (w.kind === 'drift' ? [w.uid] : [])));
  const folderChanges = folderActions(plan).filter((f) => f.action !== 'noop');
  const target = [
    `Target: ${markdownCode(plan.target.url)}`,
    plan.target.orgId ? ` (org ${plan.target.orgId})` : '',
    ` ${describePlanApi(plan)}`,
    plan.target.grafanaVersion ? ` · Grafana ${escapeMarkdown(plan.target.grafanaVersion)}` : '',
    plan.git.sha ? ` · commit ${markdownCode(plan.git.sha.slice(0, 12))}` : '',
  ].join('');
  const heading = plan.target.environment ? `## dashsync plan · ${escapeMarkdown(plan.target.environment)}` : '## dashsync plan';
  const out: string[] = [heading, '', target, ''];
  out.push(...renderMarkdownHeadline(plan.summary), '');

  const { warnings, notes } = describeWarningGroups(plan.warnings, {
    linesPerGroup: options.verbose ? undefined : LINES_PER_GROUP,
    listsAll: 'dashsync plan --format json lists every one',
  });
  for (const [box, shown] of [['> [!WARNING]', warnings], ['> [!NOTE]', notes]] as const) {
    if (shown.length === 0) continue;
    out.push(box);
    for (const sentence of shown) out.push(`> - ${escapeMarkdown(sentence)}`);
    out.push('');
  }
  if (folderChanges.length > 0) {
    out.push('| Folder action | Folder | uid |', '| --- | --- | --- |');
    for (const folder of folderChanges) out.push(`| folder-${folder.action} | ${escapeMarkdown(folder.title)} | ${markdownCode(folder.uid)} |`);
    out.push('');
  }
  out.push(...renderLibraryPanelsMarkdown(plan, names, max));
  if (changed.length === 0) {
    out.push('No dashboard changes.');
    return `${out.join('\n')}\n`;
  }
  out.push('| Action | Dashboard | uid | Folder | File | Changes |', '| --- | --- | --- | --- | --- | --- |');
  for (const d of changed) {
    out.push(
      `| ${ICON[d.action]} | ${escapeMarkdown(d.title)} | ${markdownCode(d.uid)} | ${folderCell(plannedFolderName(d, names))} | ${d.file ? markdownCode(d.file) : '—'} | ${changesCell(d)}${drifted.has(d.uid) ? ' ⚠️ drift' : ''} |`,
    );
  }
  out.push('');
  for (const d of changed.filter((x) => x.changes.length > 0 || x.action === 'move')) {
    out.push(`<details><summary>${ICON[d.action]} <code>${escapeHtmlCode(d.uid)}</code> ${escapeHtml(d.title)} (${changesCell(d)})</summary>`, '');
    const diff: string[] = [];
    if (d.action === 'move') {
      const { from, to } = renderMoveFolders(d, names);
      diff.push(`! folder: ${from} → ${to}`);
    }
    diff.push(...renderDiffLines(d.changes.slice(0, max)));
    if (d.changes.length > max) diff.push(`# … and ${d.changes.length - max} more changes`);
    // A code block shows its text as it is: only what would act on a terminal or a runner is escaped.
    for (let i = 0; i < diff.length; i += 1) diff[i] = escapeText(diff[i]!);
    // A value holding a fence must not end the code block early.
    const fence = diff.some((line) => line.includes('```')) ? '~~~~~~' : '```';
    out.push(`${fence}diff`, ...diff, fence, '', '</details>', '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** A folder in a table cell: its title without quotes, and where it is when the title repeats. */
function folderCell(name: FolderName): string {
  if (name.kind !== 'titled') return escapeMarkdown(renderFolderName(name));
  return `${escapeMarkdown(name.title)}${name.qualifier ? ` (${escapeMarkdown(name.qualifier)})` : ''}`;
}
