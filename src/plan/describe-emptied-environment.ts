import { describeEmptiedSelection, type SelectionSettings } from '../files/emptied-selection.js';
import type { DiscoveredTree } from '../files/discover-tree.js';
import type { PlanWarning } from './types.js';

/** The plan's warning on an environment whose include selects no file (describeEmptiedSelection), or null when it selects some. */
export function describeEmptiedEnvironment(
  settings: SelectionSettings,
  discovered: Pick<DiscoveredTree, 'dashboardFiles' | 'libraryFiles'>,
): PlanWarning | null {
  const message = describeEmptiedSelection(settings, discovered, 'this plan');
  return message === null ? null : { kind: 'other', uid: null, message };
}
