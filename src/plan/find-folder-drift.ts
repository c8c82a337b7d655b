import { posix } from 'node:path';
import { FOLDER_FILE } from '../files/discover-tree.js';
import type { FolderFileHistory } from '../git/read-folder-file-history.js';
import { quoteText } from '../report/escape-untrusted.js';
import type { FolderAction, PlanWarning } from './types.js';

/** The rule of the warning, by which an apply no one reviewed finds the folder edits to keep (heldFolderEdits). */
export const FOLDER_DRIFT = 'folder-drift';

/** The folders a plan renames or moves (an update whose title or parent differs from Grafana's) that have a directory: their uid and directory. */
export function selectChangedFolders(folders: readonly FolderAction[]): { uid: string; dir: string }[] {
  return folders.flatMap((folder) =>
    folder.action !== 'update' || folder.dir === null || folder.live === null || (folder.live.title === folder.title && folder.live.parentUid === folder.parentUid) ? [] : [{ uid: folder.uid, dir: folder.dir }],
  );
}

/**
 * Pure (walk-64 M4): a folder rename or move made in Grafana that this plan undoes. A folder's `_folder.json` history in git
 * (`histories`, its last commits) tells the tree's own changes from Grafana's: a live title none of them gave it was given in
 * Grafana; a live parent that differs while the file was never moved in git (one path; a parent this plan creates aside, which
 * a new uid in the parent's `_folder.json` explains) was chosen in Grafana. A folder git holds no `_folder.json` of is not judged.
 * One warning per folder, worded as the plan says drift; an apply no one reviewed keeps them as conflicts.
 */
export function findFolderDrift(
  folders: readonly FolderAction[],
  histories: ReadonlyMap<string, FolderFileHistory>,
  titleOf: (uid: string | null) => string,
  display: (dir: string) => string,
): Extract<PlanWarning, { kind: 'other' }>[] {
  const created = new Set(folders.filter((folder) => folder.action === 'create').map((folder) => folder.uid));
  return folders.flatMap((folder) => {
    const history = histories.get(folder.uid);
    if (folder.action !== 'update' || folder.dir === null || folder.live === null || history === undefined) return [];
    const { live } = folder;
    const renamed = live.title !== folder.title && !history.titles.has(live.title);
    const moved = live.parentUid !== folder.parentUid && history.paths.size === 1 && !(folder.parentUid !== null && created.has(folder.parentUid));
    if (!renamed && !moved) return [];
    const file = posix.join(display(folder.dir), FOLDER_FILE);
    const edits = [
      ...(renamed ? [`renamed in Grafana to ${quoteText(live.title)}`] : []),
      ...(moved ? [`moved in Grafana ${live.parentUid === null ? 'to the top level' : `into ${titleOf(live.parentUid)}`}`] : []),
    ];
    const undo = [...(renamed ? [`renames it back to ${quoteText(folder.title)}`] : []), ...(moved ? [`moves it back ${folder.parentUid === null ? 'to the top level' : `into ${titleOf(folder.parentUid)}`}`] : [])];
    const keep = [...(renamed ? [`put that title in ${file}`] : []), ...(moved ? [`move its directory where Grafana has it`] : [])];
    return [
      {
        kind: 'other' as const,
        uid: folder.uid,
        rule: FOLDER_DRIFT,
        file,
        message:
          `drift: folder ${folder.uid} ${quoteText(folder.title)} was ${edits.join(' and ')}, which ${file} never said in git; this plan ${undo.join(' and ')} ` +
          `(an apply no one reviewed leaves it, a conflict, unless run with --force); to keep it, ${keep.join(' and ')}`,
      },
    ];
  });
}
