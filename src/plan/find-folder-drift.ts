import { posix } from 'node:path';
import { FOLDER_FILE } from '../files/discover-tree.js';
import { FOLDER_HISTORY_LIMIT, type FolderFileHistories } from '../git/read-folder-file-history.js';
import { folderOfDirectory, isDirectoryFolder } from '../files/folder-uid.js';
import { fetchFullHistory } from '../report/fetch-full-history.js';
import { quoteText } from '../report/escape-untrusted.js';
import type { FolderAction, PlanWarning } from './types.js';
import { wordedForShells } from './worded-for-shells.js';

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
 * (`histories`, every commit that named its uid) tells the tree's own changes from Grafana's: a live title none of them gave it was given in
 * Grafana; a live parent none of the directories it was committed in had (a parent this plan creates aside, which a new uid in
 * the parent's `_folder.json` explains; a parent directory no longer in the tree stood for the folders its `_folder.json` named in
 * git, else for the uid its path derives) was chosen in Grafana. A
 * folder without a `_folder.json` (its uid derived from its directory's path, its title that directory's name) has had that
 * title and parent as long as it has had its uid: any other was given in Grafana. A folder git holds no `_folder.json` of
 * otherwise is not judged. One warning per folder, worded as the plan says drift; an apply no one reviewed keeps them as conflicts.
 * Where that history stops short (`cut`: a shallow clone, or more commits than were read) a title or place of a folder with a
 * `_folder.json` it does not show is no evidence (review-65b M2): the warning says drift was not checked, and no apply holds it.
 */
export function findFolderDrift(
  folders: readonly FolderAction[],
  { histories, cut, dirUids }: FolderFileHistories,
  titleOf: (uid: string | null, as: 'live' | 'planned') => string,
  display: (dir: string) => string,
  /** The config's other environments that deploy a `_folder.json` (its path relative to the tree's root): a title put there is theirs too. */
  othersDeploying: (folderFile: string) => string[] = () => [],
): PlanWarning[] {
  const created = new Set(folders.filter((folder) => folder.action === 'create').map((folder) => folder.uid));
  // The tree's folders by directory (root-relative), to place a directory a `_folder.json` was committed in.
  const uidOfDir = new Map(folders.flatMap((folder) => (folder.dir === null || folder.action === 'delete' ? [] : [[folder.dir, folder.uid] as const])));
  // The folders a directory the file was committed in stood under: the parent directory's folder now, those its `_folder.json`
  // named in git (a directory the tree no longer has, review-66a M3), else the uid its path derives.
  const parentsOf = (dir: string): (string | null)[] => {
    const parent = posix.dirname(dir);
    if (parent === '.') return [null];
    const named = new Set([...(uidOfDir.has(parent) ? [uidOfDir.get(parent)!] : []), ...(dirUids?.get(parent) ?? [])]);
    return named.size > 0 ? [...named] : [folderOfDirectory(parent, null).uid];
  };
  return folders.flatMap((folder): PlanWarning[] => {
    if (folder.action !== 'update' || folder.dir === null || folder.live === null) return [];
    const directory = isDirectoryFolder(folder.dir, folder);
    const history = histories.get(folder.uid) ?? (directory ? { titles: new Set([folder.title]), dirs: new Set([folder.dir]) } : undefined);
    if (history === undefined) return [];
    const { live } = folder;
    const renamed = live.title !== folder.title && !history.titles.has(live.title);
    const parents = [...history.dirs].flatMap(parentsOf);
    const moved = live.parentUid !== folder.parentUid && !(folder.parentUid !== null && created.has(folder.parentUid)) && !parents.includes(live.parentUid);
    if (!renamed && !moved) return [];
    const file = posix.join(display(folder.dir), FOLDER_FILE);
    // A directory's folder takes its title and place from the path, whatever git holds: only a `_folder.json`'s needs its history.
    if (cut !== null && !directory) return [describeNotChecked(folder, { renamed, moved }, file, cut, titleOf)];
    const edits = [
      ...(renamed ? [`renamed in Grafana to ${quoteText(live.title)}`] : []),
      ...(moved ? [`moved in Grafana ${live.parentUid === null ? 'to the top level' : `into ${titleOf(live.parentUid, 'live')}`}`] : []),
    ];
    const undo = [...(renamed ? [`renames it back to ${quoteText(folder.title)}`] : []), ...(moved ? [`moves it back ${folder.parentUid === null ? 'to the top level' : `into ${titleOf(folder.parentUid, 'planned')}`}`] : [])];
    const keep = directory
      ? [`give it ${file} holding ${JSON.stringify({ uid: folder.uid, title: renamed ? live.title : folder.title })}${moved ? ', then move its directory where Grafana has it' : ''}`]
      : [...(renamed ? [`put that title in ${file}`] : []), ...(moved ? [`move its directory where Grafana has it`] : [])];
    const unsaid = directory ? `which its directory ${display(folder.dir)} (no ${FOLDER_FILE}: the folder takes its name and place) never said` : `which ${file} never said in git`;
    const others = othersDeploying(posix.join(folder.dir, FOLDER_FILE));
    const shared = others.length === 0 ? '' : ` (environment${others.length === 1 ? '' : 's'} ${others.join(', ')} deploy${others.length === 1 ? 's' : ''} that file too and ${others.length === 1 ? 'gets' : 'get'} the ${[...(renamed ? ['title'] : []), ...(moved ? ['place'] : [])].join(' and ')} as well: a folder's title and place are one per tree)`;
    return [
      {
        kind: 'other' as const,
        uid: folder.uid,
        rule: FOLDER_DRIFT,
        file,
        message:
          `drift: folder ${folder.uid} ${quoteText(folder.title)} was ${edits.join(' and ')}, ${unsaid}; this plan ${undo.join(' and ')} ` +
          `(an apply no one reviewed leaves it, a conflict, unless run with --force); to keep it, ${keep.join(' and ')}${shared}`,
      },
    ];
  });
}

