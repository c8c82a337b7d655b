import { relative, resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import { discoverTree } from '../files/discover-tree.js';
import { dashboardUid, libraryPanelUid, readUid } from '../files/read-unselected-uids.js';
import { treePathSelector } from '../files/select-tree-paths.js';
import { toSlashes } from '../files/tree-paths.js';
import type { Tree } from '../files/types.js';
import type { PlanWarning } from './types.js';

/** A dashboard or library panel file of the tree and the uid it holds. */
interface HeldUid {
  kind: 'dashboard' | 'library panel';
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
 * Pure: each dashboard or library panel uid this plan saves from one file and an environment of the same Grafana org from
 * another. The two applies take turns overwriting it (and moving it between their folders), so neither plan is ever
 * settled: a warning each, naming the environment and its file.
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
          `${kind === 'dashboard' ? '' : 'library panel '}uid "${uid}" is saved from ${myFile} here and from ${file} by environment ${environment}, which deploys to the same Grafana org: ` +
          'each apply undoes the other\'s; give one of the files another uid, or leave it out of one environment\'s include/exclude',
      });
    }
  }
  return warnings;
}

/**
 * The same, read: when the config gives this run's environment a neighbour in its org (Settings.environmentsSharingOrg),
 * the uid of each dashboard and library panel file the neighbour's include/exclude select. Nothing is read otherwise.
 */
export async function readSharedOrgFights(settings: Settings, tree: Pick<Tree, 'dashboards' | 'libraryPanels'>): Promise<PlanWarning[]> {
  const { environment } = settings;
  const group = environment === undefined ? undefined : settings.environmentsSharingOrg.find((names) => names.includes(environment));
  if (group === undefined) return [];
  const everyFile = await discoverTree({ root: settings.root, include: [], exclude: [], emptySelectionIsError: false });
  const rootPath = (absPath: string) => toSlashes(relative(settings.root, absPath));
  const libraryFiles = new Set(everyFile.libraryFiles.map(rootPath));
  const select = treePathSelector([...everyFile.dashboardFiles.map(rootPath), ...libraryFiles]);
  const neighbours = group
    .filter((name) => name !== environment)
    .map((name): OrgNeighbour => {
      const { include, exclude } = settings.environmentSelections[name]!;
      const held: HeldUid[] = [];
      for (const path of select(include, exclude)) {
        const absPath = resolve(settings.root, path);
        const file = toSlashes(relative(settings.cwd, absPath));
        const kind = libraryFiles.has(path) ? 'library panel' : 'dashboard';
        const uid = readUid(absPath, file, kind === 'dashboard' ? dashboardUid : libraryPanelUid);
        // A file that names no uid is said by check and by that environment's own plan.
        if (typeof uid === 'string') held.push({ kind, uid, file });
      }
      return { environment: name, held };
    });
  const mine = [
    ...tree.dashboards.map(({ uid, file }): HeldUid => ({ kind: 'dashboard', uid, file })),
    ...tree.libraryPanels.map(({ uid, file }): HeldUid => ({ kind: 'library panel', uid, file })),
  ];
  return findSharedOrgFights(mine, neighbours);
}
