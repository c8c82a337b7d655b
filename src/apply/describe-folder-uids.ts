import { join } from 'node:path';
import { findRemovedFolderFile } from '../git/find-removed-folder-file.js';
import type { GrafanaPort } from '../grafana/port.js';
import { describeFolderUid, type FolderUidState } from '../report/describe-folder-uid.js';
import type { RunSelection } from '../report/next-command.js';
import { shorten } from '../report/shorten-path.js';
import { findFoldersInBackups } from './find-folder-in-backups.js';
import type { BackupMatch } from './read-newest-backup-file.js';

export interface FolderUidPlace {
  grafana: Pick<GrafanaPort, 'getFolder'>;
  backupDir: string;
  source: BackupMatch;
  root: string;
  cwd: string;
  selection: RunSelection;
}

/**
 * The note for each of `uids` (found nowhere as a dashboard) that the backups name as a folder, in the run and its dry run:
 * Grafana is asked whether the folder is there, and git (for a gone one) which `_folder.json` made it. Backups read once.
 */
export async function describeFolderUids(uids: readonly string[], place: FolderUidPlace): Promise<{ uid: string; text: string }[]> {
  const folders = await findFoldersInBackups(place.backupDir, new Set(uids), place.source);
  const notes: { uid: string; text: string }[] = [];
  for (const uid of new Set(uids)) {
    const folder = folders.get(uid);
    if (folder === undefined) continue;
    notes.push({ uid, text: describeFolderUid(uid, folder, await folderState(uid, place), place.selection) });
  }
  return notes;
}

async function folderState(uid: string, place: FolderUidPlace): Promise<FolderUidState> {
  // A folder that cannot be read (permissions, a failed request) is taken as gone: the note then says what recreates it.
  if ((await place.grafana.getFolder(uid).catch(() => null)) !== null) return { kind: 'live' };
  const removed = await findRemovedFolderFile(place.root, uid);
  return { kind: 'gone', removed: removed === null ? null : { ...removed, shown: shorten(join(place.root, removed.file), place.cwd) } };
}
