import type { DashboardEntry, LibraryPanelEntry } from '../files/types.js';
import type { DashboardSummary, LiveFolder } from '../grafana/port.js';
import { parentOf } from '../files/tree-paths.js';
import type { FolderFiles, LiveLibraryUse } from './types.js';

export interface FindHeldFolderDirsInput {
  /** Live folders the pull places that no directory of the tree says the uid of (no `_folder.json`, no derived uid). */
  unplaced: { uid: string }[];
  /** Where the tree's files of each live folder sit: folder uid → directories holding its dashboards or `_library/` files. */
  heldDirs: ReadonlyMap<string, ReadonlySet<string>>;
  /** Directory of each folder uid the tree already has (from a `_folder.json`, or derived from the path). */
  treeDirByUid: ReadonlyMap<string, string>;
  /** Every live folder uid (whatever the pull places). */
  liveFolderUids: ReadonlySet<string>;
  folderFiles: FolderFiles;
}

export interface HeldFolderDirs {
  /** The directory each of these folders takes over (its `_folder.json` goes back there). */
  adopted: Map<string, string>;
  /** Why a folder whose files sit in a directory without `_folder.json` gets a new directory all the same (a clause after "its files sit in …"). */
  refused: Map<string, { dirs: string[]; why: string }>;
}

/**
 * Pure: which live folders take over the directory that holds their files. A folder the tree
 * does not name (typically: its `_folder.json` was deleted, so the directory now stands for a
 * folder derived from its path, which Grafana does not have) gets back the one directory its
 * dashboards and library panels sit in, when that is unambiguous: a single directory, not the
 * root, without a `_folder.json`, whose derived uid is no live folder, and wanted by no other
 * folder. Otherwise it gets a new directory as before, and `refused` says why — only where one
 * of its directories has no `_folder.json` (files in a directory that names another folder are a
 * plain move in Grafana, which needs no word).
 */
export function findHeldFolderDirs(input: FindHeldFolderDirsInput): HeldFolderDirs {
  const standsFor = new Map<string, string>();
  for (const [uid, dir] of input.treeDirByUid) if (input.liveFolderUids.has(uid)) standsFor.set(dir, uid);
  const candidates = new Map<string, string[]>();
  const refused = new Map<string, { dirs: string[]; why: string }>();
  for (const { uid } of input.unplaced) {
    const dirs = [...(input.heldDirs.get(uid) ?? [])].filter((dir) => dir !== '').sort();
    const open = dirs.filter((dir) => !input.folderFiles.get(dir));
    if (open.length === 0) continue;
    const held = input.heldDirs.get(uid)!;
    if (held.size > 1) {
      refused.set(uid, { dirs: [...held].sort(), why: 'so pull cannot tell which directory is its' });
      continue;
    }
    const dir = open[0]!;
    const other = standsFor.get(dir);
    if (input.folderFiles.has(dir)) refused.set(uid, { dirs, why: 'whose _folder.json does not parse' });
    else if (other !== undefined) refused.set(uid, { dirs, why: `which stands for folder ${other}` });
    else candidates.set(dir, [...(candidates.get(dir) ?? []), uid]);
  }
  const adopted = new Map<string, string>();
  for (const [dir, uids] of candidates) {
    if (uids.length === 1) {
      adopted.set(uids[0]!, dir);
      continue;
    }
    for (const uid of uids) refused.set(uid, { dirs: [dir], why: `which also holds the files of folder ${uids.filter((other) => other !== uid).join(', ')}` });
  }
  return { adopted, refused };
}

/**
 * Pure: the directories where the tree's dashboard and `_library/` files of each live folder sit
 * (folder uid → directories). A folder that holds no file of its own (only subfolders) is held
 * where the directories of its subfolders the tree names sit.
 */
export function findHeldDirs(input: {
  liveDashboards: readonly DashboardSummary[];
  entryByUid: ReadonlyMap<string, DashboardEntry>;
  libraryPanels: readonly LibraryPanelEntry[];
  libraryUses: readonly LiveLibraryUse[];
  liveFolders: readonly LiveFolder[];
  treeDirByUid: ReadonlyMap<string, string>;
}): Map<string, Set<string>> {
  const held = new Map<string, Set<string>>();
  const add = (target: Map<string, Set<string>>, folderUid: string | null, dir: string) => {
    if (folderUid !== null) target.set(folderUid, (target.get(folderUid) ?? new Set()).add(dir));
  };
  for (const hit of input.liveDashboards) {
    const entry = input.entryByUid.get(hit.uid);
    if (entry) add(held, hit.folderUid, entry.dir);
  }
  const panelFolder = new Map(input.libraryUses.map(({ panel }) => [panel.uid, panel.folderUid]));
  for (const entry of input.libraryPanels) if (panelFolder.has(entry.uid)) add(held, panelFolder.get(entry.uid)!, entry.dir);
  const bySubfolders = new Map<string, Set<string>>();
  for (const folder of input.liveFolders) {
    const dir = input.treeDirByUid.get(folder.uid);
    if (dir === undefined || folder.parentUid === null || held.has(folder.parentUid)) continue;
    add(bySubfolders, folder.parentUid, parentOf(dir));
  }
  return new Map([...held, ...bySubfolders]);
}
