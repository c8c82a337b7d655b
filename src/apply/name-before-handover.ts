import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readHandoverName } from '../plan/handover-name.js';
import { isLibraryPanelBackup, type LibraryPanelBackup } from './write-library-panel-backup.js';

/** A library panel backup that holds a handover's temporary name (`backupName`), and the panel's name before it. */
export interface HandoverBackupName {
  backupName: string;
  /** The name an earlier backup of the uid beside it holds; null when none does. */
  before: string | null;
}

/**
 * Whether `found` (a library panel's newest backup) holds a handover's temporary name, and if so the name the panel had
 * before the handover renamed it: a handover that finished in a later apply backed it up twice, before the rename and
 * before the delete. The name is the newest earlier backup's beside it whose name is not a handover name. Null when
 * `found` holds no handover name. A file that cannot be read is passed over.
 */
export async function readHandoverBackupName(found: { path: string; backup: LibraryPanelBackup }): Promise<HandoverBackupName | null> {
  const { uid } = found.backup;
  const backupName = found.backup.element.name;
  if (readHandoverName({ uid, name: backupName }) === null) return null;
  const dir = dirname(found.path);
  const newer = basename(found.path);
  const names = (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.json') && name < newer).sort().reverse();
  for (const name of names) {
    const value: unknown = await readFile(join(dir, name), 'utf8').then(JSON.parse, () => null);
    if (isLibraryPanelBackup(value) && value.uid === uid && readHandoverName({ uid, name: value.element.name }) === null) return { backupName, before: value.element.name };
  }
  return { backupName, before: null };
}
