/** What one apply did, dashboard by dashboard; the CLI and the Action render it. */
export interface ApplyConflict {
  uid: string;
  title: string;
  /** What the plan wanted to do: a save (`create`/`update`/`move`) or a prune (`delete`). */
  action: string;
  file: string | null;
  /** The live version the plan saw (null for a create). */
  plannedVersion: number | null;
  /** The version Grafana has now (null when it could not be read). */
  currentVersion: number | null;
  changedBy: string | null;
  changedAt: string | null;
}

export interface ApplyFailure {
  uid: string;
  title: string;
  /** e.g. `update`, `delete`, `folder-create`. */
  action: string;
  message: string;
}

/** Why an apply stopped starting new work before the end of the plan. */
export type ApplyStop = 'interrupt' | 'unauthorized';

export interface ApplyResult {
  created: string[];
  updated: string[];
  moved: string[];
  deleted: string[];
  foldersCreated: string[];
  foldersUpdated: string[];
  foldersDeleted: string[];
  /** Written backups, one per deleted dashboard. */
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
