import type { DashboardAction, FolderAction, PlanSummary } from './types.js';

export function summarizePlan(dashboards: DashboardAction[], folders: FolderAction[]): PlanSummary {
  const count = <T extends { action: string }>(items: T[], action: string) => items.filter((item) => item.action === action).length;
  return {
    create: count(dashboards, 'create'),
    update: count(dashboards, 'update'),
    move: count(dashboards, 'move'),
    delete: count(dashboards, 'delete'),
    unchanged: count(dashboards, 'noop'),
    folderCreate: count(folders, 'folder-create'),
    folderUpdate: count(folders, 'folder-update'),
    folderDelete: count(folders, 'folder-delete'),
  };
}

export function hasChanges(summary: PlanSummary): boolean {
  return (
    summary.create + summary.update + summary.move + summary.delete + summary.folderCreate + summary.folderUpdate + summary.folderDelete > 0
  );
}
