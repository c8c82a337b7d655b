import { AnswerCutOffError, GrafanaHttpError } from '../errors.js';
import type { GrafanaPort } from '../grafana/port.js';
import type { FolderRef } from './read-folder-chain.js';
import { readsAsPresent } from './reads-as-present.js';

/** A folder a restore needed and found gone, as it was created again. */
export interface FolderRecreation {
  folder: FolderRef;
  /** The folders above it as the backup records them, top level first; null = the backup records none (it went to the top level). */
  parents: FolderRef[] | null;
  /** What this restore created, top level first: the missing ones of `parents`, then `folder` (empty when someone else created them first). */
  created: FolderRef[];
  /** The tree's `_folder.json` it was created from (no backup named it); absent: from the backup. */
  from?: string;
}

/**
 * Creates a backup's folder again under its old parents: each folder of the chain, top level
 * first, is created where it is missing, under the one before it; one that exists is used as it
 * is (never renamed or moved), so a chain partly still there is completed; so is one someone else
 * creates between the read and the create (409, then found). A backup that records no parents
 * (written before dashsync recorded them) gets the folder at the top level.
 */
export async function recreateFolder(
  grafana: Pick<GrafanaPort, 'getFolder' | 'createFolder'>,
  backup: { folderUid: string; folderTitle: string; folderParents?: FolderRef[]; from?: string },
): Promise<FolderRecreation> {
  const folder = { uid: backup.folderUid, title: backup.folderTitle };
  const parents = backup.folderParents ?? null;
  const created: FolderRef[] = [];
  let parentUid: string | null = null;
  for (const ref of [...(parents ?? []), folder]) {
    if (!(await readsAsPresent(grafana, ref.uid)) && (await createUnlessTaken(grafana, { ...ref, parentUid }))) created.push(ref);
    parentUid = ref.uid;
  }
  return { folder, parents, created, ...(backup.from === undefined ? {} : { from: backup.from }) };
}

/**
 * Creates the folder; false when the create met one of that uid that someone else made meanwhile (409, and it reads now).
 * A create Grafana answered 2xx whose answer was cut off mid-body is this restore's when the folder reads now.
 */
async function createUnlessTaken(grafana: Pick<GrafanaPort, 'getFolder' | 'createFolder'>, folder: { uid: string; title: string; parentUid: string | null }): Promise<boolean> {
  try {
    await grafana.createFolder(folder);
    return true;
  } catch (error) {
    if (error instanceof AnswerCutOffError && (await readsAsPresent(grafana, folder.uid).catch(() => false))) return true;
    // 11.2 also answers 409 for a sibling of the same title: then no folder of this uid reads, and the error stands.
    if (error instanceof GrafanaHttpError && error.status === 409 && (await readsAsPresent(grafana, folder.uid))) return false;
    throw error;
  }
}
