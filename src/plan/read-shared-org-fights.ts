import { join, relative, resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import type { DiscoveredTree } from '../files/discover-tree.js';
import { describeCaseTwin, describeUidCaseClash } from '../check/find-uids-differing-in-case.js';
import { FOLDER_FILE } from '../files/discover-tree.js';
import { describeDeployedWith } from '../files/deployed-together.js';
import { dashboardUid, libraryPanelUid, readUidOnce, type UidReads } from '../files/read-unselected-uids.js';
import { treePathSelector } from '../files/select-tree-paths.js';
import { parentOf, toSlashes } from '../files/tree-paths.js';
import type { Tree } from '../files/types.js';
import { readInputFlips, type SharedFile } from './read-input-flips.js';
import type { PlanWarning } from './types.js';
import { groupBy } from '../group-by.js';

/** A dashboard, library panel or `_folder.json` file of the tree and the uid it holds. */
interface HeldUid {
  kind: 'dashboard' | 'library panel' | 'folder';
  uid: string;
  /** As shown to the user. */
  file: string;
}

/** What another environment of this run's Grafana org deploys. */
interface OrgNeighbour {
  environment: string;
  held: HeldUid[];
}

/**
 * Pure: each dashboard, library panel or `_folder.json` folder uid this plan saves from one file and an environment of the
 * same Grafana org from another. The two applies take turns overwriting it (moving a dashboard between their folders,
 * retitling a folder), so neither plan is ever settled: a warning each, naming the environment and its file.
 */
function findSharedOrgFights(mine: readonly HeldUid[], neighbours: readonly OrgNeighbour[]): PlanWarning[] {
  const myFileOf = new Map(mine.map((held) => [`${held.kind}\u0000${held.uid}`, held.file]));
  const warnings: PlanWarning[] = [];
  for (const { environment, held } of neighbours) {
    for (const { kind, uid, file } of held) {
      const myFile = myFileOf.get(`${kind}\u0000${uid}`);
      if (myFile === undefined || myFile === file) continue;
      warnings.push({
        kind: 'other',
        uid,
        message:
          `${kind === 'dashboard' ? '' : `${kind} `}uid "${uid}" is saved from ${myFile} here and from ${file} by environment ${environment}, which deploys to the same Grafana org: ` +
          `each apply undoes the other's; give one of the files another uid, or leave ${kind === 'folder' ? 'its directory' : 'it'} out of one environment's include/exclude`,
      });
    }
  }
  return warnings;
}

/**
 * Pure: each dashboard, library panel or `_folder.json` folder this plan saves whose uid differs only in case from one an
 * environment of the same Grafana org saves from another file (`Ops` here, `ops` there), which this plan does not deploy
 * (its own pairs are uid-differs-in-case of its tree). Grafana on MySQL holds both as one (CaseFoldedMap), so the two
 * applies overwrite each other there. Dashboards and folders meet as check's do (on 11.2, one uid space). One warning a
 * pair, on the file whose path sorts first, worded from what every environment of the org deploys: each plan of an
 * --all-envs run holds it alike, so the run says it once (a tree warning, treeWarningsOfRun).
 */
function findSharedOrgCaseTwins(environment: string, mine: readonly HeldUid[], neighbours: readonly OrgNeighbour[], order: readonly string[]): PlanWarning[] {
  const deployedBy = new Map<string, { held: HeldUid; environments: string[] }>();
  const add = (name: string, held: HeldUid) => {
    const key = `${held.kind}\u0000${held.uid}\u0000${held.file}`;
    const entry = deployedBy.get(key) ?? { held, environments: [] };
    if (!entry.environments.includes(name)) entry.environments.push(name);
    deployedBy.set(key, entry);
  };
  for (const held of mine) add(environment, held);
  for (const { environment: name, held } of neighbours) for (const each of held) add(name, each);
  const byFoldedUid = groupBy(deployedBy.values(), ({ held }) => `${held.kind === 'library panel' ? 'library panel' : 'dashboard or folder'}\u0000${held.uid.toLowerCase()}`);
  const warnings: PlanWarning[] = [];
  for (const group of byFoldedUid.values()) {
    for (const here of group) {
      for (const there of group) {
        if (here.held.uid === there.held.uid || !here.environments.includes(environment) || there.environments.includes(environment)) continue;
        const [first, second] = here.held.file < there.held.file ? [here, there] : [there, here];
        const environments = [...new Set([...first.environments, ...second.environments])].sort((x, y) => order.indexOf(x) - order.indexOf(y));
        const shown = describeDeployedWith(`${second.held.kind} ${second.held.file}`, Object.assign(environments, { sharedOrg: true as const }));
        const named = describeCaseTwin(shown, second.held.uid, first.held.kind === second.held.kind);
        const { file, uid } = first.held;
        warnings.push({ kind: 'other', uid, message: `${file}: ${describeUidCaseClash(uid, [named])}`, file, rule: 'uid-differs-in-case' });
      }
    }
  }
  return warnings;
}

/** What the plan's run has read of the tree already: its walk (with this run's selection) and the uids it found. */
export interface TreeReadSoFar {
  discovered: DiscoveredTree;
  /** Shared by the environments of one run (UidReads): a file's uid is read once. */
  uidReads: UidReads;
}

/** The other environments of this run's Grafana org (Settings.environmentsSharingOrg), each with its include/exclude, in config order. */
export function otherEnvironmentsOfOrg(settings: Pick<Settings, 'environment' | 'environmentsSharingOrg' | 'environmentSelections'>): [string, Settings['environmentSelections'][string]][] {
  const { environment } = settings;
  const group = environment === undefined ? undefined : settings.environmentsSharingOrg.find((names) => names.includes(environment));
  return (group ?? []).filter((name) => name !== environment).map((name) => [name, settings.environmentSelections[name]!]);
}

/** How many of otherEnvironmentsOfOrg come before this run's environment in config order. */
export function placeInOrg(settings: Pick<Settings, 'environment' | 'environmentsSharingOrg'>): number {
  const { environment } = settings;
  const group = environment === undefined ? undefined : settings.environmentsSharingOrg.find((names) => names.includes(environment));
  return Math.max(0, group?.indexOf(environment!) ?? 0);
}

/**
 * The same, read: when the config gives this run's environment a neighbour in its org (Settings.environmentsSharingOrg),
 * the uid of each dashboard and library panel file the neighbour's include/exclude select (from the run's walk; each file's
 * uid read once per run, the files this plan read taken from the tree) and of the `_folder.json` above them (the tree
 * read them all), and the files both save rendered with different inputs (readInputFlips). Nothing is read otherwise. Blind spot (rare, as in the full walk before): a file this run
 * selects through a symlink while the neighbour's include names its target is neither in this run's selection nor among
 * the unselected files (discoverTree lists the link only), so neither warning covers that pair.
 */
export async function readSharedOrgFights(settings: Settings, tree: Pick<Tree, 'root' | 'dashboards' | 'libraryPanels' | 'folders' | 'idleFolders'>, soFar: TreeReadSoFar): Promise<PlanWarning[]> {
  const { environment } = settings;
  const neighbourSelections = otherEnvironmentsOfOrg(settings);
  if (neighbourSelections.length === 0) return [];
  const { discovered, uidReads } = soFar;
  const rootPath = (absPath: string) => toSlashes(relative(settings.root, absPath));
  const libraryFiles = new Set([...discovered.libraryFiles, ...(discovered.unselected?.libraryFiles ?? [])].map(rootPath));
  const dashboardFiles = [...discovered.dashboardFiles, ...(discovered.unselected?.dashboardFiles ?? [])].map(rootPath);
  const select = treePathSelector([...dashboardFiles, ...libraryFiles]);
  const mine: SharedFile[] = [
    ...tree.dashboards.map(({ uid, file, absPath }): SharedFile => ({ kind: 'dashboard', uid, file, absPath })),
    ...tree.libraryPanels.map(({ uid, file, absPath }): SharedFile => ({ kind: 'library panel', uid, file, absPath })),
  ];
  for (const { absPath, uid } of mine) if (!uidReads.has(absPath)) uidReads.set(absPath, uid);
  const minePaths = new Map(mine.map((entry) => [rootPath(entry.absPath), entry]));
  const folderFiles = folderFilesByDir(tree, settings.cwd);
  const myFolders = tree.folders.flatMap((folder) => folderFiles.get(folder.dir) ?? []);
  const warnings: PlanWarning[] = [];
  const neighbours: OrgNeighbour[] = [];
  for (const [name, { include, exclude }] of neighbourSelections) {
    const held: HeldUid[] = [];
    const shared: SharedFile[] = [];
    const selected = select(include, exclude);
    for (const path of selected) {
      const absPath = resolve(settings.root, path);
      const file = toSlashes(relative(settings.cwd, absPath));
      const kind = libraryFiles.has(path) ? 'library panel' : 'dashboard';
      const uid = readUidOnce(uidReads, absPath, file, kind === 'dashboard' ? dashboardUid : libraryPanelUid);
      // A file that names no uid is said by check and by that environment's own plan.
      if (typeof uid === 'string') held.push({ kind, uid, file });
      const both = minePaths.get(path);
      if (both !== undefined) shared.push(both);
    }
    neighbours.push({ environment: name, held: [...held, ...foldersDeployed(selected, folderFiles)] });
    warnings.push(...readInputFlips([environment!, settings.inputs], [name, settings.environmentInputs[name] ?? {}], shared));
  }
  const held = [...mine, ...myFolders];
  return [...findSharedOrgFights(held, neighbours), ...findSharedOrgCaseTwins(environment!, held, neighbours, settings.environments), ...warnings];
}

/** The folder each `_folder.json` of the tree gives its directory (root-relative), deployed or not, as check names it. */
function folderFilesByDir(tree: Pick<Tree, 'root' | 'folders' | 'idleFolders'>, cwd: string): Map<string, HeldUid> {
  const held = new Map<string, HeldUid>();
  for (const folder of [...tree.folders, ...tree.idleFolders]) {
    if (folder.source !== 'folder-file') continue;
    held.set(folder.dir, { kind: 'folder', uid: folder.uid, file: toSlashes(relative(cwd, join(tree.root, folder.dir, FOLDER_FILE))) });
  }
  return held;
}

/** The `_folder.json` folders a selection deploys: those of the directories above each file it selects (as check judges them). */
function foldersDeployed(selected: Iterable<string>, folderFiles: ReadonlyMap<string, HeldUid>): HeldUid[] {
  const dirs = new Set<string>();
  for (const path of selected) {
    for (let dir = parentOf(path); dir !== '' && !dirs.has(dir); dir = parentOf(dir)) dirs.add(dir);
  }
  return [...dirs].flatMap((dir) => folderFiles.get(dir) ?? []);
}
