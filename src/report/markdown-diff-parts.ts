import { renderValue } from '../diff/render-value.js';
import type { FieldChange } from '../diff/types.js';
import { describeChangeCount } from './describe-change-count.js';
import { panelMoveDiffLines } from './describe-panel-move.js';
import { describeRowCollapse } from './describe-row-collapse.js';
import { changeLines } from './change-lines.js';
import { describeLegacyOptions, isLegacyOptionsLine } from './group-legacy-options.js';
import { describeSectionMove, isSectionMoveLine } from './group-section-moves.js';
import { escapeJsonText, escapeMarkdown, escapeText } from './escape-untrusted.js';
import { plannedFolderName, renamedByPlan, renderFolderName, type FolderName } from './folder-names.js';

/** `new`, `no file`, `3 fields`, `1 panel added, 3 panels moved`, `folder + 2 fields`: what a change amounts to, in a table cell. */
export function changesCell(change: { action: string; changes: FieldChange[] }): string {
  if (change.action === 'create') return 'new';
  if (change.action === 'delete') return 'no file';
  const count = describeChangeCount(change.changes);
  return change.action === 'move' ? (change.changes.length > 0 ? `folder + ${count}` : 'folder') : count;
}

/**
 * Field changes as the lines of a `diff` code block (values escaped; the caller escapes the whole line for its block), up
 * to `max` of them (a panel's legacy options count as one, and so does a v2 placement's move: listedCount).
 */
export function renderDiffLines(changes: FieldChange[], max = Infinity): string[] {
  // Values are JSON: escapeJsonText spells their controls as escapeText spells a title's.
  const value = (v: unknown) => escapeJsonText(renderValue(v, 200));
  return changeLines(changes).slice(0, max).flatMap((change) => {
    if (isLegacyOptionsLine(change)) return [`~ ${describeLegacyOptions(change)}`];
    if (isSectionMoveLine(change)) return [`> ${describeSectionMove(change)}`];
    if (change.kind === 'added') return [`+ ${change.path}: ${value(change.after)}`];
    if (change.kind === 'removed') return [`- ${change.path}: ${value(change.before)}`];
    if (change.kind === 'moved') return panelMoveDiffLines(change);
    const collapse = describeRowCollapse(change);
    if (collapse !== undefined) return [`~ ${collapse}`];
    return [`- ${change.path}: ${value(change.before)}`, `+ ${change.path}: ${value(change.after)}`];
  });
}

/** Lines as a `diff` code block: each escaped for what would act on a terminal or a runner, fenced so no value ends the block early. */
export function diffCodeBlock(lines: string[]): string[] {
  const escaped = lines.map(escapeText);
  const fence = escaped.some((line) => line.includes('```')) ? '~~~~~~' : '```';
  return [`${fence}diff`, ...escaped, fence];
}

/**
 * The folder cell of a dashboard's or library panel's row: where it is planned; for a delete from a folder this plan renames
 * (renamedByPlan), its title now and the rename, as the text plan names it.
 */
export function plannedFolderCell(
  d: { action: string; live: { folderUid: string | null; folderTitle: string } | null; folderUid: string | null },
  names: (uid: string | null) => FolderName,
): string {
  const renamed = d.action === 'delete' ? renamedByPlan(d, names) : null;
  if (renamed === null) return folderCell(plannedFolderName(d, names));
  return `${escapeMarkdown(renamed.title)} (renamed ${escapeMarkdown(renderFolderName(renamed.renamed))} by this plan)`;
}

/** A folder in a table cell (dashboards and library panels alike): its title without quotes, and where it is when the title repeats. */
function folderCell(name: FolderName): string {
  if (name.kind !== 'titled') return escapeMarkdown(renderFolderName(name));
  return `${escapeMarkdown(name.title)}${name.qualifier ? ` (${escapeMarkdown(name.qualifier)})` : ''}`;
}
