import { posix } from 'node:path';
import type { DashboardEntry, LibraryPanelEntry, Tree } from '../files/types.js';
import type { DashboardSummary as SearchHit, LiveFolder as Folder } from '../grafana/port.js';
import type { Selection } from './find-unselected-files.js';
import { holdOutUnselectedFolders } from './hold-out-unselected-folders.js';
import { holdOutUnselectedTargets } from './hold-out-unselected-targets.js';
import { mapFolderDirs, type DirectoryListing } from './map-folder-dirs.js';
import { placeFreshFiles } from './place-fresh-files.js';
import type { RemovedDashboardFile } from '../git/find-removed-dashboard-files.js';
import { findLibraryOnlyInGit, placeLibraryPanels, selectLibraryPanels } from './plan-library-pull.js';
import { selectPullScope, type PullSelection } from './select-pull-scope.js';
import { countLeftToOtherRuns, countNewLibraryPanels } from './count-left-to-other-runs.js';
import { findHeldDirs } from './find-held-folder-dirs.js';
import type { DashboardTarget, FolderFiles, LiveLibraryUse, OnlyInGit, PullPlan, PullScope, SkippedTarget } from './types.js';
import { unpulledFolderNote } from './unpulled-folder-note.js';
import { describeForeignLibraryPanels, holdOutForeignLibraryPanels } from './hold-out-foreign-library-panels.js';
import { holdOutHandoverPanels } from './hold-out-handover-panels.js';
import type { RunSelection } from '../report/next-command.js';
import { describeManagedFoldersLeftOut, findManagedFolderDashboards } from './leave-out-managed-folders.js';
import { findTooDeepFolder, type TooDeepFolder } from './find-too-deep-folder.js';
import type { UidClash } from './describe-uid-clash.js';
import { quoteText } from '../report/escape-untrusted.js';
import { compareCodeUnits } from '../compare-code-units.js';

export interface PlanPullInput {
  scope: PullScope;
  /** The run's flags, which a command the plan's notes name repeats (runSelectionOf). */
  runSelection?: RunSelection;
  liveFolders: Folder[];
  /** Every live dashboard of the org (search hits: uid, title, folder; no models). */
  liveDashboards: SearchHit[];
  /** The valid part of the tree (readTree). */
  tree: Tree;
  /** `_folder.json` files by root-relative directory; null = present but invalid. */
  folderFiles: FolderFiles;
  listing: DirectoryListing;
  /** Files with errors that name a uid (paths as shown to the user): those uids are not pulled. */
  brokenFileByUid?: Map<string, string>;
  /** Files outside the config's include/exclude (absolute path → why): never written, listed as only in git or pruned. */
  unselected?: ReadonlyMap<string, string>;
  /** The config's include/exclude: a new file (or a move) they leave out is not written either (holdOutUnselectedTargets). */
  selection?: Selection;
  /** Root-relative path of a tree entry. */
  rootRelative: (entry: DashboardEntry | LibraryPanelEntry) => string;
  /** Live library elements (panels with the dashboards Grafana connects to each; variables without); none = no library panels pulled. */
  libraryUses?: LiveLibraryUse[];
  /** A root-relative path as shown to the user (for notes); default: as it is. */
  display?: (rel: string) => string;
  /** Live uids a file holds in another case (MySQL; planConfirmedPull): pull refuses them, so it places none, and no hint counts them or the panels only they use. */
  caseTwinUids?: ReadonlySet<string>;
  /** The config's `externalLibraryPanels`: a panel held out of the tree (holdOutForeignLibraryPanels) that it lists needs no note. */
  externalLibraryPanels?: ReadonlySet<string>;
  /** The config file as the user names it (for the note's config line); default dashsync.config.json. */
  configFile?: string;
  /** By uid: the file a live dashboard no file holds was in before it was removed (findRemovedTreeFiles): its path again where it fits. */
  removedFiles?: ReadonlyMap<string, RemovedDashboardFile>;
  /** The same for live library panels no `_library/` file holds (findRemovedTreeFiles). */
  removedLibraryPanelFiles?: ReadonlyMap<string, RemovedDashboardFile>;
}

/**
 * Pure: where every pulled dashboard and folder goes, decided from search hits and the
 * tree before any dashboard is fetched. A uid the tree already has keeps its file (even
 * when its title changed) unless its folder changed; new ones get the path of their removed
 * file where it is free in their folder's directory (placeFreshFiles), else sanitised, unique names.
 */
