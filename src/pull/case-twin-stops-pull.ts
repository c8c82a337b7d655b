import type { PullCaseTwin } from './describe-pull-case-twin.js';
import type { PullPlan, PullScope } from './types.js';

/** Pure: whether a pull of `scope` writes every folder and library panel file the tree holds (so any twin stops it) before its plan is made. */
export function stopsOnAnyTwin(scope: PullScope, prune: boolean): boolean {
  return prune || scope.kind === 'all' || scope.kind === 'managed';
}

/** Pure: whether a `--folder` or uid pull names the twin (in either case): it would write that folder's or panel's file. */
export function namesTwin(scope: PullScope, twin: PullCaseTwin): boolean {
  if (scope.kind !== 'folders' && scope.kind !== 'uids') return false;
  return scope.uids.some((uid) => sameUidButCase(uid, twin.uid));
}

/**
 * Pure: whether the plan of a `--folder` or uid pull writes the twin's folder (a folder target of that uid in either
 * case: a dashboard in it or below it, or its `_folder.json`) or library panel (a library panel target of that uid:
 * a pulled dashboard uses it, or its folder is pulled).
 */
export function planTouchesTwin(plan: Pick<PullPlan, 'folders' | 'libraryPanels'>, twin: PullCaseTwin): boolean {
  const targets = twin.kind === 'folder' ? plan.folders : plan.libraryPanels;
  return targets.some((target) => sameUidButCase(target.uid, twin.uid));
}

function sameUidButCase(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
