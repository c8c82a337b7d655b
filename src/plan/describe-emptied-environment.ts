import type { Settings } from '../config/types.js';
import { describeEmptiedSelection, type SelectionSettings } from '../files/emptied-selection.js';
import type { DiscoveredTree } from '../files/discover-tree.js';
import type { PlanWarning } from './types.js';

/**
 * The plan's warning on an environment whose include selects no file (describeEmptiedSelection), or null when it selects some:
 * at the include list in the config file (`dashsync.config.json:9:18: …`, and `file`, `line`, `col` for JSON and the Action's
 * annotation) when the file's text gave its place, as check's `environment-emptied` line is.
 */
export function describeEmptiedEnvironment(
  settings: SelectionSettings & Pick<Settings, 'selectionPlaces'>,
  discovered: Pick<DiscoveredTree, 'dashboardFiles' | 'libraryFiles'>,
): PlanWarning | null {
  const message = describeEmptiedSelection(settings, discovered, 'this plan');
  if (message === null) return null;
  const at = settings.selectionPlaces?.include?.list;
  if (at === undefined) return { kind: 'other', uid: null, message };
  return { kind: 'other', uid: null, message: `${settings.configFile}:${at.line}:${at.col}: ${message}`, file: settings.configFile, line: at.line, col: at.col };
}
