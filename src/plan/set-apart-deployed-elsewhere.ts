import { relative } from 'node:path';
import type { Settings } from '../config/types.js';
import { environmentsDeploying } from '../files/deployed-together.js';
import { toSlashes } from '../files/tree-paths.js';
import type { Tree } from '../files/types.js';
import type { DeployedElsewhere, PlanAction } from './types.js';

export type ElsewhereSettings = Pick<Settings, 'cwd' | 'environment' | 'environmentSelections' | 'environmentsInOtherOrgs'>;

/**
 * Pure: for files of the tree (root-relative), whether only environments of other Grafana orgs deploy them
 * (Settings.environmentsInOtherOrgs): those environments, else null. A file this run's environment, another environment
 * of its org, or one whose org the config does not tell selects, is this org's; so is one no environment selects
 * (whose it is cannot be told: kept, as without environments).
 */
export function judgeDeployedElsewhere(settings: ElsewhereSettings, rootPaths: readonly string[]): (rootPath: string) => Pick<DeployedElsewhere, 'environments' | 'where'> | null {
  const { environment, environmentsInOtherOrgs: elsewhere } = settings;
  if (environment === undefined || Object.keys(elsewhere).length === 0) return () => null;
  const deploying = environmentsDeploying(rootPaths, settings.environmentSelections);
  return (rootPath) => {
    const environments = deploying({ file: rootPath });
    if (environments.length === 0 || environments.some((name) => name === environment || elsewhere[name] === undefined)) return null;
    return { environments, where: environments.every((name) => elsewhere[name] === 'org') ? 'org' : 'grafana' };
  };
}

/**
 * Pure: the tree with the dashboard uids that only files deployed elsewhere hold (judgeDeployedElsewhere) taken out of
 * `outsideSelection`, so prune takes their dashboards here like ones no file holds, and those uids with the first such
 * file (as the plan shows files: relative to the working directory) for the delete's line. A uid one file of this org holds stays.
 */
export function setApartDeployedElsewhere(tree: Tree, settings: ElsewhereSettings): { tree: Tree; deployedElsewhere: Map<string, DeployedElsewhere> } {
  const deployedElsewhere = new Map<string, DeployedElsewhere>();
  const outside = tree.outsideSelection;
  if (outside?.dashboardFiles === undefined || outside.dashboardFiles.size === 0) return { tree, deployedElsewhere };
  const rootPath = (absPath: string) => toSlashes(relative(tree.root, absPath));
  const judge = judgeDeployedElsewhere(settings, [...outside.dashboardFiles.values()].flat().map(rootPath));
  for (const [uid, files] of outside.dashboardFiles) {
    const judged = files.map((absPath) => judge(rootPath(absPath)));
    if (judged.some((elsewhere) => elsewhere === null)) continue;
    deployedElsewhere.set(uid, { file: toSlashes(relative(settings.cwd, files[0]!)), ...judged[0]! });
  }
  if (deployedElsewhere.size === 0) return { tree, deployedElsewhere };
  const dashboardUids = new Set([...outside.dashboardUids].filter((uid) => !deployedElsewhere.has(uid)));
  return { tree: { ...tree, outsideSelection: { ...outside, dashboardUids } }, deployedElsewhere };
}

/** Pure: each dashboard delete of a uid only files deployed elsewhere hold records that file and those environments (the delete's line says why). */
export function markDeployedElsewhere(actions: readonly PlanAction[], deployedElsewhere: ReadonlyMap<string, DeployedElsewhere>): PlanAction[] {
  if (deployedElsewhere.size === 0) return [...actions];
  return actions.map((action): PlanAction => {
    if (action.kind !== 'dashboard' || action.action !== 'delete') return action;
    const elsewhere = deployedElsewhere.get(action.uid);
    return elsewhere === undefined ? action : { ...action, deployedElsewhere: elsewhere };
  });
}

/** Why such a delete: `its file dashboards/prod/x.json is deployed by environment production (another Grafana) only`. */
export function describeDeployedElsewhere(elsewhere: DeployedElsewhere): string {
  const one = elsewhere.environments.length === 1;
  const where = elsewhere.where === 'org' ? (one ? 'another org of this Grafana' : 'other orgs of this Grafana') : one ? 'another Grafana' : 'other Grafanas or orgs';
  return `its file ${elsewhere.file} is deployed by ${one ? 'environment' : 'environments'} ${elsewhere.environments.join(', ')} (${where}) only`;
}
