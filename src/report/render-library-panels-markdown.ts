import { libraryPanelActions, type LibraryPanelAction, type Plan } from '../plan/types.js';
import { capitalize } from './capitalize.js';
import { countUsers, describeNameHandover, describeUsedBy } from './describe-library-panel.js';
import { escapeHtml, escapeHtmlCode, escapeMarkdown, markdownCode } from './escape-untrusted.js';
import { renderMoveFolders, type FolderName } from './folder-names.js';
import { changesCell, diffCodeBlock, plannedFolderCell, renderDiffLines } from './markdown-diff-parts.js';
import { moreChanges } from './more-changes.js';
import { describeLiveDirectoryLeftOut } from './describe-left-out-directory.js';

const ICON: Record<string, string> = { create: '🟢 create', update: '🟡 update', move: '🔵 move', delete: '🔴 delete' };

/** The plan's library panels in markdown: a table, then a collapsible diff per changed panel with the dashboards it reaches. [] when none change. */
export function renderLibraryPanelsMarkdown(plan: Plan, names: (uid: string | null) => FolderName, maxChanges: number): string[] {
  const changed = libraryPanelActions(plan).filter((panel) => panel.action !== 'noop');
  if (changed.length === 0) return [];
  const drifted = new Set(plan.warnings.flatMap((w) => (w.kind === 'drift' && w.resource === 'library-panel' ? [w.uid] : [])));
  const out = ['| Library panel action | Name | uid | Folder | File | Used by |', '| --- | --- | --- | --- | --- | --- |'];
  for (const panel of changed) {
    out.push(`| ${ICON[panel.action]} | ${escapeMarkdown(panel.title)} | ${markdownCode(panel.uid)} | ${plannedFolderCell(panel, names)} | ${fileCell(panel)} | ${countUsers(panel)}${drifted.has(panel.uid) ? ' ⚠️ drift' : ''} |`);
  }
  out.push('');
  for (const panel of changed.filter((p) => p.changes.length > 0 || p.action === 'move' || p.usedBy.length > 0)) {
    out.push(`<details><summary>${ICON[panel.action]} library panel <code>${escapeHtmlCode(panel.uid)}</code> ${escapeHtml(panel.title)} (${changesCell(panel)})</summary>`, '');
    const usedBy = describeUsedBy(panel);
    if (usedBy) out.push(escapeMarkdown(usedBy), '');
    const handover = describeNameHandover(panel);
    if (handover) out.push(escapeMarkdown(`${capitalize(handover)}.`), '');
    const diff: string[] = [];
    if (panel.action === 'move') {
      const { from, to } = renderMoveFolders(panel, names);
      diff.push(`! folder: ${from} → ${to}`);
    }
    diff.push(...renderDiffLines(panel.changes.slice(0, maxChanges)));
    if (panel.changes.length > maxChanges) diff.push(`# ${moreChanges(panel.changes.length - maxChanges)}`);
    if (diff.length > 0) out.push(...diffCodeBlock(diff), '');
    out.push('</details>', '');
  }
  return out;
}

/** A panel's file; for a move out of the folder of a directory this run leaves out (liveDirectoryLeftOut), with that reason. */
function fileCell(panel: LibraryPanelAction): string {
  if (panel.file === null) return '—';
  return panel.liveDirectoryLeftOut === undefined ? markdownCode(panel.file) : `${markdownCode(panel.file)} (${describeLiveDirectoryLeftOut(panel.liveDirectoryLeftOut, { dir: markdownCode, text: escapeMarkdown })})`;
}
