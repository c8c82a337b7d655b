import { relative, resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import type { DiscoveredTree } from '../files/discover-tree.js';
import { treePathSelector } from '../files/select-tree-paths.js';
import { toSlashes } from '../files/tree-paths.js';

/**
 * Pure: the tree `check` judges and `check --fix` rewrites: with environments and none chosen, widened to every environment's
 * own selection (widenToEnvironmentSelections); else the run's selection as discovered.
 */
export function treeCheckJudges(discovered: DiscoveredTree, settings: Pick<Settings, 'root' | 'environment' | 'environments' | 'environmentSelections'>): DiscoveredTree {
  return settings.environment === undefined && settings.environments.length > 0 ? widenToEnvironmentSelections(discovered, settings) : discovered;
}

/**
 * Pure: the tree bare `check` reads with environments and none chosen: the top level's selection and every file some
 * environment's own include/exclude selects (`plan --env NAME` reads it, so `check --env NAME` judges it whole). A file only
 * an environment selects was left out of the top level's walk (`unselected`); it moves into the lists read. What no one
 * selects stays out, as before.
 */
function widenToEnvironmentSelections(discovered: DiscoveredTree, settings: Pick<Settings, 'root' | 'environmentSelections'>): DiscoveredTree {
  const leftOut = discovered.unselected;
  if (leftOut === undefined || leftOut.dashboardFiles.length + leftOut.libraryFiles.length === 0) return discovered;
  const root = resolve(settings.root);
  const rootPath = (absPath: string) => toSlashes(relative(root, absPath));
  const select = treePathSelector([...leftOut.dashboardFiles, ...leftOut.libraryFiles].map(rootPath));
  const selected = new Set<string>();
  for (const { include, exclude } of Object.values(settings.environmentSelections)) for (const path of select(include, exclude)) selected.add(path);
  if (selected.size === 0) return discovered;
  const split = (files: readonly string[]) => [files.filter((absPath) => selected.has(rootPath(absPath))), files.filter((absPath) => !selected.has(rootPath(absPath)))] as const;
  const [dashboards, stillOutDashboards] = split(leftOut.dashboardFiles);
  const [libraries, stillOutLibraries] = split(leftOut.libraryFiles);
  return {
    ...discovered,
    dashboardFiles: [...discovered.dashboardFiles, ...dashboards].sort(),
    libraryFiles: [...discovered.libraryFiles, ...libraries].sort(),
    unselected: { dashboardFiles: stillOutDashboards, libraryFiles: stillOutLibraries },
  };
}