export function planPull(given: PlanPullInput): PullPlan {
  const livePanelUids = new Set((given.libraryUses ?? []).filter(({ panel }) => panel.kind === 1).map(({ panel }) => panel.uid));
  const asked = selectPullScope(given.scope, given.liveFolders, given.liveDashboards, given.tree, livePanelUids);
  // A dashboard in a folder another tool manages gets no file (plan refuses that folder's directory): left out of every count too.
  const liveFolderByUid = new Map(given.liveFolders.map((folder) => [folder.uid, folder]));
  const treeUids = new Set([...given.tree.dashboards.map((entry) => entry.uid), ...(given.brokenFileByUid?.keys() ?? [])]);
  const managedElsewhere = findManagedFolderDashboards(given.liveDashboards, liveFolderByUid, (uid) => treeUids.has(uid));
  const input = managedElsewhere.size === 0 ? given : { ...given, liveDashboards: given.liveDashboards.filter((hit) => !managedElsewhere.has(hit.uid)) };
  const scoped = managedElsewhere.size === 0 ? asked : { ...asked, selected: asked.selected.filter((hit) => !managedElsewhere.has(hit.uid)) };
  const leftOutNote = describeManagedFoldersLeftOut(asked.selected, managedElsewhere, liveFolderByUid);
  const plan = planScoped(input, scoped);
  return leftOutNote === null ? plan : { ...plan, notes: [...plan.notes, leftOutNote] };
}

