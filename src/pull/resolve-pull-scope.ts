import type { Tree } from '../files/types.js';
import type { LocalTree } from './read-local-tree.js';
import { GENERAL_FOLDER_UID } from './select-pull-scope.js';
import type { PullScope } from './types.js';
import { plural } from '../plural.js';

/**
 * Pure: the scope a pull works in. `auto` is everything when the tree is empty (a bootstrap,
 * which a note says: describeEmptyTreePull), else what the tree manages.
 */
export function resolvePullScope(requested: PullScope | 'auto', local: Pick<LocalTree, 'tree' | 'folderFiles'>): { scope: PullScope; emptyTree: boolean } {
  if (requested !== 'auto') return { scope: requested, emptyTree: false };
  const empty = local.tree.dashboards.length === 0 && local.folderFiles.size === 0;
  return empty ? { scope: { kind: 'all' }, emptyTree: true } : { scope: { kind: 'managed' }, emptyTree: false };
}

/**
 * Pure: the note of a pull that found the tree empty, once it knows how many dashboard and library panel files it did not
 * write (`notWritten`: its skipped lines; after a `git rm -r` of the whole tree, committed, every removal not applied yet).
 */
export function describeEmptyTreePull(notWritten: number): string {
  const pulling = 'the tree is empty: pulling every dashboard (as with --all)';
  return notWritten === 0 ? pulling : `${pulling}, but for ${plural(notWritten, 'file')} not written (${notWritten === 1 ? 'its skipped line says' : 'their skipped lines say'} why)`;
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
