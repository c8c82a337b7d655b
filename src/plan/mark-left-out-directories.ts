import type { Settings } from '../config/types.js';
import type { Tree } from '../files/types.js';
import type { PlanAction, PlanWarning } from './types.js';

/**
 * The folders of directories that hold only files this run's include/exclude leave out (Tree.idleFolders that are not
 * pass-through), by uid: prune keeps each folder, but a dashboard in it that no file holds is pruned like any other.
 */
function leftOutFolders(tree: Pick<Tree, 'root' | 'idleFolders'>): Map<string, string> {
  return new Map(tree.idleFolders.filter((folder) => folder.passThrough !== true).map((folder) => [folder.uid, folder.dir]));
}

/** The lists that leave directories out, as messages name them: `environment "prod"'s exclude in dashsync.config.json`. */
export function describeSelectionLists(settings: Pick<Settings, 'include' | 'exclude' | 'selectionFrom'>): string | null {
  const from = settings.selectionFrom;
  if (from === undefined) return null;
  const lists = [settings.include.length > 0 ? from.include : null, settings.exclude.length > 0 ? from.exclude : null].filter((list): list is string => list !== null);
  return lists.length === 0 ? null : lists.join(' and ');
}

/**
 * Pure: each dashboard delete in the folder of a directory this run's selection leaves out records that directory (as
 * shown: under the tree's root, `rootShown`) and the lists, for its line (audit-ux-19 F-12: an operator who excluded a
 * directory reads its folder as left alone); each move out of such a folder records it too (`liveDirectoryLeftOut`).
 */
export function markLeftOutDirectories(
  actions: readonly PlanAction[],
  tree: Pick<Tree, 'root' | 'idleFolders'>,
  lists: string | null,
  rootShown: string,
): PlanAction[] {
  const folders = lists === null ? new Map<string, string>() : leftOutFolders(tree);
  if (folders.size === 0) return [...actions];
  return actions.map((action): PlanAction => {
    if (action.kind !== 'dashboard' || (action.action !== 'delete' && action.action !== 'move') || !action.live?.folderUid) return action;
    const dir = folders.get(action.live.folderUid);
    if (dir === undefined) return action;
    const shown = { dir: rootShown === '.' ? dir : `${rootShown}/${dir}`, lists: lists! };
    return action.action === 'delete' ? { ...action, leftOutDirectory: shown } : { ...action, liveDirectoryLeftOut: { ...shown, folderTitle: action.live.folderTitle } };
  });
}

/** Pure: each drift warning of such a move (markLeftOutDirectories) records that directory too, for its words. */
export function markLeftOutDrift(warnings: readonly PlanWarning[], actions: readonly PlanAction[]): PlanWarning[] {
  const leftOut = new Map(actions.flatMap((action) => (action.kind === 'dashboard' && action.liveDirectoryLeftOut !== undefined ? [[action.uid, action.liveDirectoryLeftOut] as const] : [])));
  if (leftOut.size === 0) return [...warnings];
  return warnings.map((warning) => {
    const dir = warning.kind === 'drift' && warning.resource === undefined ? leftOut.get(warning.uid) : undefined;
    return dir === undefined ? warning : { ...warning, liveDirectoryLeftOut: dir };
  });
}
