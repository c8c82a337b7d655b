import type { Settings } from '../config/types.js';
import { discoverTree, type DiscoveredTree } from './discover-tree.js';
import { mayPlanEmptySelection } from './emptied-selection.js';

type TreeSettings = Pick<Settings, 'root' | 'include' | 'exclude' | 'configFile' | 'cwd' | 'selectionFrom' | 'environment' | 'prune' | 'environmentsSharingOrg'>;

/**
 * The tree's files the run selects, as plan and check walk it: an include that selects nothing stops the run, but for an
 * environment whose every file moved out (mayPlanEmptySelection), whose plan prunes what it left.
 */
export function discoverSelectedTree(settings: TreeSettings): Promise<DiscoveredTree> {
  return discoverTree({
    root: settings.root,
    include: settings.include,
    exclude: settings.exclude,
    configFile: settings.configFile,
    cwd: settings.cwd,
    selectionFrom: settings.selectionFrom,
    emptySelectionIsError: !mayPlanEmptySelection(settings),
  });
}
