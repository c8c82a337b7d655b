import type { LiveLibraryPanel } from '../grafana/port.js';
import { normalizeLibraryPanel, type LibraryPanelContent } from '../normalize/normalize-library-panel.js';
import { isFolderChain, type FolderRef } from './read-folder-chain.js';
import { backupDirOf } from './backup-dir.js';
import { readNewestBackupFile, type BackupFromElsewhere, type BackupMatch, type BackupSource } from './read-newest-backup-file.js';
import { writeBackupFile } from './write-file-durably.js';

export const LIBRARY_PANELS = 'library-panels';

/**
 * A library panel as it was just before prune deleted it: what `dashsync restore` creates again,
 * and exactly what a `_library/` file holds (`element`).
 * Layout: `<backupDir>/library-panels/<uid>/<deletedAt>-v<version>.json`.
 */
export interface LibraryPanelBackup {
  kind: 'dashsync-library-panel-backup';
  formatVersion: 1;
  deletedAt: string;
  source: BackupSource;
  uid: string;
  /** null = General. */
  folderUid: string | null;
  folderTitle: string;
  /**
   * The folders above `folderUid`, top level first ([] = a top-level folder, or General), as a dashboard
   * backup records them, so that restore can create a folder that is gone under its old parents.
   * Absent: written before dashsync recorded it, or its folders could not be read then.
   */
  folderParents?: FolderRef[];
  version: number;
  element: LibraryPanelContent;
}

/** Writes the backup durably before the delete is sent; returns its path. */
export async function writeLibraryPanelBackup(
  backupDir: string,
  live: LiveLibraryPanel,
  source: BackupSource,
  folderParents: FolderRef[] | null = null,
  now = new Date(),
): Promise<string> {
  const backup: LibraryPanelBackup = {
    kind: 'dashsync-library-panel-backup',
    formatVersion: 1,
    deletedAt: now.toISOString(),
    source,
    uid: live.uid,
    folderUid: live.folderUid,
    folderTitle: live.folderTitle,
    ...(folderParents === null ? {} : { folderParents }),
    version: live.version,
    element: normalizeLibraryPanel(live),
  };
  return writeBackupFile(backupDirOf(backupDir, live.uid, LIBRARY_PANELS), now, live.version, backup);
}

/** The newest backup of library panel `uid` taken from the same Grafana and org, or null; `elsewhere` collects those passed over. */
export async function readNewestLibraryPanelBackup(
  backupDir: string,
  uid: string,
  source: BackupMatch,
  elsewhere?: BackupFromElsewhere[],
  /** Where an error names the file from (readNewestBackupFile). */
  cwd?: string,
): Promise<{ path: string; backup: LibraryPanelBackup } | null> {
  return readNewestBackupFile(backupDirOf(backupDir, uid, LIBRARY_PANELS), uid, source, isLibraryPanelBackup, undefined, elsewhere, cwd);
}

export function isLibraryPanelBackup(value: unknown): value is LibraryPanelBackup {
  const backup = value as Partial<LibraryPanelBackup> | null;
  const element = backup?.element as Partial<LibraryPanelContent> | undefined;
  return (
    backup?.kind === 'dashsync-library-panel-backup' &&
    backup.formatVersion === 1 &&
    !!backup.source &&
    (backup.folderParents === undefined || isFolderChain(backup.folderParents)) &&
    typeof element?.name === 'string' &&
    typeof element.model === 'object' &&
    element.model !== null
  );
}
