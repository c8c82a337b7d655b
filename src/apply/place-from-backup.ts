import type { GrafanaPort } from '../grafana/port.js';
import type { FolderRef } from './read-folder-chain.js';
import { readsAsPresent } from './reads-as-present.js';
import { recreateFolder, type FolderRecreation } from './recreate-folder.js';
import type { RestoreFolder } from './restore-from-trash.js';

/** The folder a backup (dashboard or library panel) was taken from. */
export interface BackupFolder {
  /** null = General. */
  folderUid: string | null;
  folderTitle: string;
  /** The folders above it, top level first; absent = not recorded (an older backup, or they could not be read). */
  folderParents?: FolderRef[];
}

/**
 * Where a restored item goes. `folderRecreated`: its folder was gone and was created again;
 * `folderMissing`: `Title (uid)` of a folder that did not read (gone, or hidden from these credentials) when the backup records no
 * parents (it went to General).
 */
export interface Placement {
  folderUid: string | null;
  /** That folder by uid and title (the backup's title, --folder's, or the one created again); null = General. */
  folder: FolderRef | null;
  folderRecreated?: FolderRecreation;
  folderMissing: string | null;
}

/**
 * Where a backup goes back to, the same for dashboards and library panels: `into` when --folder
 * gave one; else its old folder when it exists; else that folder created again under its recorded
 * parents; General when it is gone and the backup records no parents (`folderMissing` names it,
 * for the line that says why: without them, a folder created again could land in the wrong place).
 */
export async function placeFromBackup(grafana: Pick<GrafanaPort, 'getFolder' | 'createFolder'>, backup: BackupFolder, into: RestoreFolder | undefined): Promise<Placement> {
  if (into !== undefined) return { folderUid: into?.uid ?? null, folder: into, folderMissing: null };
  const { folderUid, folderTitle, folderParents } = backup;
  const folder = folderUid === null ? null : { uid: folderUid, title: folderTitle };
  if (folderUid === null || (await readsAsPresent(grafana, folderUid))) return { folderUid, folder, folderMissing: null };
  if (folderParents === undefined) return { folderUid: null, folder: null, folderMissing: `${folderTitle} (${folderUid})` };
  return { folderUid, folder, folderRecreated: await recreateFolder(grafana, { folderUid, folderTitle, folderParents }), folderMissing: null };
}
