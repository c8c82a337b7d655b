/** What one apply did, dashboard by dashboard; the CLI and the Action render it. */
export interface ApplyConflict {
  uid: string;
  title: string;
  file: string | null;
  /** The live version the plan saw. */
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
  /** True when Ctrl-C stopped the apply before everything started. */
  interrupted: boolean;
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
    interrupted: false,
  };
}

export function applySucceeded(result: ApplyResult): boolean {
  return result.conflicts.length === 0 && result.failures.length === 0 && !result.interrupted;
}
