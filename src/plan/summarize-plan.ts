import type { PlanAction, PlanSummary } from './types.js';

/**
 * `untouched`: the uids of dashboards left as they are because another tool owns them (their noop
 * differs from the file); `outsideSelection`: live dashboards prune left alone for a file outside the selection;
 * `folderKept`: managed folders that left the tree but stay for the library panels in them; `leftTree`: live dashboards
 * prune left alone in top-level folders whose `_folder.json` left the tree.
 */
export function summarizePlan(actions: PlanAction[], untouched: ReadonlySet<string> = new Set(), outsideSelection = 0, folderKept = 0, leftTree = 0): PlanSummary {
  const count = (kind: PlanAction['kind'], action: string) => actions.filter((item) => item.kind === kind && item.action === action).length;
  const owned = actions.filter((item) => item.kind === 'dashboard' && item.action === 'noop' && untouched.has(item.uid)).length;
  return {
    create: count('dashboard', 'create'),
    update: count('dashboard', 'update'),
    move: count('dashboard', 'move'),
    delete: count('dashboard', 'delete'),
    unchanged: count('dashboard', 'noop') - owned,
    ...(owned > 0 ? { untouched: owned } : {}),
    ...(outsideSelection > 0 ? { outsideSelection } : {}),
    ...(leftTree > 0 ? { leftTree } : {}),
    folderCreate: count('folder', 'create'),
    folderUpdate: count('folder', 'update'),
    folderDelete: count('folder', 'delete'),
    ...(folderKept > 0 ? { folderKept } : {}),
    libraryPanelCreate: count('library-panel', 'create'),
    libraryPanelUpdate: count('library-panel', 'update'),
    libraryPanelMove: count('library-panel', 'move'),
    libraryPanelDelete: count('library-panel', 'delete'),
  };
}

export function hasChanges(summary: PlanSummary): boolean {
  return (
    summary.create + summary.update + summary.move + summary.delete + summary.folderCreate + summary.folderUpdate + summary.folderDelete +
      (summary.libraryPanelCreate ?? 0) + (summary.libraryPanelUpdate ?? 0) + (summary.libraryPanelMove ?? 0) + (summary.libraryPanelDelete ?? 0) >
    0
  );
}
