import type { Settings } from '../config/types.js';
import { treePathTests } from '../files/select-tree-paths.js';

/**
 * Pure: the config's other environments whose include/exclude select this file (`path` relative to the tree's root), in
 * config order: the ones a pull of it in this run rewrites the file for too. None without a selected environment.
 */
export function otherEnvironmentsDeploying(settings: Pick<Settings, 'environment' | 'environments' | 'environmentSelections'>, path: string): string[] {
  if (settings.environment === undefined) return [];
  const selects = treePathTests([path]);
  return settings.environments.filter((name) => {
    const selection = settings.environmentSelections[name];
    return name !== settings.environment && selection !== undefined && selects(selection.include, selection.exclude)(path);
  });
}
