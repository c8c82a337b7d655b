import { isDirectoryFolder } from '../files/folder-uid.js';
import type { LiveFolder as Folder } from '../grafana/port.js';
import { assignNames } from '../files/assign-names.js';
import { quoteText } from '../report/escape-untrusted.js';
import { renderNextCommand, shellWord, type RunSelection } from '../report/next-command.js';
import { findHeldFolderDirs } from './find-held-folder-dirs.js';
import type { FolderFiles, FolderTarget } from './types.js';
import { joinTreePath, parentOf } from '../files/tree-paths.js';
import { groupBy } from '../group-by.js';

/** What is on disk, by root-relative directory ('' = root): lower-case entry name → kind. */
export type DirectoryListing = Map<string, Map<string, 'dir' | 'file' | 'other'>>;

export interface MapFolderDirsInput {
  /** Live folders to place (every folder that holds a pulled dashboard, and its ancestors). */
  needed: Folder[];
  /** Directory of each folder uid the tree already has (from its dashboards or a `_folder.json`). */
  treeDirByUid: Map<string, string>;
  /** `_folder.json` files by directory; null = present but invalid. */
  folderFiles: FolderFiles;
  /** Directories that hold dashboards (directly or below). */
  treeDirs: Set<string>;
  listing: DirectoryListing;
  /** Where the tree's files of each live folder sit (folder uid → directories): a folder the tree does not name takes over the one that holds them (findHeldFolderDirs). */
  heldDirs?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every live folder uid: a directory whose uid (from `_folder.json` or its path) is one of them stands for that folder. */
  liveFolderUids?: ReadonlySet<string>;
  /** A root-relative directory as shown to the user (notes). */
  display?: (dir: string) => string;
  /**
   * Folders the pull writes files into directly (dashboards, library panels), and whether a folder is needed only as the
   * parent of pulled folders (`pull --folder` of a nested one): a directory made for such a folder, or whose `_folder.json`
   * says so already, gets `"parentOnly": true` while the pull writes nothing directly in it. Absent: never.
   */
  parents?: { holding: ReadonlySet<string>; onlyParent: (folderUid: string) => boolean };
  /** The run's flags, which the note's `pull --folder` command repeats. */
  runSelection?: RunSelection;
}

/**
 * Pure: the directory of each needed folder, parents first. A folder the tree already has
 * keeps its directory; so does one whose files all sit in one directory that names no other
 * folder (its `_folder.json` was deleted: findHeldFolderDirs); a new one gets a sanitised, unique
 * name under its parent's directory.
 * `_folder.json` is planned wherever the path alone would not give the live uid and title.
 * A folder refused the directory its files sit in carries the note why (`newDirNote`), said only if a file goes there.
 */
export function mapFolderDirs(input: MapFolderDirsInput): { folders: FolderTarget[]; notes: string[] } {
  const neededUids = new Set(input.needed.map((f) => f.uid));
  const childrenOf = groupBy(input.needed, (folder) => (folder.parentUid !== null && neededUids.has(folder.parentUid) ? folder.parentUid : null));
  const dirByUid = new Map<string, string>();
  const folders: FolderTarget[] = [];
  const notes: string[] = [];
  const display = input.display ?? ((dir: string) => dir);
  const held = findHeldFolderDirs({
    unplaced: input.needed.filter((folder) => !input.treeDirByUid.has(folder.uid)),
    heldDirs: input.heldDirs ?? new Map(),
    treeDirByUid: input.treeDirByUid,
    liveFolderUids: input.liveFolderUids ?? neededUids,
    folderFiles: input.folderFiles,
  });
  const knownDir = (uid: string) => input.treeDirByUid.get(uid) ?? held.adopted.get(uid);

  let level: (string | null)[] = [null];
  while (level.length > 0) {
    const next: string[] = [];
    for (const parentUid of level) {
      const parentDir = parentUid === null ? '' : dirByUid.get(parentUid)!;
      const children = childrenOf.get(parentUid) ?? [];
      const fresh = children.filter((folder) => knownDir(folder.uid) === undefined);
      const names = assignNames({
        candidates: fresh,
        kind: 'folder',
        extension: '',
        isTaken: (name) => !isFreeDirectory(input, joinTreePath(parentDir, name)),
      });
      // Names a `git mv` of this level may not take: what is on disk and what this pull makes here.
      const taken = new Set([...(input.listing.get(parentDir)?.keys() ?? []), ...[...names.values()].map((name) => name.toLowerCase())]);
      for (const folder of children) {
        const known = knownDir(folder.uid);
        const dir = known ?? joinTreePath(parentDir, names.get(folder.uid)!);
        if (known !== undefined && parentOf(known) !== parentDir) {
          const parent = parentUid === null ? undefined : input.needed.find((candidate) => candidate.uid === parentUid);
          const heldParent = parent === undefined || knownDir(parent.uid) !== undefined || input.parents?.holding.has(parent.uid) === true;
          notes.push(heldParent ? describeMovedFolder(input, folder, known, parentDir, taken) : describeMovedOutOfTree(input, folder, known, parent!));
        }
        const refused = held.refused.get(folder.uid);
        const newDirNote = refused && `folder ${folder.uid} ${quoteText(folder.title)} has no directory in the tree that says its uid; its files sit in ${refused.dirs.map(display).join(' and ')}, ${refused.why}: it gets a new one, ${display(dir)}`;
        dirByUid.set(folder.uid, dir);
        const parentOnly = input.parents !== undefined && !input.parents.holding.has(folder.uid) && (known === undefined ? input.parents.onlyParent(folder.uid) : input.folderFiles.get(dir)?.parentOnly === true);
        folders.push({ uid: folder.uid, title: folder.title, dir, folderFile: folderFileFor(input, folder, dir, parentOnly), ...(newDirNote && { newDirNote }) });
        next.push(folder.uid);
      }
    }
    level = next;
  }
  return { folders, notes };
}

