import type { SelectionPlaces } from '../config/types.js';
import { basename, dirname, posix, relative, resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import pLimit from 'p-limit';
import type { Diagnostic } from '../errors.js';
import { buildFolders, type FolderFileInfo } from './build-folders.js';
import { discoverTree, FOLDER_FILE, type DiscoveredTree } from './discover-tree.js';
import { inputsHomeOf, type InputsHome } from './describe-unmapped-input.js';
import { locateJsonPath } from './parse-json.js';
import { isPlainObject } from './is-plain-object.js';
import { libraryPanelElement } from './library-panel-element.js';
import { readDashboardFiles } from './read-dashboard-files.js';
import { gatherExpressionInputFiles } from './expression-input-files.js';
import { findLibraryPanelConflicts } from './find-library-panel-conflicts.js';
import { readFolderFile } from './read-folder-file.js';
import { readLibraryPanels } from './read-library-panels.js';
import { readUnselectedLibraryPanels, readUnselectedUids, type UidReads } from './read-unselected-uids.js';
import { readBehindLinks } from './read-behind-links.js';
import { describeFileNameGlobs } from './find-file-name-globs.js';
import { describeUnmatchedGlobs } from './find-unmatched-globs.js';
import { selectionEntersDirectory } from './select-tree-paths.js';
import { describeSelection } from './describe-selection.js';
import { describeLookAlike, describeSkippedLink, type PruneRun } from './describe-look-alike.js';
import { readUtf8File } from './read-utf8-file.js';
import { readYamlResources } from './read-yaml-resources.js';
import { splitDashboardDocument } from './split-dashboard-document.js';
import type { DashboardEntry, FolderEntry, LibraryPanelEntry, ReadTreeResult, Tree } from './types.js';
import { joinTreePath, toSlashes } from './tree-paths.js';
import { describeUidSharers, findUidSharers, type UidSharer } from './find-uid-sharers.js';
import { clashEnvironments, describeDeployedWith, type DeployedTogether } from './deployed-together.js';
import { groupBy } from '../group-by.js';
import { compareCodeUnitsBy } from '../compare-code-units.js';
import { compareDiagnostics } from './compare-diagnostics.js';

export interface ReadTreeOptions {
  root: string;
  cwd: string;
  include: string[];
  exclude: string[];
  inputs: Record<string, string>;
  /** Named in the message of an input the map lacks (Settings' fields of these names). */
  configFile?: InputsHome['configFile'];
  environment?: InputsHome['environment'];
  minRefreshInterval: string;
  /** Each environment's inputs map (Settings.environmentInputs; empty without environments): a literal datasource of one is warned about. */
  environmentInputs?: Record<string, Record<string, string>>;
  /**
   * `check` of a config with environments, none chosen: each environment renders with its own inputs (findUnmappedInputs
   * judges those), so a placeholder the top level's map lacks keeps a dashboard file in the tree, its uid, title and
   * apiVersion judged as every other's; a library panel file's, its uid and name.
   */
  inputsPerEnvironment?: boolean;
  /**
   * This run prunes (`plan`/`apply`, or `check` of a config that prunes: named in its errors' advice): the files behind the
   * tree's directory links are read for the uids prune keeps (readBehindLinks); without it nothing below a link is listed.
   */
  pruneRun?: PruneRun;
  /**
   * Given (prune on a run with include/exclude): the uid of each file the selection leaves out is
   * read too (`tree.outsideSelection`); `selection` names the lists in messages, `whose` whose selection they are (ReadUnselectedUidsOptions).
   */
  unselectedUids?: { selection: string; whose?: string; check?: string };
  /** Where `include`/`exclude` came from, as messages name them (Settings.selectionFrom). */
  selectionFrom?: { include: string; exclude: string };
  /** Where the config file writes include and exclude (Settings.selectionPlaces): a glob-unmatched warning points at its glob. */
  selectionPlaces?: SelectionPlaces;
  /**
   * Describe each file's model as /api would answer with it (DashboardEntry.modelText, else null):
   * only a plan that reads through /api compares answers with it.
   */
  describeModels?: boolean;
  /** Read for pull (readLocalTree), which replaces each file's content with Grafana's: a v2 transformation form under v2beta1 (a problem only when the file is pushed) is a warning, not an error, so `pull --force` can take 13's conversion. */
  forPull?: boolean;
  /**
   * `check` of a config with environments, none chosen (judgeDeployedTogether): two things of one uid (dashboards, folders,
   * library panels, a dashboard and a folder), or library panels of one name in one folder, clash only when one
   * environment deploys both. Without it, everything the read selects is deployed together.
   */
  deployedTogether?: DeployedTogether;
  /**
   * The environment's include selects no file because its files moved out (describeEmptiedSelection): that warning names
   * the include, so its globs get no glob-unmatched warning of their own (one warning per cause).
   */
  emptiedInclude?: boolean;
  /** The tree's files, when the caller has walked it with these very options (discoverTree): not walked again. */
  discovered?: DiscoveredTree;
  /** The uids of files outside the selection read so far in this run (UidReads): not read again. */
  uidReads?: UidReads;
  /** A plan through /api: the tree reader's worker, if one read beside the main thread, is kept to decide its answers (ReadDashboardFilesOptions.handWorkerTo). */
  handWorkerTo?: (worker: Worker) => void;
  /** A plan through /apis: a large tree is read on two threads from two cores on (ReadDashboardFilesOptions.twoCoresEnough). */
  treeWorkerOnTwoCores?: boolean;
}

/** Files read at once: enough to keep the disk busy, few enough to bound memory. */
const READ_CONCURRENCY = 32;

/**
 * Reads and validates every file of the tree (dashboards, `_folder.json`, `_library/` panels)
 * and indexes it. The index keeps no models (only metadata and the content hash), so memory
 * stays bounded for large trees. The caller refuses to go on when any diagnostic is an error.
 */
export async function readTree(options: ReadTreeOptions): Promise<ReadTreeResult> {
  const root = resolve(options.cwd, options.root);
  const display = (absPath: string): string => toSlashes(relative(options.cwd, absPath)) || '.';
  const rootRelative = (absPath: string): string => toSlashes(relative(root, absPath));
  const { selectionFrom } = options;
  const discovered = options.discovered ?? await discoverTree({ root, include: options.include, exclude: options.exclude, configFile: options.configFile, cwd: options.cwd, selectionFrom });
  const limit = pLimit(READ_CONCURRENCY);
  const folderFileDirs = new Set(discovered.folderFiles.map((absPath) => posix.dirname(rootRelative(absPath))));
  const diagnostics: Diagnostic[] = discovered.lookAlikes.map((absPath) =>
    describeLookAlike(rootRelative(absPath), display(absPath), { notRegular: discovered.notRegularFiles?.get(absPath), folderFileIn: (dir) => folderFileDirs.has(dir), unfollowedLink: discovered.unfollowedLookAlikes?.has(absPath) }),
  );
  // Only a run with a selection has globs to judge: a whole-tree read spares listing every path relative to the root.
  const leftOut = discovered.unselected;
  if (leftOut !== undefined) {
    const treeFiles = [...discovered.dashboardFiles, ...discovered.libraryFiles, ...leftOut.dashboardFiles, ...leftOut.libraryFiles].map(rootRelative);
    diagnostics.push(...describeUnmatchedGlobs(options, treeFiles, display(root), discovered.linkedDirs.map((link) => rootRelative(link.absPath))));
    diagnostics.push(...describeFileNameGlobs(options, treeFiles));
  }
  const yaml = await readYamlResources(discovered.yamlFiles, display);
  diagnostics.push(...yaml.diagnostics);
  for (const link of discovered.skippedLinks) if (link.aliasOf !== null) diagnostics.push(describeSkippedLink(display(link.absPath), display(link.aliasOf)));
  // Links out of the root are not followed; on a run that prunes, what the files behind them name is kept from prune (Tree.linkedDashboardUids).
  const outsideFiles = discovered.skippedLinks.filter((link) => link.aliasOf === null).map((link) => link.absPath);
  // A directory link the selection leaves out is not this run's to name unless it prunes, which keeps what any file of the tree
  // holds (the files a selection leaves out included), so a prune still reads behind it.
  const linkedDirs = leftOut === undefined || options.pruneRun !== undefined ? discovered.linkedDirs : discovered.linkedDirs.filter((link) => selectionEntersDirectory(rootRelative(link.absPath), options.include, options.exclude));
  const linked = await readBehindLinks(linkedDirs, { root, display, prune: options.pruneRun, reads: options.uidReads, outsideFiles, unreachedLinks: discovered.unreachedLinks });
  diagnostics.push(...linked.diagnostics);

  const folderFiles = new Map<string, FolderFileInfo>();
  await Promise.all(
    discovered.folderFiles.map((absPath) =>
      limit(async () => {
        const file = display(absPath);
        const result = await readFolderFile(absPath, file);
        diagnostics.push(...result.diagnostics);
        folderFiles.set(rootRelative(dirname(absPath)).replace(/^\.$/, ''), { file, folder: result.folder });
      }),
    ),
  );

  // Read on the main thread, and on a worker thread beside it for a large tree (readDashboardFiles).
  const placeFile = placeInDirectory(root, options.cwd);
  const toRead = discovered.dashboardFiles.map((absPath) => ({ absPath, ...placeFile(absPath) }));
  const inputsHome = inputsHomeOf(options);
  const environmentInputs = options.environmentInputs && Object.keys(options.environmentInputs).length > 0 ? { environmentInputs: options.environmentInputs } : {};
  const results = await readDashboardFiles(toRead, {
    read: {
      inputs: options.inputs,
      inputsHome,
      describeModels: options.describeModels === true,
      ...(options.forPull ? { forPull: true } : {}),
      ...(options.inputsPerEnvironment ? { inputsPerEnvironment: true } : {}),
      ...environmentInputs,
    },
    workerFrom: process.env.DASHSYNC_TREE_WORKER_FROM,
    ...(options.handWorkerTo && { handWorkerTo: options.handWorkerTo }),
    ...(options.treeWorkerOnTwoCores === true && { twoCoresEnough: true }),
  });
  const planFiles: string[] = [];
  const expressionInputs = gatherExpressionInputFiles();
  const read = results.map(({ entry, diagnostics: found, ownPlan, expressionInputs: uses }, index) => {
    diagnostics.push(...found);
    if (ownPlan) planFiles.push(toRead[index]!.absPath);
    if (uses) expressionInputs.note(toRead[index]!.file, uses);
    return { ...toRead[index]!, entry };
  });

  const library = await readLibraryPanels(discovered.libraryFiles, { root, inputs: options.inputs, inputsHome, display, limit, noteExpressionInputs: expressionInputs.note, ...environmentInputs, ...(options.inputsPerEnvironment ? { inputsPerEnvironment: true } : {}) });
  diagnostics.push(...library.diagnostics);

  const unselected = discovered.unselected ?? { dashboardFiles: [], libraryFiles: [] };
  const outside = options.unselectedUids && readUnselectedUids(unselected, { display, ...options.unselectedUids, reads: options.uidReads, run: options.pruneRun });
  if (outside) diagnostics.push(...outside.diagnostics);
  const outsideLibrary = readUnselectedLibraryPanels(unselected.libraryFiles, display, options.uidReads);
  const selection = describeSelection(options);
  const together: DeployedTogether = options.deployedTogether ?? (() => []);
  const { folders, idle: idleFolders, diagnostics: folderDiagnostics } = buildFolders({
    together: (dir, otherDir) => together({ dir }, { dir: otherDir }),
    dashboardDirs: [...read.map((r) => r.dir), ...library.entries.map((entry) => entry.dir)],
    folderFiles,
    displayDir: (dir) => display(resolve(root, dir)),
    // A directory whose files this run leaves out is still the tree's: never "left the tree" for prune.
    unselectedDirs: [...unselected.dashboardFiles, ...unselected.libraryFiles.map(dirname)].map((absPath) => rootRelative(dirname(absPath)).replace(/^\.$/, '')),
  });
  diagnostics.push(...folderDiagnostics);
  const folderUidByDir = new Map(folders.map((folder) => [folder.dir, folder.uid]));
  const dashboards: DashboardEntry[] = [];
  for (const { file, absPath, dir, entry } of read) {
    if (entry) dashboards.push({ file, absPath, dir, ...entry, folderUid: dir === '' ? null : folderUidByDir.get(dir)! });
  }
  const sharers = findUidSharers(dashboards.map((d) => ({ uid: d.uid, file: d.file, rootPath: joinTreePath(d.dir, basename(d.absPath)) })), together);
  diagnostics.push(...(await findUidConflicts(dashboards, folders, { sharers, together, rootRelative }, display, root)));
  const libraryPanels: LibraryPanelEntry[] = library.entries.map((entry) => ({ ...entry, folderUid: entry.dir === '' ? null : folderUidByDir.get(entry.dir)! }));
  const libraryTogether = (a: LibraryPanelEntry, b: LibraryPanelEntry) => together({ file: rootRelative(a.absPath) }, { file: rootRelative(b.absPath) });
  for (const { panel, key, diagnostic } of findLibraryPanelConflicts(libraryPanels, libraryTogether)) {
    diagnostics.push({ ...diagnostic, ...(await locateLibraryPanelKey(panel.absPath, key)) });
  }

  const tree: Tree = { root, folders, idleFolders, dashboards, libraryPanels, ...(outside ? { outsideSelection: outside.outside } : {}) };
  const expressionInputFiles = expressionInputs.files();
  if (expressionInputFiles) tree.expressionInputs = expressionInputFiles;
  if (yaml.dashboardUids.size > 0) tree.yamlDashboardUids = yaml.dashboardUids;
  if (linked.dashboardUids.size > 0) tree.linkedDashboardUids = linked.dashboardUids;
  if (linked.libraryPanelUids.size > 0) tree.linkedLibraryPanelUids = linked.libraryPanelUids;
  if (linked.folderUids.size > 0) tree.linkedFolderUids = linked.folderUids;
  if (yaml.folderUids.size > 0) tree.yamlFolderUids = yaml.folderUids;
  if (planFiles.length > 0) tree.planFiles = planFiles;
  // A directory that holds only files the tree does not read is still there: prune must not say it left the tree.
  const folderDirs = new Set([...folders, ...idleFolders].map((folder) => folder.dir));
  const unreadFiles = [...discovered.lookAlikes, ...discovered.skippedLinks.map((link) => link.absPath), ...discovered.linkedDirs.map((link) => link.absPath), ...yaml.files];
  const unreadDirs = [...new Set(unreadFiles.map((absPath) => rootRelative(dirname(absPath)).replace(/^\.$/, '')))].filter((dir) => dir !== '' && !folderDirs.has(dir));
  if (unreadDirs.length > 0) tree.dirsWithoutDashboards = unreadDirs.sort();
  if (outsideLibrary.size > 0 && selection !== null) tree.libraryPanelsOutsideSelection = { files: outsideLibrary, selection };
  return { tree, diagnostics: diagnostics.sort(compareDiagnostics) };
}

/**
 * A file's paths as readTree shows and indexes them: `file` as `display` writes it (relative to `cwd`) and `dir`, its
 * directory relative to `root` ('' = the root). Files share few directories, and path.relative resolves both of its
 * paths each time: each directory's two relative paths are worked out once, and a file's name is added to them.
 */
function placeInDirectory(root: string, cwd: string): (absPath: string) => { file: string; dir: string } {
  const directories = new Map<string, { shown: string; dir: string }>();
  return (absPath) => {
    const parent = dirname(absPath);
    let paths = directories.get(parent);
    if (paths === undefined) {
      paths = { shown: toSlashes(relative(cwd, parent)), dir: toSlashes(relative(root, parent)).replace(/^\.$/, '') };
      directories.set(parent, paths);
    }
    return { file: joinTreePath(paths.shown, basename(absPath)), dir: paths.dir };
  };
}

/**
 * Duplicate dashboard uids (reported on every file of the group, each naming the others, as
 * `check` does), and dashboard uids that equal a folder uid (one namespace in Grafana): on the
 * dashboard and on the folder's `_folder.json`, so plan names the file to edit as check does; each line names the
 * other file with the line:col of its uid (a folder without `_folder.json`: its directory, whose path gives the uid).
 */
async function findUidConflicts(
  dashboards: DashboardEntry[],
  folders: FolderEntry[],
  judged: { sharers: ReadonlyMap<string, UidSharer[]>; together: DeployedTogether; rootRelative: (absPath: string) => string },
  display: (absPath: string) => string,
  root: string,
): Promise<Diagnostic[]> {
  const { sharers, together, rootRelative } = judged;
  const diagnostics: Diagnostic[] = [];
  const dashboardsByUid = groupBy(dashboards, (dashboard) => dashboard.uid);
  const foldersByUid = groupBy(folders, (folder) => folder.uid);
  const withFolder = (dashboard: DashboardEntry, dir: string) => together({ file: rootRelative(dashboard.absPath) }, { dir });
  // Where each clashing dashboard file writes the uid, so the folder's line names its place: `file:line:col`.
  const uidPlaces = new Map<string, string>();
  const placeOf = (file: string, at: { line: number; col: number } | undefined) => (at === undefined ? file : `${file}:${at.line}:${at.col}`);
  const folderPlace = async (folder: FolderEntry) => {
    if (folder.source !== 'folder-file') return display(resolve(root, folder.dir));
    const absPath = resolve(root, folder.dir, FOLDER_FILE);
    return placeOf(display(absPath), await locateFolderUid(absPath));
  };
  for (const dashboard of dashboards) {
    const others = sharers.get(dashboard.file);
    const folder = (foldersByUid.get(dashboard.uid) ?? []).map((entry) => ({ entry, environments: withFolder(dashboard, entry.dir) })).find((f) => f.environments !== undefined);
    if (others === undefined && folder === undefined) continue;
    const at = await locateUid(dashboard.absPath);
    uidPlaces.set(dashboard.file, placeOf(dashboard.file, at));
    if (others !== undefined) {
      diagnostics.push({ file: dashboard.file, ...at, severity: 'error', rule: 'uid-duplicate', message: describeUidSharers(dashboard.uid, others), uid: dashboard.uid, ...clashEnvironments(others) });
    }
    if (folder !== undefined) {
      // A folder of no `_folder.json` takes its uid from the directory's path: the directory is named.
      diagnostics.push({ file: dashboard.file, ...at, severity: 'error', rule: 'uid-collides-with-folder', uid: dashboard.uid, ...clashEnvironments([folder]),
        message: `uid "${dashboard.uid}" is also the uid of folder ${describeDeployedWith(await folderPlace(folder.entry), folder.environments!)}: ${ONE_UID_SPACE}` });
    }
  }
  for (const folder of folders) {
    if (folder.source !== 'folder-file') continue;
    const clashing = (dashboardsByUid.get(folder.uid) ?? [])
      .map((dashboard) => ({ file: dashboard.file, environments: withFolder(dashboard, folder.dir) }))
      .filter((clash): clash is { file: string; environments: string[] } => clash.environments !== undefined)
      .sort(compareCodeUnitsBy(({ file }) => file));
    if (clashing.length === 0) continue;
    const absPath = resolve(root, folder.dir, FOLDER_FILE);
    diagnostics.push({ file: display(absPath), ...(await locateFolderUid(absPath)), severity: 'error', rule: 'uid-collides-with-folder', uid: folder.uid, ...clashEnvironments(clashing),
      message: `folder uid "${folder.uid}" is also the uid of dashboard ${clashing.map((clash) => describeDeployedWith(uidPlaces.get(clash.file) ?? clash.file, clash.environments)).join(', ')}: ${ONE_UID_SPACE}` });
  }
  return diagnostics;
}

const ONE_UID_SPACE = 'the tree needs each uid once (Grafana 11 and older keep folders and dashboards in one uid space and refuse the second save); give the folder or the dashboard another uid';

/** Position of a `_folder.json`'s uid value (the file was read and found valid moments ago). */
async function locateFolderUid(absPath: string): Promise<{ line: number; col: number } | undefined> {
  const { text } = await readUtf8File(absPath, absPath);
  return text === undefined ? undefined : locateJsonPath(text, ['uid']);
}

/** Position of the uid value; the file is read again because the index keeps no text (only on conflicts). */
async function locateUid(absPath: string): Promise<{ line: number; col: number } | undefined> {
  const { text } = await readUtf8File(absPath, absPath);
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (!isPlainObject(parsed)) return undefined;
    return locateJsonPath(text, splitDashboardDocument(parsed).uidPath);
  } catch {
    return undefined;
  }
}

/** Position of a library panel file's `uid` or `name` value (inside a `{ "result": … }` wrapper too); read again only on conflicts. */
async function locateLibraryPanelKey(absPath: string, key: 'uid' | 'name'): Promise<{ line: number; col: number } | undefined> {
  const { text } = await readUtf8File(absPath, absPath);
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (!isPlainObject(parsed)) return undefined;
    return locateJsonPath(text, [...libraryPanelElement(parsed).path, key]);
  } catch {
    return undefined;
  }
}
