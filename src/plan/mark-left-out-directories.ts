import type { Settings } from '../config/types.js';
import type { Tree } from '../files/types.js';
import type { PlanAction } from './types.js';

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
 * directory reads its folder as left alone).
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
    if (action.kind !== 'dashboard' || action.action !== 'delete' || !action.live?.folderUid) return action;
    const dir = folders.get(action.live.folderUid);
    if (dir === undefined) return action;
    return { ...action, leftOutDirectory: { dir: rootShown === '.' ? dir : `${rootShown}/${dir}`, lists: lists! } };
  });
}
