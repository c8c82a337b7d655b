import pc from 'picocolors';
import { renderValue } from '../diff/render-value.js';
import type { FieldChange } from '../diff/types.js';
import { dashboardActions, folderActions, libraryPanelActions, type DashboardAction, type Plan } from '../plan/types.js';
import { describeChangeCount } from './describe-change-count.js';
import { changeLines } from './change-lines.js';
import { describeLegacyOptions, isLegacyOptionsLine } from './group-legacy-options.js';
import { describeSectionMove, isSectionMoveLine } from './group-section-moves.js';
import { describePanelMove } from './describe-panel-move.js';
import { describeRowCollapse } from './describe-row-collapse.js';
import { describeFolderChange, folderActionLabel } from './describe-folder-change.js';
import { describeLeftOutDirectory, describeLiveDirectoryLeftOut } from './describe-left-out-directory.js';
import { describeDeployedElsewhere } from '../plan/set-apart-deployed-elsewhere.js';
import { describeLibraryPanel, describeUsedBy } from './describe-library-panel.js';
import { describePlanApi, describePlanOrg } from './describe-plan-api.js';
import { describePlanWarningGroups } from './describe-plan-warning-groups.js';
import { escapeJsonText, escapeText, quoteText } from './escape-untrusted.js';
import { deletedFromFolderName, folderNames, renderFolderName, renderMoveFolders, type FolderName } from './folder-names.js';
import { moreChanges } from './more-changes.js';
import { renderSummaryLine } from './render-summary.js';
import { renderNextCommand, type RunSelection } from './next-command.js';
import type { Shell } from '../describe-error.js';
import type { UnreviewedWhy } from '../apply/types.js';
import { describeMadeInGrafana } from './describe-made-in-grafana.js';

const SYMBOL: Record<string, string> = {
  create: '+',
  update: '~',
  move: '>',
  delete: '-',
  'folder-create': '+',
  'folder-update': '~',
  'folder-move': '>',
  'folder-delete': '-',
};

/**
 * The plan as a person reads it in a terminal or a CI log; `verbose`: every warning on its own line, none grouped; `shell`: whose knobs its advice names;
 * `driftKept`: applied in this step unreviewed, so its drift is kept (describeWarningsIn); `selection`: the run's, which the
 * commands its advice names repeat (without it, the plan's environment only: a saved plan records no other flag).
 */
export function renderPlanText(plan: Plan, options: { color: boolean; verbose?: boolean; maxChangesPerDashboard?: number; shell?: Shell; driftKept?: UnreviewedWhy | false; selection?: RunSelection }): string {
  const c = pc.createColors(options.color);
  // Titles, uids, paths and values come from outside: each line is escaped before it is coloured.
  const paint = (action: string, line: string) => {
    const text = escapeText(line);
    return action.endsWith('create') ? c.green(text) : action.endsWith('delete') ? c.red(text) : action.endsWith('move') ? c.cyan(text) : c.yellow(text);
  };
  const names = folderNames(plan);
  const environment = plan.target.environment ? `environment ${plan.target.environment}: ` : '';
  const lines: string[] = [escapeText(`dashsync plan for ${environment}${plan.target.url}${describePlanOrg(plan)} ${describePlanApi(plan)}`), ''];

  // A folder's changes are its title and its parent, which its line says: no field lines under it.
  for (const folder of folderActions(plan).filter((f) => f.action !== 'noop')) {
    const label = folderActionLabel(folder);
    const name = names(folder.uid);
    const where = name.kind === 'titled' && name.qualifier && folder.dir ? `${folder.dir}, ` : '';
    const change = describeFolderChange(folder, names);
    const detail = change === '' ? '' : `${folder.action === 'delete' ? ';' : ''} ${change}`;
    lines.push(paint(label, `${SYMBOL[label]} ${label.padEnd(13)} folder ${quoteText(folder.title)} (${where}uid ${folder.uid})${detail}`));
  }
  for (const panel of libraryPanelActions(plan).filter((p) => p.action !== 'noop')) {
    lines.push(paint(panel.action, `${SYMBOL[panel.action]} ${panel.action.padEnd(13)} ${describeLibraryPanel(panel, names)}`));
    const usedBy = describeUsedBy(panel);
    if (usedBy) lines.push(escapeText(`      ${usedBy}`));
    lines.push(...renderChanges(panel.changes, c, options.maxChangesPerDashboard ?? 50));
  }
  for (const dashboard of dashboardActions(plan).filter((d) => d.action !== 'noop')) {
    lines.push(paint(dashboard.action, `${SYMBOL[dashboard.action]} ${dashboard.action.padEnd(13)} ${describeDashboard(dashboard, names)}`));
    lines.push(...renderChanges(dashboard.changes, c, options.maxChangesPerDashboard ?? 50));
  }
  const { refused, warnings, notes } = describePlanWarningGroups(plan, { ...options, listsAll: `${renderNextCommand(options.selection, ['plan', '--verbose'])} lists every one, --format json holds them all` });
  if (refused.length + warnings.length > 0) {
    if (lines.length > 2) lines.push('');
    lines.push(c.bold('Warnings:'));
    for (const warning of [...refused, ...warnings]) lines.push(c.magenta(`  ! ${escapeText(warning)}`));
  }
  if (notes.length > 0) {
    if (lines.length > 2) lines.push('');
    lines.push(c.bold('Notes:'));
    for (const note of notes) lines.push(`  ${escapeText(note)}`);
  }
  if (lines.length > 2) lines.push('');
  lines.push(c.bold(renderSummaryLine(plan.summary, plan.target.environment)));
  return `${lines.join('\n')}\n`;
}

