import type { SetApartCounts } from './set-apart-unreadable.js';
import { isFolderMove, type PlanAction, type PlanSummary } from './types.js';

/** What prune left alone, counted apart from the actions (each a PlanSummary field of the same name, present only when not 0). */
export const NOT_PRUNED_COUNTS = ['outsideSelection', 'otherEnvironments', 'pruneOff', 'generalLevel', 'notThisTree', 'shallowHistory', 'parentOnly', 'externalFolders', 'folderKept'] as const;
export type NotPrunedCounts = Partial<Pick<PlanSummary, (typeof NOT_PRUNED_COUNTS)[number]>>;

/** The uids of dashboards whose noop differs from the file, by why (PlanSummary's fields of the same names). */
export interface NoopsThatDiffer {
  /** Left as they are because another tool owns them. */
  untouched?: ReadonlySet<string>;
  /** Their files' labels or annotations are all that differs, and Grafana keeps none (legacy SQL storage, or `/api`). */
  labelsNotKept?: ReadonlySet<string>;
}

/**
 * `differing`: the noops that differ from their files (NoopsThatDiffer); `notPruned`: what prune left alone (PlanSummary's
 * fields); `setApart`: the tree's dashboards set apart as hidden from these credentials (no action: the warnings name them),
 * those it could not read, those it read whose files go to a hidden folder, and those whose write uses a library panel in one
 * (countUnreadable).
 */
export function summarizePlan(actions: PlanAction[], differing: NoopsThatDiffer = {}, notPruned: NotPrunedCounts = {}, setApart: SetApartCounts = { unreadable: 0, notMovedIntoHidden: 0 }): PlanSummary {
  const { unreadable, notMovedIntoHidden, usesHiddenPanels = 0, unreadableLibraryPanels = 0 } = setApart;
  const { outsideSelection = 0, otherEnvironments = 0, pruneOff = 0, generalLevel = 0, notThisTree = 0, shallowHistory = 0, parentOnly = 0, externalFolders = 0, folderKept = 0 } = notPruned;
  const { untouched = new Set(), labelsNotKept = new Set() } = differing;
  // One pass over the actions (a plan of 10,000 dashboards has that many): kind → action → how many.
  const tally = new Map<string, Map<string, number>>();
  let owned = 0;
  let unkept = 0;
  let folderMoves = 0;
  let uidChangesHeld = 0;
  for (const item of actions) {
    if (item.kind === 'dashboard' && item.replacesHeld !== undefined) {
      uidChangesHeld += 1;
      continue;
    }
    let ofKind = tally.get(item.kind);
    if (ofKind === undefined) tally.set(item.kind, (ofKind = new Map()));
    ofKind.set(item.action, (ofKind.get(item.action) ?? 0) + 1);
    if (item.kind === 'folder' && isFolderMove(item)) folderMoves += 1;
    if (item.kind !== 'dashboard' || item.action !== 'noop') continue;
    if (untouched.has(item.uid)) owned += 1;
    else if (labelsNotKept.has(item.uid)) unkept += 1;
  }
  const count = (kind: PlanAction['kind'], action: string) => tally.get(kind)?.get(action) ?? 0;
  return {
    create: count('dashboard', 'create'),
    update: count('dashboard', 'update'),
    move: count('dashboard', 'move'),
    delete: count('dashboard', 'delete'),
    unchanged: count('dashboard', 'noop') - owned - unkept,
    ...(owned > 0 ? { untouched: owned } : {}),
    ...(unkept > 0 ? { labelsNotKept: unkept } : {}),
    ...(outsideSelection > 0 ? { outsideSelection } : {}),
    ...(otherEnvironments > 0 ? { otherEnvironments } : {}),
    ...(pruneOff > 0 ? { pruneOff } : {}),
    ...(generalLevel > 0 ? { generalLevel } : {}),
    ...(notThisTree > 0 ? { notThisTree } : {}),
    ...(shallowHistory > 0 ? { shallowHistory } : {}),
    ...(parentOnly > 0 ? { parentOnly } : {}),
    ...(externalFolders > 0 ? { externalFolders } : {}),
    ...(unreadable > 0 ? { unreadable } : {}),
    ...(notMovedIntoHidden > 0 ? { notMovedIntoHidden } : {}),
    ...(usesHiddenPanels > 0 ? { usesHiddenPanels } : {}),
    ...(unreadableLibraryPanels > 0 ? { unreadableLibraryPanels } : {}),
    ...(uidChangesHeld > 0 ? { uidChangesHeld } : {}),
    folderCreate: count('folder', 'create'),
    folderUpdate: count('folder', 'update') - folderMoves,
    folderMove: folderMoves,
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
    summary.create + summary.update + summary.move + summary.delete + summary.folderCreate + summary.folderUpdate + summary.folderMove + summary.folderDelete +
      (summary.libraryPanelCreate ?? 0) + (summary.libraryPanelUpdate ?? 0) + (summary.libraryPanelMove ?? 0) + (summary.libraryPanelDelete ?? 0) >
    0
  );
}

/**
 * Pure: the summary of a plan whose creates were marked `replacesHeld` after it was counted (createPlan marks them once prune's
 * holds are known): those are taken out of `create` and counted as `uidChangesHeld`, as summarizePlan counts them.
 */
export function countUidChangesHeld(summary: PlanSummary, actions: readonly PlanAction[]): PlanSummary {
  const held = actions.filter((action) => action.kind === 'dashboard' && action.replacesHeld !== undefined).length - (summary.uidChangesHeld ?? 0);
  return held === 0 ? summary : { ...summary, create: summary.create - held, uidChangesHeld: (summary.uidChangesHeld ?? 0) + held };
}
