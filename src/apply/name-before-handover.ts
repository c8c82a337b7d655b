import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readHandoverName } from '../plan/handover-name.js';
import { isLibraryPanelBackup, type LibraryPanelBackup } from './write-library-panel-backup.js';

/**
 * The name a library panel had before a handover renamed it, when `found` (its newest backup) holds the handover's
 * temporary name: a handover that finished in a later apply backed it up twice, before the rename and before the delete.
 * The newest earlier backup of the uid beside it whose name is not a handover name; null when there is none (or `found`
 * holds no handover name). A file that cannot be read is passed over: `found` is restored all the same.
 */
export async function nameBeforeHandover(found: { path: string; backup: LibraryPanelBackup }): Promise<string | null> {
  const { uid } = found.backup;
  if (readHandoverName({ uid, name: found.backup.element.name }) === null) return null;
  const dir = dirname(found.path);
  const newer = basename(found.path);
  const names = (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.json') && name < newer).sort().reverse();
  for (const name of names) {
    const value: unknown = await readFile(join(dir, name), 'utf8').then(JSON.parse, () => null);
    if (isLibraryPanelBackup(value) && value.uid === uid && readHandoverName({ uid, name: value.element.name }) === null) return value.element.name;
  }
  return null;
}