/**
 * The command that moves a folder's directory under the directory Grafana's parent has, as paths the shell reads from here
 * (walk-64 L7): under the name it has now, unless something there holds that name (git would nest it inside: review-65b L6).
 */
function describeMovedFolder(input: MapFolderDirsInput, folder: Folder, known: string, parentDir: string, taken: Set<string>): string {
  const display = input.display ?? ((dir: string) => dir);
  const current = lastSegment(known);
  const name = taken.has(current.toLowerCase())
    ? assignNames({ candidates: [folder], kind: 'folder', extension: '', isTaken: (candidate) => taken.has(candidate.toLowerCase()) }).get(folder.uid)!
    : current;
  taken.add(name.toLowerCase());
  const target = joinTreePath(parentDir, name);
  const why = name === current ? '' : `; ${display(joinTreePath(parentDir, current))} is taken, so under another name`;
  return `folder ${quoteText(folder.title)} (${folder.uid}) has another parent in Grafana than in the tree; its directory stays at ${known}: move it by hand (git mv ${shellWord(display(known))} ${shellWord(display(target))}${why})`;
}

/**
 * A folder moved in Grafana into one the tree holds no directory for (walk-65 M4): a directory made for that folder by hand
 * would make it the tree's, with prune its dashboards no file holds deleted, so the advice is the pull that takes it in with them.
 */
function describeMovedOutOfTree(input: MapFolderDirsInput, folder: Folder, known: string, parent: Folder): string {
  const pullParent = renderNextCommand(input.runSelection, ['pull', '--folder', parent.uid]);
  return (
    `folder ${quoteText(folder.title)} (${folder.uid}) was moved in Grafana into folder ${quoteText(parent.title)} (${parent.uid}), which the tree holds no directory for; ` +
    `its directory stays at ${known}, and the next plan moves it back where the tree has it. To keep Grafana's place instead, the tree must take that folder in with its dashboards first ` +
    `(${pullParent}; a directory made for it by hand would have prune delete its dashboards no file holds), after which pull names the git mv`
  );
}

/** A name is free for a new folder when nothing is there, or an empty directory nothing claims. */
function isFreeDirectory(input: MapFolderDirsInput, dir: string): boolean {
  const entry = input.listing.get(parentOf(dir))?.get(lastSegment(dir));
  if (entry === undefined) return true;
  return entry === 'dir' && !input.folderFiles.has(dir) && !input.treeDirs.has(dir) && !hasDescendants(input, dir);
}

function hasDescendants(input: MapFolderDirsInput, dir: string): boolean {
  const prefix = `${dir}/`;
  for (const known of input.folderFiles.keys()) if (known.startsWith(prefix)) return true;
  for (const known of input.treeDirs) if (known.startsWith(prefix)) return true;
  return false;
}

function folderFileFor(input: MapFolderDirsInput, folder: Folder, dir: string, parentOnly: boolean): FolderTarget['folderFile'] {
  const needed = parentOnly || !isDirectoryFolder(dir, folder);
  return needed || input.folderFiles.has(dir) ? { uid: folder.uid, title: folder.title, ...(parentOnly ? { parentOnly: true as const } : {}) } : null;
}


function lastSegment(dir: string): string {
  return dir.slice(dir.lastIndexOf('/') + 1);
}
