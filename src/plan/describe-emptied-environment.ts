import type { Settings } from '../config/types.js';
import type { DiscoveredTree } from '../files/discover-tree.js';
import type { PlanWarning } from './types.js';

type SelectionSettings = Pick<Settings, 'environment' | 'prune' | 'include' | 'selectionFrom' | 'configFile'>;

/**
 * Pure: whether an include that selects no file only warns: the run's environment takes its own `include` from the config
 * file (no --include, no --exclude) and prune is on. Its files all moved out (another environment's directory holds them
 * now), so its plan is the one that prunes what it left in Grafana (docs/environments.md); a typed --include still stops.
 */
export function mayPlanEmptySelection(settings: SelectionSettings): settings is SelectionSettings & { environment: string } {
  const from = settings.selectionFrom;
  return settings.environment !== undefined && settings.prune !== false && settings.include.length > 0 && from !== undefined && !from.include.startsWith('--') && !from.exclude.startsWith('--');
}

/** The warning of an environment whose include selects no file (mayPlanEmptySelection), or null when it selects some. */
export function describeEmptiedEnvironment(settings: SelectionSettings, discovered: Pick<DiscoveredTree, 'dashboardFiles' | 'libraryFiles'>): PlanWarning | null {
  if (!mayPlanEmptySelection(settings) || discovered.dashboardFiles.length + discovered.libraryFiles.length > 0) return null;
  const { environment } = settings;
  return {
    kind: 'other',
    uid: null,
    message:
      `${settings.selectionFrom!.include} (${settings.include.join(' ')}) selects no dashboard or library panel file: this plan only prunes what environment ${environment} ` +
      `left in Grafana (its folders and the dashboards and library panels no file holds there); once that is applied, remove environment ${environment} from ${settings.configFile}, or fix its include`,
  };
}
