import type { PlanAction, PlanSummary } from './types.js';

/** What prune left alone, counted apart from the actions (each a PlanSummary field of the same name, present only when not 0). */
export type NotPrunedCounts = Partial<Pick<PlanSummary, 'outsideSelection' | 'otherEnvironments' | 'generalLevel' | 'notThisTree' | 'shallowHistory' | 'parentOnly' | 'folderKept'>>;

/** The uids of dashboards whose noop differs from the file, by why (PlanSummary's fields of the same names). */
export interface NoopsThatDiffer {
  /** Left as they are because another tool owns them. */
  untouched?: ReadonlySet<string>;
  /** Their files' labels or annotations are all that differs, and Grafana keeps none (legacy SQL storage, or `/api`). */
  labelsNotKept?: ReadonlySet<string>;
}

/** `differing`: the noops that differ from their files (NoopsThatDiffer); `notPruned`: what prune left alone (PlanSummary's fields). */
export function summarizePlan(actions: PlanAction[], differing: NoopsThatDiffer = {}, notPruned: NotPrunedCounts = {}): PlanSummary {
  const { outsideSelection = 0, otherEnvironments = 0, generalLevel = 0, notThisTree = 0, shallowHistory = 0, parentOnly = 0, folderKept = 0 } = notPruned;
  const { untouched = new Set(), labelsNotKept = new Set() } = differing;
  const count = (kind: PlanAction['kind'], action: string) => actions.filter((item) => item.kind === kind && item.action === action).length;
  const noops = actions.filter((item) => item.kind === 'dashboard' && item.action === 'noop');
  const owned = noops.filter((item) => untouched.has(item.uid)).length;
  const unkept = noops.filter((item) => !untouched.has(item.uid) && labelsNotKept.has(item.uid)).length;
  return {
    create: count('dashboard', 'create'),
    update: count('dashboard', 'update'),
    move: count('dashboard', 'move'),
    delete: count('dashboard', 'delete'),
    unchanged: noops.length - owned - unkept,
    ...(owned > 0 ? { untouched: owned } : {}),
    ...(unkept > 0 ? { labelsNotKept: unkept } : {}),
    ...(outsideSelection > 0 ? { outsideSelection } : {}),
    ...(otherEnvironments > 0 ? { otherEnvironments } : {}),
    ...(generalLevel > 0 ? { generalLevel } : {}),
    ...(notThisTree > 0 ? { notThisTree } : {}),
    ...(shallowHistory > 0 ? { shallowHistory } : {}),
    ...(parentOnly > 0 ? { parentOnly } : {}),
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
