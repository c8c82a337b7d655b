import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { describeReadError } from '../files/file-error-reasons.js';
import { parseJsonDocument } from '../files/parse-json.js';
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
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--from-backup ${file}: ${describeUnreadable(error, uid)}; nothing was restored`);
  }
  // Parsed and worded as restore --all words the backups it reads (readNewestBackupFile): line:col and what is wrong there.
  const parsed = parseJsonDocument(text, path, { duplicateKeys: false, holds: 'a dashsync backup holds one JSON object' });
  const syntax = parsed.diagnostics[0];
  if (syntax !== undefined) throw new UsageError(`${file}:${syntax.line}:${syntax.col}: not a readable dashsync backup (${syntax.message}): fix it, or name another backup file with --from-backup; nothing was restored`);
  const value = parsed.value;
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

/** Why the backup file named cannot be read, with what to do: restore takes one file of `uid`'s backups (`<backupDir>/<uid>/`). */
function describeUnreadable(error: unknown, uid: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `no such file; name a backup file apply wrote before deleting ${uid} (below the backup directory, .dashsync/backups by default)`;
  if (code === 'EISDIR') return `it is a directory, not a backup file; name one backup file in it, or leave --from-backup out to restore ${uid} from its newest backup from this Grafana and org`;
  return `cannot read it: ${describeReadError(error)}`;
}
