import { environmentsDeploying, type DeployedSelections } from '../files/deployed-together.js';
import { selectTreePaths } from '../files/select-tree-paths.js';
import type { Selection } from './find-unselected-files.js';
import { groupBy } from '../group-by.js';

/** Whether a run that deploys a `_library/` file (root-relative) deploys a dashboard (its uid) too. */
export type DeployedWithPanel = (panelFile: string, dashboardUid: string) => boolean;

/**
 * Pure: which dashboards' pushes can tell whether a `_library/` file's commit was applied — those deployed by a run that
 * deploys the file: with environments (`selections`: the config's), by an environment whose selection picks both files; without
 * them, by this run's `selection`. A dashboard is judged by the tree's files holding its uid (`dashboards`, root-relative); one
 * no file holds is deployed by no such run. undefined where nothing tells runs apart (no environment, no include or exclude):
 * every dashboard is.
 */
export function judgeDeployedWithPanel(
  dashboards: readonly { uid: string; file: string }[],
  libraryFiles: readonly string[],
  selections: DeployedSelections,
  selection: Selection | undefined,
): DeployedWithPanel | undefined {
  const filesOf = groupBy(dashboards, ({ uid }) => uid, ({ file }) => file);
  if (Object.keys(selections).length > 0) {
    const deploying = environmentsDeploying([...dashboards.map(({ file }) => file), ...libraryFiles], selections);
    return (panelFile, uid) => {
      const panelEnvironments = deploying({ file: panelFile });
      return (filesOf.get(uid) ?? []).some((file) => deploying({ file }).some((name) => panelEnvironments.includes(name)));
    };
  }
  if (selection === undefined || selection.include.length + selection.exclude.length === 0) return undefined;
  const selected = selectTreePaths(dashboards.map(({ file }) => file), selection.include, selection.exclude);
  return (_panelFile, uid) => (filesOf.get(uid) ?? []).some((file) => selected.has(file));
}
