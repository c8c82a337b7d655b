import type { ResourceKind } from '../plan/types.js';

/** What one apply did, resource by resource; the CLI and the Action render it. */
export interface ApplyConflict {
  uid: string;
  title: string;
  /** What the plan wanted to do: a save (`create`/`update`/`move`), a prune (`delete`), `folder-update`, or `library-panel-<verb>`. */
  action: string;
  file: string | null;
  /** The live version the plan saw (null for a create). */
  plannedVersion: number | string | null;
  /** The version Grafana has now (null when it could not be read). */
  currentVersion: number | string | null;
  changedBy: string | null;
  changedAt: string | null;
}

interface ApplyFailure {
  uid: string;
  title: string;
  /** e.g. `update`, `delete`, `folder-create`. */
  action: string;
  message: string;
}

/** Why an apply stopped starting new work before the end of the plan. */
type ApplyStop = 'interrupt' | 'unauthorized';

export interface ApplyResult {
  created: string[];
  updated: string[];
  moved: string[];
  deleted: string[];
  foldersCreated: string[];
  foldersUpdated: string[];
  foldersDeleted: string[];
  libraryPanelsCreated: string[];
  libraryPanelsUpdated: string[];
  libraryPanelsMoved: string[];
  libraryPanelsDeleted: string[];
  /** Written backups, one per deleted dashboard or library panel. */
  backups: string[];
  conflicts: ApplyConflict[];
  failures: ApplyFailure[];
  /** Work deliberately not done, with the reason (e.g. a folder that is not empty). */
  skipped: { uid: string; reason: string }[];
  /** Set when Ctrl-C or a 401 stopped the apply from starting new work. */
  stoppedBy: ApplyStop | null;
  /** Planned actions (folders and dashboards) never started because the apply stopped. */
  notStarted: number;
}

export function emptyApplyResult(): ApplyResult {
  return {
    created: [],
    updated: [],
    moved: [],
    deleted: [],
    foldersCreated: [],
    foldersUpdated: [],
    foldersDeleted: [],
    libraryPanelsCreated: [],
    libraryPanelsUpdated: [],
    libraryPanelsMoved: [],
    libraryPanelsDeleted: [],
    backups: [],
    conflicts: [],
    failures: [],
    skipped: [],
    stoppedBy: null,
    notStarted: 0,
  };
}

export function applySucceeded(result: ApplyResult): boolean {
  return result.conflicts.length === 0 && result.failures.length === 0 && result.stoppedBy === null;
}

/** How one action of the plan ended. */
type ApplyOutcome = 'created' | 'updated' | 'moved' | 'deleted' | 'conflict' | 'failed' | 'skipped' | 'not-started';

/** One action finished (or was not started): emitted as it happens, so a shell can stream the apply. */
export interface ApplyEvent {
  kind: ResourceKind;
  uid: string;
  title: string;
  /** The plan's verb: create, update, move, delete. */
  action: string;
  outcome: ApplyOutcome;
  /** Why it failed or was skipped; the backup written before a delete. */
  message?: string;
  backup?: string;
}
