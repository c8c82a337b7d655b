import * as core from '@actions/core';
import type { ApplyResult } from '../apply/types.js';
import type { PlanSummary, PlanWarning } from '../plan/types.js';
import { hasChanges } from '../plan/summarize-plan.js';

/** The Action's outputs (action.yml `outputs`), by name. */
export interface ActionOutputs {
  'has-changes': boolean;
  creates: number;
  updates: number;
  deletes: number;
  /** Prune deletes an apply held: ones its saved plan could not judge (api "legacy", Grafana 12+) that dashsync did not save last (apply), or that the plan holds (plan). */
  'deletes-held': number;
  /** Tree dashboards a folder's permissions hide from these credentials: not compared (plan), held (apply). */
  unreadable: number;
  /** Tree dashboards these credentials read whose write uses a library panel of the tree in a folder they cannot see: not written (plan), held (apply). */
  'uses-hidden-panels': number;
  /** Tree dashboards these credentials read whose file goes to a folder they cannot see: not moved there (plan), held (apply). */
  'not-moved-into-hidden': number;
  /** The tree's library panels in a folder these credentials cannot see: not compared (plan), held (apply). */
  'unreadable-library-panels': number;
  conflicts: number;
  /** Library panels created, updated, moved or deleted (apply), or to be (plan): a change creates/updates/deletes do not count. */
  'library-panel-changes': number;
  /** Folders created, updated or deleted (apply), or to be (plan). */
  'folder-changes': number;
  /** The plan file written or applied; '' when none. */
  'plan-file': string;
}

/** What a step leaves in an output whose value it did not find (an apply refused after reading its plan did nothing). */
const DEFAULT_OUTPUTS: ActionOutputs = {
  'has-changes': false,
  creates: 0,
  updates: 0,
  deletes: 0,
  'deletes-held': 0,
  unreadable: 0,
  'uses-hidden-panels': 0,
  'not-moved-into-hidden': 0,
  'unreadable-library-panels': 0,
  conflicts: 0,
  'library-panel-changes': 0,
  'folder-changes': 0,
  'plan-file': '',
};

/** What a plan would do. Moves count as updates (a move is an update of the folder). */
export function outputsFromPlan(summary: PlanSummary, planFile: string, warnings: readonly PlanWarning[] = []): ActionOutputs {
  return {
    'has-changes': hasChanges(summary),
    creates: summary.create,
    updates: summary.update + summary.move,
    deletes: summary.delete,
    'deletes-held': warnings.reduce((sum, warning) => sum + (warning.kind === 'owners-not-seen' ? warning.uids.length : 0), 0),
    unreadable: summary.unreadable ?? 0,
    'uses-hidden-panels': summary.usesHiddenPanels ?? 0,
    'not-moved-into-hidden': summary.notMovedIntoHidden ?? 0,
    'unreadable-library-panels': summary.unreadableLibraryPanels ?? 0,
    conflicts: 0,
    'library-panel-changes': summary.libraryPanelCreate + summary.libraryPanelUpdate + summary.libraryPanelMove + summary.libraryPanelDelete,
    'folder-changes': summary.folderCreate + summary.folderUpdate + summary.folderMove + summary.folderDelete,
    'plan-file': planFile,
  };
}

/** What an apply did (not what it planned): a conflict is not counted as an update. */
export function outputsFromApply(summary: PlanSummary, result: ApplyResult, planFile: string): ActionOutputs {
  return {
    'has-changes': hasChanges(summary),
    creates: result.created.length,
    updates: result.updated.length + result.moved.length,
    deletes: result.deleted.length,
    'deletes-held': result.deletesHeld?.length ?? 0,
    unreadable: result.unreadable?.length ?? 0,
    'uses-hidden-panels': result.usesHiddenPanels?.length ?? 0,
    'not-moved-into-hidden': result.notMovedIntoHidden?.length ?? 0,
    'unreadable-library-panels': result.unreadableLibraryPanels?.length ?? 0,
    conflicts: result.conflicts.length,
    'library-panel-changes':
      result.libraryPanelsCreated.length + result.libraryPanelsUpdated.length + result.libraryPanelsMoved.length + result.libraryPanelsDeleted.length,
    'folder-changes': result.foldersCreated.length + result.foldersUpdated.length + result.foldersMoved.length + result.foldersDeleted.length,
    'plan-file': planFile,
  };
}

/**
 * Written once, when the step ends (however it ends): the values the step found, the defaults for the rest. A step that
 * made or read no plan leaves every output empty — a check step (walk-64 L6), or one that failed before its plan:
 * `has-changes=false` would tell a workflow reading it (`if: steps.x.outputs.has-changes == 'false'`, continue-on-error,
 * `if: always()`) that there is no drift, and the counts would claim a plan of nothing.
 */
export function writeOutputs(found: Partial<ActionOutputs>, step: { failed: boolean; check: boolean }): void {
  const noPlan = step.check || (step.failed && found['has-changes'] === undefined);
  for (const [name, value] of Object.entries({ ...DEFAULT_OUTPUTS, ...found })) core.setOutput(name, noPlan ? '' : String(value));
}
