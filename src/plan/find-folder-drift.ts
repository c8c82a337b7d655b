import { posix } from 'node:path';
import { FOLDER_FILE } from '../files/discover-tree.js';
import type { FolderFileHistory } from '../git/read-folder-file-history.js';
import { isDirectoryFolder } from '../files/folder-uid.js';
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
 * Grafana; a live parent none of the directories it was committed in had (a parent this plan creates aside, which a new uid in
 * the parent's `_folder.json` explains; one of those directories no longer in the tree: not judged) was chosen in Grafana. A
 * folder without a `_folder.json` (its uid derived from its directory's path, its title that directory's name) has had that
 * title and parent as long as it has had its uid: any other was given in Grafana. A folder git holds no `_folder.json` of
 * otherwise is not judged. One warning per folder, worded as the plan says drift; an apply no one reviewed keeps them as conflicts.
 */
export function findFolderDrift(
  folders: readonly FolderAction[],
  histories: ReadonlyMap<string, FolderFileHistory>,
  titleOf: (uid: string | null) => string,
  display: (dir: string) => string,
): Extract<PlanWarning, { kind: 'other' }>[] {
  const created = new Set(folders.filter((folder) => folder.action === 'create').map((folder) => folder.uid));
  // The tree's folders by directory (root-relative), to place a directory a `_folder.json` was committed in.
  const uidOfDir = new Map(folders.flatMap((folder) => (folder.dir === null || folder.action === 'delete' ? [] : [[folder.dir, folder.uid] as const])));
  const parentOf = (dir: string): string | null | undefined => {
    const parent = posix.dirname(dir);
    return parent === '.' ? null : uidOfDir.get(parent);
  };
  return folders.flatMap((folder) => {
    if (folder.action !== 'update' || folder.dir === null || folder.live === null) return [];
    const directory = isDirectoryFolder(folder.dir, folder);
    const history = histories.get(folder.uid) ?? (directory ? { titles: new Set([folder.title]), dirs: new Set([folder.dir]) } : undefined);
    if (history === undefined) return [];
    const { live } = folder;
    const renamed = live.title !== folder.title && !history.titles.has(live.title);
    const parents = history.dirs === null ? null : [...history.dirs].map(parentOf);
    const moved =
      live.parentUid !== folder.parentUid &&
      !(folder.parentUid !== null && created.has(folder.parentUid)) &&
      parents !== null &&
      parents.every((parent) => parent !== undefined) &&
      !parents.includes(live.parentUid);
    if (!renamed && !moved) return [];
    const file = posix.join(display(folder.dir), FOLDER_FILE);
    const edits = [
      ...(renamed ? [`renamed in Grafana to ${quoteText(live.title)}`] : []),
      ...(moved ? [`moved in Grafana ${live.parentUid === null ? 'to the top level' : `into ${titleOf(live.parentUid)}`}`] : []),
    ];
    const undo = [...(renamed ? [`renames it back to ${quoteText(folder.title)}`] : []), ...(moved ? [`moves it back ${folder.parentUid === null ? 'to the top level' : `into ${titleOf(folder.parentUid)}`}`] : [])];
    const keep = directory
      ? [`give it ${file} holding ${JSON.stringify({ uid: folder.uid, title: renamed ? live.title : folder.title })}${moved ? ', then move its directory where Grafana has it' : ''}`]
      : [...(renamed ? [`put that title in ${file}`] : []), ...(moved ? [`move its directory where Grafana has it`] : [])];
    const unsaid = directory ? `which its directory ${display(folder.dir)} (no ${FOLDER_FILE}: the folder takes its name and place) never said` : `which ${file} never said in git`;
    return [
      {
        kind: 'other' as const,
        uid: folder.uid,
        rule: FOLDER_DRIFT,
        file,
        message:
          `drift: folder ${folder.uid} ${quoteText(folder.title)} was ${edits.join(' and ')}, ${unsaid}; this plan ${undo.join(' and ')} ` +
          `(an apply no one reviewed leaves it, a conflict, unless run with --force); to keep it, ${keep.join(' and ')}`,
      },
    ];
  });
}
