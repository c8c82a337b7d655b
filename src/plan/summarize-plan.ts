import type { PlanAction, PlanSummary } from './types.js';

export function summarizePlan(actions: PlanAction[]): PlanSummary {
  const count = (kind: PlanAction['kind'], action: string) => actions.filter((item) => item.kind === kind && item.action === action).length;
  return {
    create: count('dashboard', 'create'),
    update: count('dashboard', 'update'),
    move: count('dashboard', 'move'),
    delete: count('dashboard', 'delete'),
    unchanged: count('dashboard', 'noop'),
    folderCreate: count('folder', 'create'),
    folderUpdate: count('folder', 'update'),
    folderDelete: count('folder', 'delete'),
  };
}

export function hasChanges(summary: PlanSummary): boolean {
  return (
    summary.create + summary.update + summary.move + summary.delete + summary.folderCreate + summary.folderUpdate + summary.folderDelete > 0
  );
}
