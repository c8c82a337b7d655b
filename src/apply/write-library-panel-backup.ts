import { join } from 'node:path';
import type { LiveLibraryPanel } from '../grafana/port.js';
import { normalizeLibraryPanel, type LibraryPanelContent } from '../normalize/normalize-library-panel.js';
import { writeBackupFile } from './write-file-durably.js';

/**
 * A library panel as it was just before prune deleted it. `element` is exactly what a `_library/`
 * file holds: to bring the panel back, write it to `<folder's directory>/_library/<name>.json`
 * and apply. Layout: `<backupDir>/library-panels/<uid>/<deletedAt>-v<version>.json`.
 */
interface LibraryPanelBackup {
  kind: 'dashsync-library-panel-backup';
  formatVersion: 1;
  deletedAt: string;
  source: { url: string; orgId: number | null };
  uid: string;
  /** null = General. */
  folderUid: string | null;
  folderTitle: string;
  version: number;
  element: LibraryPanelContent;
}

/** Writes the backup durably before the delete is sent; returns its path. */
export async function writeLibraryPanelBackup(
  backupDir: string,
  live: LiveLibraryPanel,
  source: { url: string; orgId: number | null },
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
    version: live.version,
    element: normalizeLibraryPanel(live),
  };
  return writeBackupFile(join(backupDir, 'library-panels', live.uid), now, live.version, backup);
}
