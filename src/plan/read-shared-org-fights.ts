import { relative, resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import { discoverTree } from '../files/discover-tree.js';
import { dashboardUid, readUid } from '../files/read-unselected-uids.js';
import { treePathSelector } from '../files/select-tree-paths.js';
import { toSlashes } from '../files/tree-paths.js';
import type { PlanWarning } from './types.js';

/** A dashboard file of the tree and the uid it holds. */
interface HeldUid {
  uid: string;
  /** As shown to the user. */
  file: string;
}

/** What another environment of this run's Grafana org deploys. */
interface OrgNeighbour {
  environment: string;
  dashboards: HeldUid[];
}

/**
 * Pure: each uid this plan saves from one file and an environment of the same Grafana org from another. The two applies
 * take turns overwriting that dashboard (and moving it between their folders), so neither plan is ever settled: a warning
 * each, naming the environment and its file.
 */
export function findSharedOrgFights(mine: readonly HeldUid[], neighbours: readonly OrgNeighbour[]): PlanWarning[] {
  const myFileOf = new Map(mine.map((held) => [held.uid, held.file]));
  const warnings: PlanWarning[] = [];
  for (const { environment, dashboards } of neighbours) {
    for (const { uid, file } of dashboards) {
      const myFile = myFileOf.get(uid);
      if (myFile === undefined || myFile === file) continue;
      warnings.push({
        kind: 'other',
        uid,
        message:
          `uid "${uid}" is saved from ${myFile} here and from ${file} by environment ${environment}, which deploys to the same Grafana org: ` +
          'each apply undoes the other\'s; give one of the files another uid, or leave it out of one environment\'s include/exclude',
      });
    }
  }
  return warnings;
}

/**
 * The same, read: when the config gives this run's environment a neighbour in its org (Settings.environmentsSharingOrg),
 * the uid of each dashboard file the neighbour's include/exclude select. Nothing is read otherwise.
 */
export async function readSharedOrgFights(settings: Settings, mine: readonly HeldUid[]): Promise<PlanWarning[]> {
  const { environment } = settings;
  const group = environment === undefined ? undefined : settings.environmentsSharingOrg.find((names) => names.includes(environment));
  if (group === undefined) return [];
  const everyFile = await discoverTree({ root: settings.root, include: [], exclude: [], emptySelectionIsError: false });
  const rootPaths = everyFile.dashboardFiles.map((absPath) => toSlashes(relative(settings.root, absPath)));
  const select = treePathSelector(rootPaths);
  const neighbours = group
    .filter((name) => name !== environment)
    .map((name): OrgNeighbour => {
      const { include, exclude } = settings.environmentSelections[name]!;
      const dashboards: HeldUid[] = [];
      for (const rootPath of select(include, exclude)) {
        const absPath = resolve(settings.root, rootPath);
        const file = toSlashes(relative(settings.cwd, absPath));
        const uid = readUid(absPath, file, dashboardUid);
        // A file that names no uid is said by check and by that environment's own plan.
        if (typeof uid === 'string') dashboards.push({ uid, file });
      }
      return { environment: name, dashboards };
    });
  return findSharedOrgFights(mine, neighbours);
}
