import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { dashboardBackupFlaw, isDashboardBackup, type DashboardBackup } from './write-backup.js';
import { isLibraryPanelBackup, type LibraryPanelBackup } from './write-library-panel-backup.js';

/** A backup file the operator named (`restore UID --from-backup FILE`), whatever Grafana it was taken from. */
export type NamedBackup =
  /** `overTrash`: --over-recently-deleted (newerTrashEntry is not asked). */
  | { kind: 'dashboard'; path: string; backup: DashboardBackup; overTrash?: true }
  | { kind: 'library-panel'; path: string; backup: LibraryPanelBackup };

/**
 * Reads `file` (relative to `cwd`) as a dashsync backup of `uid` (a dashboard's or a library panel's); anything else is
 * a usage error naming the file as given.
 */
export async function readNamedBackup(file: string, uid: string, cwd: string): Promise<NamedBackup> {
  const path = resolve(cwd, file);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--from-backup ${file} is not a readable dashsync backup (${(error as Error).message}); nothing was restored`);
  }
  const named: NamedBackup | null = isDashboardBackup(value)
    ? { kind: 'dashboard', path, backup: value }
    : isLibraryPanelBackup(value)
      ? { kind: 'library-panel', path, backup: value }
      : null;
  if (named === null) {
    const flaw = dashboardBackupFlaw(value);
    const what = flaw === null ? 'is not a dashsync backup of format version 1' : `is a dashsync backup whose ${flaw}`;
    throw new UsageError(`--from-backup ${file} ${what}; nothing was restored`);
  }
  if (named.backup.uid !== uid) {
    throw new UsageError(`--from-backup ${file} is a backup of ${JSON.stringify(named.backup.uid)}, not of ${uid}; nothing was restored`);
  }
  return named;
}