function describeDashboard(d: DashboardAction, names: (uid: string | null) => FolderName): string {
  const folderTitle = (uid: string | null) => renderFolderName(names(uid));
  const where = `in ${folderTitle(d.folderUid)}`;
  const source = d.file ? `${d.file} ` : '';
  const version = d.live ? `, live version ${d.live.version}` : '';
  if (d.action === 'move') {
    const { from, to } = renderMoveFolders(d, names);
    const leftOut = d.liveDirectoryLeftOut === undefined ? '' : `; ${describeLiveDirectoryLeftOut(d.liveDirectoryLeftOut)}`;
    return `${source}${quoteText(d.title)} (uid ${d.uid}${version}) from ${from} to ${to}${countOf(d.changes)}${leftOut}`;
  }
  if (d.action === 'delete') {
    const liveFolder = deletedFromFolderName(d, names);
    const why = d.replacedBy
      ? `its file ${d.replacedBy.file} now holds uid ${d.replacedBy.uid}`
      : d.deployedElsewhere
        ? describeDeployedElsewhere(d.deployedElsewhere)
        : d.leftOutDirectory
          ? `no file in the tree; ${describeLeftOutDirectory(d.leftOutDirectory)}`
          : 'no file in the tree';
    return `${quoteText(d.title)} (uid ${d.uid}${version}) in ${liveFolder}; ${why}${d.madeInGrafana ? `; ${escapeText(describeMadeInGrafana(d.madeInGrafana))}` : ''} (backed up before delete)`;
  }
  const held = d.replacesHeld === undefined ? '' : `; held: not created, as prune holds the delete of ${d.replacesHeld} (see the note)`;
  return `${source}${quoteText(d.title)} (uid ${d.uid}${version}) ${where}${d.action === 'update' ? countOf(d.changes) : ''}${held}`;
}

/** `: 1 panel added, 3 panels moved`, what the lines below add up to (as the markdown plan's Changes cell); none without lines. */
function countOf(changes: FieldChange[]): string {
  return changes.length === 0 ? '' : `: ${describeChangeCount(changes)}`;
}

function renderChanges(changes: FieldChange[], c: ReturnType<typeof pc.createColors>, max: number): string[] {
  const grouped = changeLines(changes);
  const lines = grouped.slice(0, max).map((change) => {
    if (isLegacyOptionsLine(change)) return escapeText(`      ~ ${describeLegacyOptions(change)}`);
    if (isSectionMoveLine(change)) return c.cyan(escapeText(`      > ${describeSectionMove(change)}`));
    // Values are JSON: escapeJsonText spells their controls as escapeText spells a title's.
    const value = (v: unknown) => escapeJsonText(renderValue(v));
    if (change.kind === 'added') return c.green(escapeText(`      + ${change.path}: ${value(change.after)}`));
    if (change.kind === 'removed') return c.red(escapeText(`      - ${change.path}: ${value(change.before)}`));
    if (change.kind === 'moved') return c.cyan(escapeText(`      > ${change.path}: ${describePanelMove(change)}`));
    const collapse = describeRowCollapse(change);
    if (collapse !== undefined) return escapeText(`      ~ ${collapse}`);
    return escapeText(`      ~ ${change.path}: ${value(change.before)} → ${value(change.after)}`);
  });
  if (grouped.length > max) lines.push(`      ${moreChanges(grouped.length - max)}`);
  return lines;
}
