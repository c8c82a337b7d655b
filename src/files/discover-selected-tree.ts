import { resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { readTreeLog } from '../git/read-tree-log.js';
import { discoverTree, type DiscoveredTree } from './discover-tree.js';
import { describeNeverSelected, mayPlanEmptySelection, selectedBefore } from './emptied-selection.js';

type TreeSettings = Pick<Settings, 'root' | 'include' | 'exclude' | 'configFile' | 'cwd' | 'selectionFrom' | 'environment' | 'prune' | 'environmentsSharingOrg'>;

/**
 * The tree's files the run selects, as plan and check walk it: an include that selects nothing stops the run, but for an
 * environment whose every file moved out (mayPlanEmptySelection, and git shows files its include selected), whose plan
 * prunes what it left. An include git never saw select a file is a typo, and stops the run too (one git log, only then).
 */
export async function discoverSelectedTree(settings: TreeSettings): Promise<DiscoveredTree> {
  const mayBeEmpty = mayPlanEmptySelection(settings);
  const discovered = await discoverTree({
    root: settings.root,
    include: settings.include,
    exclude: settings.exclude,
    configFile: settings.configFile,
    cwd: settings.cwd,
    selectionFrom: settings.selectionFrom,
    emptySelectionIsError: !mayBeEmpty,
  });
  if (mayBeEmpty && discovered.dashboardFiles.length + discovered.libraryFiles.length === 0) {
    const root = resolve(settings.root);
    const log = await readTreeLog(root);
    if (log === null || !selectedBefore(settings, [...log.atHead, ...log.removals.map((removal) => removal.path)])) {
      throw new ConfigError([describeNeverSelected(settings, root, log)]);
    }
  }
  return discovered;
}
