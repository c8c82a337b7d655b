import type { Tree } from '../files/types.js';
import type { LocalTree } from './read-local-tree.js';
import { GENERAL_FOLDER_UID } from './select-pull-scope.js';
import type { PullScope } from './types.js';

/**
 * Pure: the scope a pull works in. `auto` is everything when the tree is empty (a bootstrap,
 * which a note says), else what the tree manages.
 */
export function resolvePullScope(requested: PullScope | 'auto', local: Pick<LocalTree, 'tree' | 'folderFiles'>): { scope: PullScope; notes: string[] } {
  if (requested !== 'auto') return { scope: requested, notes: [] };
  const empty = local.tree.dashboards.length === 0 && local.folderFiles.size === 0;
  if (!empty) return { scope: { kind: 'managed' }, notes: [] };
  return { scope: { kind: 'all' }, notes: ['the tree is empty: pulling every dashboard (as with --all)'] };
}

/**
 * Pure: the folders a pull scope names: `--folder`'s (General is no folder), the tree's for the
 * managed scope, and for `pull <uid…>` the uids that are no dashboard the listing or the tree has
 * (they may name folders).
 */
export function scopeFolderUids(scope: PullScope, tree: Tree, liveDashboardUids: ReadonlySet<string> = new Set()): string[] {
  if (scope.kind === 'folders') return scope.uids.filter((uid) => uid.toLowerCase() !== GENERAL_FOLDER_UID);
  if (scope.kind === 'uids') {
    const dashboards = new Set([...liveDashboardUids, ...tree.dashboards.map((entry) => entry.uid)]);
    return scope.uids.filter((uid) => !dashboards.has(uid));
  }
  return scope.kind === 'managed' ? tree.folders.map((folder) => folder.uid) : [];
}
