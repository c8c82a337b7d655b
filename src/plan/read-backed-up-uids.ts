import { readdir } from 'node:fs/promises';
import { otherEnvironmentBackupDirs } from '../apply/find-other-environment-backups.js';

/**
 * The uids the backup directories restore looks in hold a directory for (this run's, and the config's other environments'):
 * a dashboard dashsync's restore took back from a backup is among them where the restore ran from this checkout (a backup
 * given with --from-backup from elsewhere is not). One listing of each directory, no request; a directory that cannot be
 * listed holds none.
 */
export async function readBackedUpUids(settings: { environment: string | undefined; environments: readonly string[]; backupDir: string }): Promise<Set<string>> {
  const dirs = [settings.backupDir, ...otherEnvironmentBackupDirs(settings).map((other) => other.backupDir)];
  const listed = await Promise.all(dirs.map((dir) => readdir(dir, { withFileTypes: true }).catch(() => [])));
  return new Set(listed.flat().filter((entry) => entry.isDirectory()).map((entry) => entry.name));
}
