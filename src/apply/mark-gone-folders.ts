import type { GrafanaPort } from '../grafana/port.js';
import { heldInTrash, type TrashForPreview, type UidPreview } from './preview-restore-source.js';
import { readsAsPresent } from './reads-as-present.js';
import type { TreeFolder } from '../files/find-tree-folder.js';
import { whenTrashFolderGone, type RestoreFolder } from './restore-from-trash.js';

/**
 * For a dry run: the previews whose folder Grafana no longer has, marked with what the run would do about it, as
 * restoreDashboard and placeFromBackup do it. A dashboard "Recently deleted" holds goes back into the folder it was
 * deleted from (as its list names it; Grafana 11's does not, and then the backup's): when that is gone, whenTrashFolderGone
 * decides, as for the run: created again from the backup (else from the tree's `_folder.json` that names it), or not restored (no backup or `_folder.json` names it; --folder general on
 * Grafana 11). A backup re-posted creates its folder again where the backup records the folders above it, else goes to
 * the General level. `into`: --folder's choice (undefined: none), which makes the old folder matter only on Grafana 11
 * for General (it gives a dashboard back into its old folder, then moves it). One folder read per distinct folder,
 * however many uids it holds.
 */
export async function markGoneFolders(
  grafana: Pick<GrafanaPort, 'getFolder' | 'describeServer'>,
  previews: readonly UidPreview[],
  context: { trash: TrashForPreview; into?: RestoreFolder; treeFolder?: (folderUid: string) => Promise<TreeFolder | null> },
): Promise<UidPreview[]> {
  const { trash, into, treeFolder } = context;
  const viaOldFolder = into === null && (await grafana.describeServer()).capabilities.softDeleteTrash;
  if (into !== undefined && !viaOldFolder) return [...previews];
  const reads = new Map<string, Promise<boolean>>();
  const isGone = async (uid: string | null | undefined) => {
    if (uid === null || uid === undefined) return false;
    const read = reads.get(uid) ?? readsAsPresent(grafana, uid);
    reads.set(uid, read);
    return !(await read);
  };
  const marked: UidPreview[] = [];
  for (const preview of previews) {
    if (preview.verdict !== 'would') {
      marked.push(preview);
      continue;
    }
    const { entry, from, uid } = preview;
    const backupFolder = entry?.folder?.uid ?? null;
    if (from?.kind === 'recently-deleted') {
      const told = heldInTrash(trash)?.get(uid);
      const folderUid = told !== undefined ? told : (entry?.folder?.uid ?? undefined);
      if (folderUid === undefined) {
        marked.push({ ...preview, from: { ...from, folderUntold: true } });
        continue;
      }
      if (folderUid === null || !(await isGone(folderUid))) {
        marked.push(preview);
        continue;
      }
      const decided = whenTrashFolderGone(into, backupFolder);
      // As the run: a gone folder no backup names is created from the tree's `_folder.json` that names it.
      const fromTree = decided === 'folder-gone' && treeFolder !== undefined ? await treeFolder(folderUid) : null;
      if (fromTree !== null) marked.push({ ...preview, folderFromTree: fromTree });
      else if (decided === 'recreate' && entry) marked.push({ ...preview, entry: { ...entry, folderGone: 'created-again' } });
      else if (decided === 'folder-gone' || decided === 'general-folder-gone') marked.push({ uid, kind: 'dashboard', verdict: `trash-${decided}`, folderUid });
      else marked.push(preview);
      continue;
    }
    if (into !== undefined || entry === null || !(await isGone(backupFolder))) {
      marked.push(preview);
      continue;
    }
    marked.push({ ...preview, entry: { ...entry, folderGone: entry.folderParentsRecorded ? 'created-again' : 'general' } });
  }
  return marked;
}
