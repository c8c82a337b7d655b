import type { Settings } from '../config/types.js';
import { posix } from 'node:path';
import { describeSelectedNothing, FOLDER_FILE, GLOB_PATHS_HINT, isTreeFilePath, type DiscoveredTree } from './discover-tree.js';
import { selectTreePaths } from './select-tree-paths.js';
import type { Shell } from '../describe-error.js';
import { fetchFullHistory } from '../report/fetch-full-history.js';

/** What decides an environment's selection and names it in messages. */
export type SelectionSettings = Pick<Settings, 'environment' | 'prune' | 'include' | 'selectionFrom' | 'configFile' | 'environmentsSharingOrg'> &
  Partial<Pick<Settings, 'environments' | 'environmentsInOtherOrgs'>>;

/**
 * Pure: whether an include that selects no file may only warn: the run's environment takes its own `include` from the config
 * file (no --include, no --exclude) and prune is on. Its files all moved out (another environment's directory holds them
 * now), so its plan is the one that prunes what it left in Grafana (docs/environments.md); a typed --include still stops.
 * Whether the files moved out, git tells (selectedBefore): an include that never selected one has a typo, and stops.
 */
export function mayPlanEmptySelection(settings: SelectionSettings): settings is SelectionSettings & { environment: string } {
  const from = settings.selectionFrom;
  return settings.environment !== undefined && settings.prune !== false && settings.include.length > 0 && from !== undefined && !from.include.startsWith('--') && !from.exclude.startsWith('--');
}

/**
 * What an environment whose include selects no file (mayPlanEmptySelection) is told, or null when it selects some; `planned`:
 * the plan that prunes, as the message names it. The clean-up's order matters: the environment the files moved to
 * moves their dashboards out of this one's folders first, then this one's plan can delete those folders. Which environment
 * that is, an offline look cannot tell: the others of this Grafana org are named.
 */
export function describeEmptiedSelection(settings: SelectionSettings, discovered: Pick<DiscoveredTree, 'dashboardFiles' | 'libraryFiles'>, planned: string): string | null {
  if (!mayPlanEmptySelection(settings) || discovered.dashboardFiles.length + discovered.libraryFiles.length > 0) return null;
  const { environment } = settings;
  const others = (settings.environmentsSharingOrg.find((group) => group.includes(environment)) ?? []).filter((name) => name !== environment);
  const movedTo = `the environment its files moved to${others.length > 0 ? ` (${others.join(' or ')})` : ''}`;
  // Every other environment deploys to another Grafana org (the config's urls and orgIds say so): no order to keep, and the files they deploy keep nothing here.
  const alone = Object.keys(settings.environmentsInOtherOrgs ?? {}).length === (settings.environments?.length ?? 0) - 1 && others.length === 0;
  const left = alone
    ? 'its folders, the dashboards and library panels no file holds there, and the dashboards whose files only environments of other Grafana orgs deploy'
    : 'its folders and the dashboards and library panels no file holds there';
  const cleanUp = alone ? `apply ${environment}` : `apply ${movedTo} first, then ${environment}`;
  return (
    `${settings.selectionFrom!.include} (${settings.include.join(' ')}) selects no dashboard or library panel file: ${planned} only prunes what environment ${environment} ` +
    `left in Grafana (${left}); to clean up, ${cleanUp}, then remove environment ${environment} from ${settings.configFile}; or fix its include`
  );
}

/**
 * Pure: whether the selection picks a dashboard or library panel file among the tree's paths git holds at HEAD or removed
 * (relative to the root): the environment had files, so they moved out. A typo'd include picks none of them.
 */
export function selectedBefore(selection: Pick<SelectionSettings, 'include'> & { exclude: string[] }, heldPaths: readonly string[]): boolean {
  const files = heldPaths.filter((path) => isTreeFilePath(path) && posix.basename(path) !== FOLDER_FILE);
  return selectTreePaths(files, selection.include, selection.exclude).size > 0;
}

/**
 * The stop of an environment whose include selects no file now nor any file git held (selectedBefore): nothing moved out
 * of it, so its globs are wrong. `root`: absolute; `history`: null without git (no repository, no commit), else whether the
 * clone is shallow and whether the include alone, without the exclude, selects a file git holds or held (the exclude is
 * then the one that removes them all).
 */
export function describeNeverSelected(
  settings: Pick<SelectionSettings, 'include' | 'selectionFrom'> & { exclude: string[]; cwd?: string },
  root: string,
  history: { shallow: boolean; includeAloneSelects: boolean } | null,
  shell: Shell = 'cli',
): string {
  const nothing = describeSelectedNothing(settings, root);
  if (history === null) {
    return (
      `${nothing}, and without git history (no repository, or no commit) dashsync cannot tell a typo from files moved out of it: ` +
      `if the globs are wrong, fix ${describeGlobsToFix(settings)} ${GLOB_PATHS_HINT}; if its files moved to another environment, commit the move ` +
      '(or run in a clone with its history), then plan again: that plan prunes what the environment left in Grafana'
    );
  }
  const fix = history.includeAloneSelects
    ? `its exclude removes every file its include selects: fix its exclude`
    : `fix ${describeGlobsToFix(settings)} ${GLOB_PATHS_HINT}`;
  const shallow = history.shallow
    ? `; this clone is shallow: if its files moved to another environment in or before its oldest commit, ${fetchFullHistory(shell)}`
    : '';
  return `${nothing}, nor any of the files git holds or held there (none moved out of it): ${fix}${shallow}`;
}

/** `its include`, or `its include or its exclude` when an exclude is given: the globs that may be wrong. */
function describeGlobsToFix(settings: { exclude: readonly string[] }): string {
  return settings.exclude.length > 0 ? 'its include or its exclude' : 'its include';
}