/**
 * A folder's title or place in Grafana that the history git holds does not show, where that history stops short: the tree's
 * own change from a commit the clone lacks reads the same as one made in Grafana, so it is said as not checked, and the plan
 * (an apply no one reviewed too) changes it as the tree says.
 */
function describeNotChecked(folder: FolderAction, seen: { renamed: boolean; moved: boolean }, file: string, cut: 'shallow' | 'limit', titleOf: (uid: string | null, as: 'live' | 'planned') => string): PlanWarning {
  const live = folder.live!;
  const has = [
    ...(seen.renamed ? [`has the title ${quoteText(live.title)}`] : []),
    ...(seen.moved ? [live.parentUid === null ? 'is at the top level' : `is in ${titleOf(live.parentUid, 'live')}`] : []),
  ].join(' and ');
  const change = [...(seen.renamed ? [`renames it to ${quoteText(folder.title)}`] : []), ...(seen.moved ? [`moves it ${folder.parentUid === null ? 'to the top level' : `into ${titleOf(folder.parentUid, 'planned')}`}`] : [])].join(' and ');
  const start = `folder drift not checked: folder ${folder.uid} ${quoteText(folder.title)} ${has} in Grafana, which`;
  const why = "(a commit it lacks may have said so, or it was changed in Grafana)";
  const what = `this plan ${change} (so does an apply no one reviewed)`;
  if (cut === 'limit') {
    return { kind: 'other', uid: folder.uid, file, message: `${start} the newest ${FOLDER_HISTORY_LIMIT} commits of the tree's ${FOLDER_FILE} files do not show (an older one may have said so, or it was changed in Grafana); ${what}` };
  }
  return { kind: 'shallow-history', uid: folder.uid, ...wordedForShells((shell) => `${start} ${file} never said in this shallow clone's history ${why}; ${what}; to check, ${fetchFullHistory(shell, ' and plan again')}`) };
}
