import type { Plan, PlanAction } from './types.js';

/**
 * Pure: where a saved plan's deletes contradict its own prune scope, or null. Plan only writes
 * deletes that prune allows, so a contradiction means the file was edited by hand (or by
 * another tool); apply refuses it before any request: a delete is the one action that loses
 * something. `false` allows none; `folders` allows dashboards inside the folders the plan
 * recorded as managed; `all` allows any dashboard; a folder is only ever deleted when managed.
 */
export function findPruneScopeProblem(plan: Pick<Plan, 'prune' | 'managedFolders' | 'actions'>): string | null {
  const deletes = plan.actions.filter((action) => action.action === 'delete');
  if (deletes.length === 0) return null;
  if (plan.prune === false) {
    const others = deletes.length > 1 ? ` and ${deletes.length - 1} more` : '';
    return `it deletes ${name(deletes[0]!)}${others} but records prune false`;
  }
  const managed = new Set(plan.managedFolders);
  for (const action of deletes) {
    if (action.kind === 'folder' && !managed.has(action.uid)) return `it deletes ${name(action)}, which is not among the folders it records as managed`;
    if (action.kind === 'dashboard' && plan.prune === 'folders' && (action.folderUid === null || !managed.has(action.folderUid))) {
      const where = action.folderUid === null ? 'the General level' : `folder ${action.folderUid}`;
      return `it deletes ${name(action)} in ${where}, outside its prune scope "folders" (the folders it records as managed)`;
    }
  }
  return null;
}

function name(action: PlanAction): string {
  return `${action.kind} ${action.uid}`;
}
