import type { GrafanaPort } from '../grafana/port.js';
import type { UidPreview } from './preview-restore-source.js';
import { readsAsPresent } from './reads-as-present.js';

/**
 * For a dry run: the previews whose folder Grafana no longer has, their entry marked with what the run would do about
 * it, as restoreDashboard and placeFromBackup do it: a restore from "Recently deleted" creates the folder again from the
 * backup; a backup re-posted does so where the backup records the folders above it, else it goes to the General level.
 * One folder read per distinct folder, however many uids it holds.
 */
export async function markGoneFolders(grafana: Pick<GrafanaPort, 'getFolder'>, previews: readonly UidPreview[]): Promise<UidPreview[]> {
  const reads = new Map<string, Promise<boolean>>();
  const readsAsThere = (uid: string) => {
    const read = reads.get(uid) ?? readsAsPresent(grafana, uid);
    reads.set(uid, read);
    return read;
  };
  const marked: UidPreview[] = [];
  for (const preview of previews) {
    const folderUid = preview.verdict === 'would' ? (preview.entry?.folder?.uid ?? null) : null;
    if (preview.verdict !== 'would' || preview.entry === null || folderUid === null || (await readsAsThere(folderUid))) {
      marked.push(preview);
      continue;
    }
    const { entry, from } = preview;
    const folderGone = from?.kind === 'recently-deleted' || entry.folderParentsRecorded ? 'created-again' : 'general';
    marked.push({ ...preview, entry: { ...entry, folderGone } });
  }
  return marked;
}
