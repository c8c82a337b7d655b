import { posix } from 'node:path';
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

/**
 * Pure: the config's other environments that deploy a folder's `_folder.json` (`folderFile`, relative to the tree's root), in
 * config order: those whose include/exclude select that file or any of `treeFiles` (the tree's dashboards and library panels,
 * root-relative) below its directory. An include that names a folder's dashboards deploys the folder, and with it the title
 * that file gives (review-66a L5).
 */
export function otherEnvironmentsDeployingFolder(settings: Pick<Settings, 'environment' | 'environments' | 'environmentSelections'>, folderFile: string, treeFiles: readonly string[]): string[] {
  if (settings.environment === undefined) return [];
  const dir = `${posix.dirname(folderFile)}/`;
  const paths = [folderFile, ...treeFiles.filter((file) => file.startsWith(dir))];
  const selects = treePathTests(paths);
  return settings.environments.filter((name) => {
    const selection = settings.environmentSelections[name];
    if (name === settings.environment || selection === undefined) return false;
    const selected = selects(selection.include, selection.exclude);
    return paths.some((path) => selected(path));
  });
}
