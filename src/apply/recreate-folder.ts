import type { GrafanaPort } from '../grafana/port.js';
import type { FolderRef } from './read-folder-chain.js';

/** A folder a restore needed and found gone, as it was created again. */
export interface FolderRecreation {
  folder: FolderRef;
  /** The folders above it as the backup records them, top level first; null = the backup records none (it went to the top level). */
  parents: FolderRef[] | null;
  /** What this restore created, top level first: the missing ones of `parents`, then `folder` (empty when someone else created them first). */
  created: FolderRef[];
}

/**
 * Creates a backup's folder again under its old parents: each folder of the chain, top level
 * first, is created where it is missing, under the one before it; one that exists is used as it
 * is (never renamed or moved), so a chain partly still there is completed. A backup that records
 * no parents (written before dashsync recorded them) gets the folder at the top level.
 */
export async function recreateFolder(
  grafana: Pick<GrafanaPort, 'getFolder' | 'createFolder'>,
  backup: { folderUid: string; folderTitle: string; folderParents?: FolderRef[] },
): Promise<FolderRecreation> {
  const folder = { uid: backup.folderUid, title: backup.folderTitle };
  const parents = backup.folderParents ?? null;
  const created: FolderRef[] = [];
  let parentUid: string | null = null;
  for (const ref of [...(parents ?? []), folder]) {
    if ((await grafana.getFolder(ref.uid)) === null) {
      await grafana.createFolder({ uid: ref.uid, title: ref.title, parentUid });
      created.push(ref);
    }
    parentUid = ref.uid;
  }
  return { folder, parents, created };
}
