import type { GrafanaPort, LastSave } from '../grafana/port.js';
import { parseRestoreNote, restoreLastSave } from '../grafana/restore-note.js';

/** Judges a dashboard's newest save again where its message as listed may hide dashsync's restore note. */
export type FirstSaveRestoreReader = (uid: string, save: LastSave) => Promise<LastSave>;

/**
 * `/api`'s versions list shows a first version's message as `Initial save`, so a dashboard dashsync's restore re-created
 * there (`restore --api legacy`) holding someone's edit reads as dashsync's push: these credentials created it. The
 * version's own message keeps the restore's note (restore-note.ts), which names the save it took back: read, the save
 * is that one (byDashsync false, `restored`), as on `/apis` (review-65b L4).
 *
 * Read only where `readsMessage` says: a plan reads it where it reads that message anyway (the not-in-branch check names
 * the commit each first version of an update, move or delete was pushed from, where git has a HEAD), through its shared
 * port, so one request answers both and nothing is asked where nothing was restored; outside git, for the dashboards a backup
 * directory holds backups of (readBackedUpUids: a restore from a backup found one there), the others staying as listed;
 * `pull <uid>` for the files it names.
 */
export function createFirstSaveRestoreReader(grafana: Pick<GrafanaPort, 'readSaveMessage'>, readsMessage: (uid: string) => Promise<boolean>): FirstSaveRestoreReader {
  return async (uid, save) => {
    if (save.byDashsync !== true || save.restored !== undefined || save.message?.startsWith('Initial save') !== true || grafana.readSaveMessage === undefined) return save;
    if (!(await readsMessage(uid))) return save;
    const message = await grafana.readSaveMessage(uid, save.version);
    const record = message === null ? null : parseRestoreNote(message);
    return record === null ? save : restoreLastSave(record, { at: save.at, version: save.version, message: message! });
  };
}
