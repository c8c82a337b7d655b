import type { PlanSummary } from '../plan/types.js';

/** `Plan: 3 to create, 2 to update, 1 to move, 4 to delete, 120 unchanged.` (+ folders when any). */
export function renderSummaryLine(summary: PlanSummary): string {
  const line = `Plan: ${summary.create} to create, ${summary.update} to update, ${summary.move} to move, ${summary.delete} to delete, ${summary.unchanged} unchanged.`;
  const folderParts = [
    summary.folderCreate ? `${summary.folderCreate} to create` : '',
    summary.folderUpdate ? `${summary.folderUpdate} to update` : '',
    summary.folderDelete ? `${summary.folderDelete} to delete` : '',
  ].filter(Boolean);
  return folderParts.length > 0 ? `${line} Folders: ${folderParts.join(', ')}.` : line;
}
