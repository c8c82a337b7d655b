import { statSync } from 'node:fs';
import { basename, isAbsolute, relative, resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import { discoverTree, FOLDER_FILE, isTreeFilePath, LIBRARY_DIR, type DiscoveredTree } from '../files/discover-tree.js';
import { isDirectoryFolder } from '../files/folder-uid.js';
import { hashBytes } from '../files/hash-text.js';
import { useFileBytes } from '../files/read-file-bytes.js';
import { readFolderFile } from '../files/read-folder-file.js';
import { dashboardUid, isNotADashboard, readUid } from '../files/read-unselected-uids.js';
import { toSlashes } from '../files/tree-paths.js';
import { findFilesChangedSince } from '../git/find-files-changed-since.js';
import { readDesiredLibraryPanel } from '../plan/read-desired-library-panel.js';
import { folderActions, type Plan } from '../plan/types.js';

type TreeSettings = Pick<Settings, 'root' | 'cwd' | 'configFile' | 'inputs' | 'include' | 'exclude'>;

/** A file a saved plan read, with the digest it recorded. */
interface PlannedFile {
  kind: 'dashboard' | 'library-panel';
  file: string;
  contentHash: string;
}

type SavedPlanFiles = Pick<Plan, 'actions' | 'root'> & { git: Pick<Plan['git'], 'sha'> };

/**
 * What findChangedSincePlan reads of git and of the plan whatever the selection it judges by: one of these serves each
 * selection a run judges by (a plan's own --include/--exclude, then the config's) with one `git diff`.
 */
export interface ChangesSincePlan {
  /** The files git names changed between the plan's commit and HEAD in the plan's tree (absolute); null when it cannot tell. */
  byGit: Promise<string[] | null>;
  /** plannedFiles, made on the first call. */
  plannedFiles: () => ReadonlyMap<string, PlannedFile>;
}

/** Asks git (one `git diff`, started now) what changed in the plan's tree since its commit; the plan's files are listed when first needed. */
export function changesSincePlan(plan: SavedPlanFiles, cwd: string): ChangesSincePlan {
  // The plan's tree, not this run's root: `apply plan.json` takes no --root, and the plan may name another than the config's.
  const byGit = plan.git.sha === null ? Promise.resolve(null) : findFilesChangedSince(resolve(cwd, plan.root), plan.git.sha);
  let read: Map<string, PlannedFile> | undefined;
  return { byGit, plannedFiles: () => (read ??= plannedFiles(plan, cwd)) };
}

/**
 * The tree's files (absolute paths) that are not what a saved plan read: by git where it can compare the plan's commit
 * with HEAD, else by the plan's own digests of the dashboard and library panel files it read, and the folders it records
 * for the `_folder.json`s (the plan's commit is not in this clone: a pull request's test merge applied after the merge, or
 * a depth-1 checkout; no repository). Either way only files a plan of this tree reads now, or read
 * then: the selected dashboard and library panel files and `_folder.json`s, never dashsync's config file, another tool's
 * file (package.json, a workflow's YAML: isNotADashboard, or no dashboard's name) or a file include/exclude leave out.
 * Null when neither can tell (the tree cannot be listed).
 */
export async function findChangedSincePlan(plan: SavedPlanFiles, settings: TreeSettings, since: ChangesSincePlan = changesSincePlan(plan, settings.cwd)): Promise<string[] | null> {
  const byGit = await since.byGit;
  if (byGit !== null && byGit.length === 0) return [];
  // Git names a few files, the plan thousands: where the plan records each of git's by the name it gives a file (relative to
  // the working directory, with slashes), all are files it read, and none of its own names needs resolving (a cold resolve()
  // costs ~15 µs: 70 ms for 5,000). Else each is looked up as resolved, below.
  if (byGit !== null && recordsEach(plan, byGit, settings.cwd)) return byGit.map((path) => resolve(path)).sort();
  const read = since.plannedFiles();
  if (byGit !== null) return judgeGitNames(byGit.map((path) => resolve(path)), plan, settings, read);
  const tree = await listTreeFiles(plan, settings, read);
  if (tree === null) return null;
  const added = [...tree].filter((path) => !read.has(path) && !tree.folderFiles.has(path));
  const changed = [...read].filter(([path, recorded]) => !tree.has(path) || !holdsPlannedDigest(recorded, settings)).map(([path]) => path);
  return [...changed, ...added, ...(await findFolderFilesChanged(plan, settings.cwd, tree.folderFiles))].sort();
}

/**
 * Of the files git names (absolute), those of the tree: the ones the plan read; a `_folder.json` of a directory below the
 * root (the tree reads every one, whatever include/exclude select) that is there now, or was removed from a directory the
 * plan holds a folder of; and a dashboard or library panel file the plan did not read, which only a listing of the tree
 * tells (include/exclude, links): listed only for such a file, never for one that is gone or reads as another tool's
 * (package.json in a root "."; perf: docs/performance.md, action-54).
 */
async function judgeGitNames(named: string[], plan: Pick<Plan, 'actions' | 'root'>, settings: TreeSettings, read: ReadonlyMap<string, PlannedFile>): Promise<string[] | null> {
  const root = resolve(settings.cwd, plan.root);
  const folderDirs = new Set(folderActions(plan).flatMap((folder) => (folder.dir === null ? [] : [resolve(root, folder.dir, FOLDER_FILE)])));
  const known: string[] = [];
  const unread: string[] = [];
  for (const path of named) {
    if (read.has(path)) known.push(path);
    else if (isTreeFolderFile(path, root)) {
      if (isFile(path) || folderDirs.has(path)) known.push(path);
    } else if (basename(path) !== FOLDER_FILE && mayBeTreeFile(path, root, settings) && isFile(path) && !readsAsAnotherToolsFile(path, root, settings.cwd)) unread.push(path);
  }
  if (unread.length === 0) return known.sort();
  const tree = await listTreeFiles(plan, settings, read);
  if (tree === null) return null;
  return [...known, ...unread.filter((path) => tree.has(path))].sort();
}

/** A `_folder.json` the tree reads: in a directory below the root, not below `_library/` (one in the root is no folder's). */
function isTreeFolderFile(path: string, root: string): boolean {
  const parts = toSlashes(relative(root, path)).split('/');
  return parts.length > 1 && parts.at(-1) === FOLDER_FILE && !parts.includes(LIBRARY_DIR) && isTreeFilePath(parts.join('/'));
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
}

/** A file outside `_library/` that reads as no dashboard (package.json, a provisioning file: isNotADashboard): no plan reads it. */
function readsAsAnotherToolsFile(path: string, root: string, cwd: string): boolean {
  if (toSlashes(relative(root, path)).split('/').includes(LIBRARY_DIR)) return false;
  return isNotADashboard(readUid(path, toSlashes(relative(cwd, path)), dashboardUid));
}

/**
 * The tree's `_folder.json`s that name another folder (uid or title) than the plan's folder of their directory: the plan
 * keeps no digest of them, but records the uid and title of each folder of the tree it plans, which is all a
 * `_folder.json` decides but `parentOnly`. A file that no longer parses is changed; so is one removed since from a
 * directory whose planned folder is not the one its path alone gives (isDirectoryFolder: only a `_folder.json` named it so,
 * and the next plan's folder there is another). Not compared: one whose directory the plan holds no folder of (a directory
 * holding nothing, or only as a parent).
 */
async function findFolderFilesChanged(plan: Pick<Plan, 'actions' | 'root'>, cwd: string, folderFiles: ReadonlySet<string>): Promise<string[]> {
  const root = resolve(cwd, plan.root);
  const changed: string[] = [];
  for (const action of folderActions(plan)) {
    if (action.dir === null) continue;
    const path = resolve(root, action.dir, FOLDER_FILE);
    if (!folderFiles.has(path)) {
      if (!isDirectoryFolder(action.dir, action)) changed.push(path);
      continue;
    }
    const { folder } = await readFolderFile(path, toSlashes(relative(cwd, path)));
    if (folder === null || folder.uid !== action.uid || folder.title !== action.title) changed.push(path);
  }
  return changed;
}

/** Whether a path git names can be a file of the tree: a `.json` below the root (isTreeFilePath), not the config file. */
function mayBeTreeFile(path: string, root: string, settings: Pick<Settings, 'cwd' | 'configFile'>): boolean {
  const inRoot = relative(root, path);
  return !isAbsolute(inRoot) && isTreeFilePath(toSlashes(inRoot)) && (settings.configFile === undefined || resolve(path) !== resolve(settings.cwd, settings.configFile));
}

/** Whether the plan records a digest of each of `paths` (absolute) under the name it gives it: toSlashes(relative(cwd, path)). */
function recordsEach(plan: Pick<Plan, 'actions'>, paths: readonly string[], cwd: string): boolean {
  const names = new Set<string>();
  for (const action of plan.actions) if ((action.kind === 'dashboard' || action.kind === 'library-panel') && action.file !== null && action.contentHash !== null) names.add(action.file);
  return paths.every((path) => names.has(toSlashes(relative(cwd, path))));
}

/** The dashboard and library panel files the plan read (absolute paths), each with the digest it recorded. */
function plannedFiles(plan: Pick<Plan, 'actions'>, cwd: string): Map<string, PlannedFile> {
  const read = new Map<string, PlannedFile>();
  for (const action of plan.actions) {
    if ((action.kind === 'dashboard' || action.kind === 'library-panel') && action.file !== null && action.contentHash !== null) {
      read.set(resolve(cwd, action.file), { kind: action.kind, file: action.file, contentHash: action.contentHash });
    }
  }
  return read;
}

/**
 * The files a plan of this tree reads now (absolute paths): the selected dashboard files, but those that read as another
 * tool's (the plan read none of them, so only files it did not read are opened), the library panel files and the
 * `_folder.json`s (also apart, as `folderFiles`). Null when the tree cannot be listed.
 */
async function listTreeFiles(plan: Pick<Plan, 'root'>, settings: TreeSettings, read: ReadonlyMap<string, PlannedFile>): Promise<(Set<string> & { folderFiles: Set<string> }) | null> {
  let tree: DiscoveredTree;
  try {
    tree = await discoverTree({
      root: resolve(settings.cwd, plan.root),
      include: settings.include,
      exclude: settings.exclude,
      configFile: settings.configFile,
      cwd: settings.cwd,
      emptySelectionIsError: false,
    });
  } catch {
    return null;
  }
  const dashboards = tree.dashboardFiles
    .map((path) => resolve(path))
    .filter((path) => read.has(path) || !isNotADashboard(readUid(path, toSlashes(relative(settings.cwd, path)), dashboardUid)));
  const folderFiles = new Set(tree.folderFiles.map((path) => resolve(path)));
  return Object.assign(new Set([...dashboards, ...tree.libraryFiles.map((path) => resolve(path)), ...folderFiles]), { folderFiles });
}

/** Whether a file the plan read still holds the digest it recorded (false when it cannot be read). */
export function holdsPlannedDigest(recorded: PlannedFile, settings: Pick<Settings, 'cwd' | 'inputs'>): boolean {
  try {
    // A library panel's digest is of its text as read (readDesiredLibraryPanel, as apply checks it); a dashboard's of its bytes.
    if (recorded.kind === 'library-panel') return readDesiredLibraryPanel(recorded.file, settings).hash === recorded.contentHash;
    return useFileBytes(resolve(settings.cwd, recorded.file), hashBytes) === recorded.contentHash;
  } catch {
    return false;
  }
}