function planScoped(input: PlanPullInput, scoped: PullSelection): PullPlan {
  const plan = placePull(input, scoped, new Set());
  if (input.scope.kind !== 'managed') return plan;
  // Without flags a pull considers only what this run owns: the dashboards whose file (held, or the
  // new one it would write) its include/exclude select. The others are another run's, only counted.
  // The plan is made again without them, so that their folders, library panels and notes drop out too.
  const others = new Set(plan.skipped.filter(isOtherRuns).map((target) => target.uid));
  const owned = others.size === 0 ? plan : placePull(input, scoped, others);
  // A panel no dashboard uses, new to the tree, whose file would be outside the selection is another run's too (counted below).
  const unused = new Set((input.libraryUses ?? []).filter(({ users }) => users.length === 0).map(({ panel }) => panel.uid));
  const othersPanel = (target: SkippedTarget) => target.resource === 'library-panel' && target.unwritten?.kind === 'new' && unused.has(target.uid);
  const stillOthers = owned.skipped.filter(isOtherRuns);
  const refresh = { ...owned, skipped: owned.skipped.filter((target) => !isOtherRuns(target) && !othersPanel(target)) };
  const liveFolderByUid = new Map(input.liveFolders.map((folder) => [folder.uid, folder]));
  // A dashboard in a folder these credentials cannot read is written by no pull (--all leaves it out with a note): counted apart.
  const [unfiled, unfiledHidden] = partition(findUnfiled(input, scoped.selected), (hit) => unpulledFolderNote(hit.uid, hit.folderUid, liveFolderByUid) === null);
  // What --all would write or skip outside the refresh's scope: placed as --all places it, from the listing already read.
  const all: PullScope = { kind: 'all' };
  let everything: PullPlan | undefined;
  const placeAll = () => (everything ??= placePull({ ...input, scope: all }, selectPullScope(all, input.liveFolders, input.liveDashboards, input.tree), new Set()));
  const hasLibraryPanels = (input.libraryUses ?? []).length > 0;
  const beyond = countLeftToOtherRuns({ refresh, unfiled, selection: input.selection, hasLibraryPanels, placeAll });
  return {
    ...refresh,
    unfiled: unfiled.filter((hit) => !beyond.dashboards.has(hit.uid)).map(({ uid, title }) => ({ uid, title })),
    // Also without such dashboards: --all writes every library panel, used or not.
    unfiledLibraryPanels: hasLibraryPanels ? countNewLibraryPanels(refresh, placeAll()) : 0,
    unfiledHidden: unfiledHidden.length,
    notConsidered: others.size + stillOthers.length + beyond.dashboards.size,
    notConsideredLibraryPanels: beyond.libraryPanels,
  };
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

/** A dashboard another run's file holds, or a new one whose file would be outside this run's selection (a move of this run's file is its own business). */
function isOtherRuns(target: SkippedTarget): boolean {
  return target.resource === undefined && target.unwritten?.kind !== 'move';
}

/** The live dashboards a managed pull leaves out that no file of the tree holds (in or outside the selection, valid or not). */
function findUnfiled(input: PlanPullInput, selected: readonly SearchHit[]): SearchHit[] {
  const known = new Set([...selected.map((hit) => hit.uid), ...input.tree.dashboards.map((entry) => entry.uid), ...(input.brokenFileByUid?.keys() ?? []), ...(input.caseTwinUids ?? [])]);
  return input.liveDashboards.filter((hit) => !known.has(hit.uid));
}

/** The plan for the live dashboards the scope selected, less `leftOut` (uids another run owns). */
function placePull(input: PlanPullInput, { selected, coversTreeEntry, folderUids, libraryUids, takesEveryPanelIn }: PullSelection, leftOut: ReadonlySet<string>): PullPlan {
  const { tree } = input;
  const notes: string[] = [];

  const unselected = input.unselected ?? new Map<string, string>();
  // A uid in a selected file and in one outside the selection (each environment its own copy) is the selected file's.
  const entryByUid = new Map<string, DashboardEntry>();
  for (const entry of [...tree.dashboards].sort((a, b) => Number(unselected.has(a.absPath)) - Number(unselected.has(b.absPath)) || compareCodeUnits(a.file, b.file))) {
    const first = entryByUid.get(entry.uid);
    if (!first) entryByUid.set(entry.uid, entry);
    else if (!unselected.has(entry.absPath)) notes.push(`uid ${entry.uid} is in ${first.file} and ${entry.file}: pull updates ${first.file} and leaves the other as it is`);
  }

  const liveFolderByUid = new Map(input.liveFolders.map((f) => [f.uid, f]));
  const needed = new Map<string, Folder>();
  const addFolderChain = (start: string | null) => {
    for (let uid: string | null = start; uid !== null && !needed.has(uid); ) {
      const folder: Folder | undefined = liveFolderByUid.get(uid);
      if (!folder) break;
      needed.set(uid, folder);
      uid = folder.parentUid;
    }
  };
  const skipped: SkippedTarget[] = [];
  const pulled: SearchHit[] = [];
  const holding = new Set<string>();
  const tooDeep = new Map<string, TooDeepFolder>();
  const uidClashes: UidClash[] = [];
  const treeFolderByUid = new Map(tree.folders.map((folder) => [folder.uid, folder]));
  /** Whether `folderUid` is deeper than the tree holds; if so, `uid` is listed under the first folder too deep. */
  const leftTooDeep = (kind: 'dashboards' | 'libraryPanels', uid: string, folderUid: string | null): boolean => {
    const found = findTooDeepFolder(folderUid, liveFolderByUid);
    if (!found) return false;
    const entry = tooDeep.get(found.uid) ?? { ...found, dashboards: [], libraryPanels: [] };
    entry[kind].push(uid);
    tooDeep.set(found.uid, entry);
    return true;
  };
  for (const hit of selected) {
    // A case twin is refused (planConfirmedPull): neither it nor the folders and library panels only it would bring in are placed.
    if (leftOut.has(hit.uid) || input.caseTwinUids?.has(hit.uid)) continue;
    const held = entryByUid.get(hit.uid);
    const why = held && unselected.get(held.absPath);
    if (held && why !== undefined) {
      skipped.push({ uid: hit.uid, title: hit.title, file: input.rootRelative(held), why });
      continue;
    }
    const broken = entryByUid.has(hit.uid) ? undefined : input.brokenFileByUid?.get(hit.uid);
    if (broken !== undefined) {
      notes.push(`${hit.uid} (${quoteText(hit.title)}) lives in ${broken}, which has errors (see above): not pulled; fix the file, then pull again`);
      continue;
    }
    const unpulled = unpulledFolderNote(hit.uid, hit.folderUid, liveFolderByUid);
    if (unpulled !== null) {
      notes.push(unpulled);
      continue;
    }
    if (leftTooDeep('dashboards', hit.uid, hit.folderUid)) continue;
    const folderOfUid = liveFolderByUid.get(hit.uid) ?? treeFolderByUid.get(hit.uid);
    if (folderOfUid) {
      uidClashes.push({ uid: hit.uid, dashboardTitle: hit.title, folderTitle: folderOfUid.title });
      continue;
    }
    pulled.push(hit);
    if (hit.folderUid !== null) holding.add(hit.folderUid);
    addFolderChain(hit.folderUid);
  }
  // The tree as this run sees it for library panels: a panel whose every file is outside the selection is skipped.
  const selectedTree = { ...tree, libraryPanels: tree.libraryPanels.filter((entry) => !unselected.has(entry.absPath)) };
  // A refresh keeps the library panels this run's files hold; another run's are that run's to refresh.
  const refreshed = input.scope.kind === 'managed' ? selectedTree : tree;
  const treeDirByUid = new Map<string, string>();
  for (const [dir, file] of input.folderFiles) if (file) treeDirByUid.set(file.uid, dir);
  for (const folder of tree.folders) treeDirByUid.set(folder.uid, folder.dir);
  const heldDirs = findHeldDirs({ liveDashboards: input.liveDashboards, entryByUid, libraryPanels: tree.libraryPanels, libraryUses: input.libraryUses ?? [], liveFolders: input.liveFolders, treeDirByUid });
  const pulledUids = new Set(pulled.map((hit) => hit.uid));
  const candidatePanels = selectLibraryPanels(input.libraryUses ?? [], pulledUids, input.scope, refreshed, liveFolderByUid, notes, new Set(libraryUids), takesEveryPanelIn).filter((panel) => {
    if (leftTooDeep('libraryPanels', panel.uid, panel.folderUid)) return false;
    if (selectedTree.libraryPanels.some((entry) => entry.uid === panel.uid)) return true;
    const held = tree.libraryPanels.find((entry) => entry.uid === panel.uid);
    if (held) skipped.push({ uid: panel.uid, title: panel.name, file: input.rootRelative(held), why: unselected.get(held.absPath)!, resource: 'library-panel' });
    return held === undefined;
  });
  // A panel new to the tree is written only into a folder the pull writes for its dashboards, or the tree holds already.
  const dashboardFolders = new Set(needed.keys());
  // A folder another tool manages gets no directory of its own but as a parent: its panels stay where they are, as another team's do.
  const claims = (folderUid: string) =>
    liveFolderByUid.get(folderUid)?.owner === undefined &&
    (input.scope.kind === 'all' || dashboardFolders.has(folderUid) || treeDirByUid.has(folderUid) || heldDirs.has(folderUid) || (input.scope.kind === 'folders' && coversTreeEntry({ uid: '', folderUid })));
  // A panel no dashboard uses is taken because the pull takes its folder: it is no other team's.
  const unusedTaken = (input.libraryUses ?? []).filter(({ panel, users }) => users.length === 0 && takesEveryPanelIn(panel.folderUid)).map(({ panel }) => panel.uid);
  const kept = new Set([...tree.libraryPanels.map((entry) => entry.uid), ...(libraryUids ?? []), ...unusedTaken]);
  const handover = holdOutHandoverPanels({ panels: candidatePanels, uses: input.libraryUses ?? [], pulledUids, treePanels: tree.libraryPanels, fileOf: (entry) => (input.display ?? ((rel: string) => rel))(input.rootRelative(entry)), runSelection: input.runSelection });
  notes.push(...handover.notes);
  const { written: libraryPanels, foreign } = holdOutForeignLibraryPanels({ panels: handover.written, uses: input.libraryUses ?? [], pulledUids, claims, kept });
  const foreignNote = describeForeignLibraryPanels(foreign, liveFolderByUid, input.externalLibraryPanels ?? new Set(), input.configFile ?? 'dashsync.config.json');
  if (foreignNote !== null) notes.push(foreignNote);
  for (const panel of libraryPanels) {
    if (panel.folderUid !== null) holding.add(panel.folderUid);
    addFolderChain(panel.folderUid);
  }

  // `pull <folder uid>`: that folder's _folder.json, where the tree has the folder (the tree describes only folders that hold files).
  for (const uid of folderUids ?? []) {
    if (treeDirByUid.has(uid) || heldDirs.has(uid)) addFolderChain(uid);
    else notes.push(`folder ${uid} has no directory in the tree: nothing to write for it (pull --folder ${uid} writes its dashboards)`);
  }
  const mapped = mapFolderDirs({
    needed: [...needed.values()].sort((a, b) => compareCodeUnits(a.uid, b.uid)),
    treeDirByUid,
    folderFiles: input.folderFiles,
    treeDirs: new Set(tree.folders.map((f) => f.dir)),
    listing: input.listing,
    heldDirs,
    liveFolderUids: new Set(liveFolderByUid.keys()),
    display: input.display,
    runSelection: input.runSelection,
    // `pull --folder` of a nested folder needs its parents' directories only to hold it: the dashboards directly in them are not the tree's.
    // A folder another tool manages is only ever a parent (plan accepts that of a non-Git Sync one, never retitling it).
    parents: { holding, onlyParent: (uid) => liveFolderByUid.get(uid)?.owner !== undefined || (input.scope.kind === 'folders' && !coversTreeEntry({ uid: '', folderUid: uid })) },
  });
  notes.push(...mapped.notes);
  const dirByFolderUid = new Map(mapped.folders.map((f) => [f.uid, f.dir]));

  const dashboards: DashboardTarget[] = [];
  const freshByDir = new Map<string, SearchHit[]>();
  for (const hit of pulled) {
    const dir = hit.folderUid === null ? '' : dirByFolderUid.get(hit.folderUid)!;
    const existing = entryByUid.get(hit.uid);
    if (existing && existing.dir === dir) {
      const file = input.rootRelative(existing);
      dashboards.push({ uid: hit.uid, title: hit.title, file, previousFile: null, existingFile: file });
    } else {
      freshByDir.set(dir, [...(freshByDir.get(dir) ?? []), hit]);
    }
  }
  for (const [dir, hits] of freshByDir) {
    const heldName = (uid: string) => {
      const entry = entryByUid.get(uid);
      return entry === undefined ? undefined : posix.basename(input.rootRelative(entry));
    };
    const placed = placeFreshFiles({ dir, hits, listing: input.listing, removedFiles: input.removedFiles, held: (uid) => entryByUid.has(uid), heldName });
    for (const hit of hits) {
      const existing = entryByUid.get(hit.uid);
      const previousFile = existing ? input.rootRelative(existing) : null;
      const { file, formerFile } = placed.get(hit.uid)!;
      dashboards.push({ uid: hit.uid, title: hit.title, file, previousFile, existingFile: previousFile, ...(formerFile ? { formerFile } : {}) });
    }
  }

  const liveUids = new Set(input.liveDashboards.map((hit) => hit.uid));
  const leftDeep = new Set([...[...tooDeep.values()].flatMap((folder) => folder.dashboards), ...uidClashes.map((clash) => clash.uid)]);
  const onlyInGit: OnlyInGit[] = [];
  for (const entry of entryByUid.values()) {
    if (!coversTreeEntry(entry) || pulledUids.has(entry.uid) || unselected.has(entry.absPath) || leftDeep.has(entry.uid)) continue;
    if (liveUids.has(entry.uid)) {
      notes.push(`${entry.file}: dashboard ${entry.uid} now lives outside the pulled folders in Grafana; file left as it is`);
    } else {
      onlyInGit.push({ file: input.rootRelative(entry), uid: entry.uid, title: entry.title, folderUid: entry.folderUid });
    }
  }

  dashboards.sort((a, b) => compareCodeUnits(a.file, b.file));
  onlyInGit.sort((a, b) => compareCodeUnits(a.file, b.file));
  const dirOf = (folderUid: string | null) => (folderUid === null ? '' : dirByFolderUid.get(folderUid)!);
  const libraryTargets = placeLibraryPanels(libraryPanels, dirOf, selectedTree, input.listing, input.rootRelative, input.removedLibraryPanelFiles);
  const liveLibraryUids = new Set((input.libraryUses ?? []).map((use) => use.panel.uid));
  const libraryOnlyInGit = input.libraryUses ? findLibraryOnlyInGit(selectedTree, liveLibraryUids, input.scope, coversTreeEntry, input.rootRelative) : [];
  const placed = holdOutUnselectedTargets({ folders: mapped.folders, dashboards, libraryPanels: libraryTargets }, input.selection, input.listing, { onlyUsedFolders: input.scope.kind === 'managed' });
  const selectedFiles = [...tree.dashboards, ...tree.libraryPanels].filter((entry) => !unselected.has(entry.absPath)).map(input.rootRelative);
  const runFiles = [...selectedFiles, ...placed.dashboards.map((target) => target.file), ...placed.libraryPanels.map((target) => target.file)];
  const folders = holdOutUnselectedFolders({ folders: placed.folders, runFiles, folderFiles: input.folderFiles, selection: input.selection });
  const allSkipped = [...skipped, ...placed.skipped, ...folders.skipped];
  return { folders: folders.folders, dashboards: placed.dashboards, libraryPanels: placed.libraryPanels, onlyInGit, libraryOnlyInGit, skipped: allSkipped, unfiled: [], unfiledLibraryPanels: 0, unfiledHidden: 0, notConsidered: 0, notConsideredLibraryPanels: 0, tooDeep: [...tooDeep.values()], uidClashes, notes, ...(placed.inPlace.length > 0 && { inPlace: placed.inPlace }) };
}
