import type { Settings } from '../config/types.js';
import type { Tree } from '../files/types.js';
import { actionId, type PlanAction, type PlanWarning } from './types.js';

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
 * The uids of the folders whose directories hold only files this run's include/exclude leave out (another environment's, in
 * docs/environments.md's folder per environment): the file's directory decides a dashboard's or library panel's folder, so a
 * move out of one of them is the layout's, which git holds, not an edit the tree could keep (pull keeps the file in place).
 */
export function leftOutFolderUids(tree: Pick<Tree, 'root' | 'idleFolders'>, lists: string | null): Set<string> {
  return lists === null ? new Set() : new Set(leftOutFolders(tree).keys());
}

/**
 * Pure: each dashboard delete in the folder of a directory this run's selection leaves out records that directory (as
 * shown: under the tree's root, `rootShown`) and the lists, for its line (audit-ux-19 F-12: an operator who excluded a
 * directory reads its folder as left alone); each move of a dashboard or library panel out of such a folder records it too
 * (`liveDirectoryLeftOut`).
 */
export function markLeftOutDirectories(
  actions: readonly PlanAction[],
  tree: Pick<Tree, 'root' | 'idleFolders'>,
  lists: string | null,
  rootShown: string,
): PlanAction[] {
  const folders = lists === null ? new Map<string, string>() : leftOutFolders(tree);
  if (folders.size === 0) return [...actions];
  const shownOf = (dir: string) => ({ dir: rootShown === '.' ? dir : `${rootShown}/${dir}`, lists: lists! });
  return actions.map((action): PlanAction => {
    if (action.kind === 'library-panel') {
      const dir = action.action === 'move' && action.live?.folderUid ? folders.get(action.live.folderUid) : undefined;
      return dir === undefined ? action : { ...action, liveDirectoryLeftOut: { ...shownOf(dir), folderTitle: action.live!.folderTitle } };
    }
    if (action.kind !== 'dashboard' || (action.action !== 'delete' && action.action !== 'move') || !action.live?.folderUid) return action;
    const dir = folders.get(action.live.folderUid);
    if (dir === undefined) return action;
    const shown = shownOf(dir);
    return action.action === 'delete' ? { ...action, leftOutDirectory: shown } : { ...action, liveDirectoryLeftOut: { ...shown, folderTitle: action.live.folderTitle } };
  });
}

/**
 * Pure: each drift warning of such a move (markLeftOutDirectories), a dashboard's or a library panel's, records that directory
 * too, for its words. A library panel's whose file holds the same content is `sameContent`, as a dashboard's is (decideDrift):
 * applying changes only its folder, which the file's directory decides, so no edit is lost.
 */
export function markLeftOutDrift(warnings: readonly PlanWarning[], actions: readonly PlanAction[]): PlanWarning[] {
  const leftOut = new Map(
    actions.flatMap((action) =>
      (action.kind === 'dashboard' || action.kind === 'library-panel') && action.liveDirectoryLeftOut !== undefined ? [[actionId(action.kind, action.uid), { dir: action.liveDirectoryLeftOut, unchanged: action.changes.length === 0 }] as const] : [],
    ),
  );
  if (leftOut.size === 0) return [...warnings];
  return warnings.map((warning) => {
    if (warning.kind !== 'drift' || warning.pruned === true) return warning;
    const move = leftOut.get(actionId(warning.resource ?? 'dashboard', warning.uid));
    if (move === undefined) return warning;
    return { ...warning, liveDirectoryLeftOut: move.dir, ...(warning.resource === 'library-panel' && move.unchanged && { sameContent: true as const }) };
  });
}
