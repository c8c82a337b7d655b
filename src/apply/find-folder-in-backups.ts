import { readdir } from 'node:fs/promises';
import { readNewestDashboardBackupIn } from './find-other-environment-backups.js';
import type { BackupMatch } from './read-newest-backup-file.js';

/** A folder the backups name: its title, and the backed-up dashboards that were in it or below it (sorted). */
export interface FolderInBackups {
  title: string;
  dashboards: string[];
}

/**
 * Folder `uid` as the newest dashboard backups from `source` in `backupDir` name it (the folder a dashboard was in, or one
 * above that); null where none does. Reads every backed-up uid's newest backup: for a uid restore found nowhere only.
 */
export async function findFolderInBackups(backupDir: string, uid: string, source: BackupMatch): Promise<FolderInBackups | null> {
  const names = await readdir(backupDir, { withFileTypes: true }).catch(() => []);
  let title: string | null = null;
  const dashboards: string[] = [];
  for (const entry of names) {
    if (!entry.isDirectory() || entry.name === 'library-panels' || entry.name === uid) continue;
    const found = await readNewestDashboardBackupIn({ own: backupDir, others: [] }, entry.name, source).catch(() => null);
    if (found === null) continue;
    const { backup } = found;
    const named = backup.folderUid === uid ? backup.folderTitle : backup.folderParents?.find((parent) => parent.uid === uid)?.title;
    if (named === undefined) continue;
    title ??= named;
    dashboards.push(backup.uid);
  }
  return title === null ? null : { title, dashboards: dashboards.sort() };
}
