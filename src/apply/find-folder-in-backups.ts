import { readdir } from 'node:fs/promises';
import { readNewestDashboardBackupIn } from './find-other-environment-backups.js';
import type { BackupMatch } from './read-newest-backup-file.js';

/** A folder the backups name: its title, and the backed-up dashboards that were in it or below it (sorted). */
export interface FolderInBackups {
  title: string;
  dashboards: string[];
}

/**
 * Of `uids`, each folder the newest dashboard backups from `source` in `backupDir` name (the folder a dashboard was in, or
 * one above that). One pass over the backups for all of them, whatever their number: every backed-up uid's newest backup
 * is read once (for the uids restore found nowhere only). A uid no backup names as a folder is absent from the map.
 */
export async function findFoldersInBackups(backupDir: string, uids: ReadonlySet<string>, source: BackupMatch): Promise<Map<string, FolderInBackups>> {
  const found = new Map<string, FolderInBackups>();
  if (uids.size === 0) return found;
  const names = await readdir(backupDir, { withFileTypes: true }).catch(() => []);
  for (const entry of names) {
    if (!entry.isDirectory() || entry.name === 'library-panels') continue;
    const newest = await readNewestDashboardBackupIn({ own: backupDir, others: [] }, entry.name, source).catch(() => null);
    if (newest === null) continue;
    const { backup } = newest;
    const folders = [{ uid: backup.folderUid, title: backup.folderTitle }, ...(backup.folderParents ?? [])];
    for (const uid of uids) {
      if (uid === entry.name) continue;
      const title = folders.find((folder) => folder.uid === uid)?.title;
      if (title === undefined) continue;
      const folder = found.get(uid) ?? { title, dashboards: [] };
      folder.dashboards.push(backup.uid);
      found.set(uid, folder);
    }
  }
  for (const folder of found.values()) folder.dashboards.sort();
  return found;
}
