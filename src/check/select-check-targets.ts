import { dirname, relative, resolve, sep } from 'node:path';
import type { DiscoveredTree } from '../files/discover-tree.js';

/**
 * Pure: which of the tree's files a check reports on (a part of the discovered tree). Without a list, all of them. With
 * the list pre-commit or lint-staged passes (paths relative to `cwd`), only the listed
 * files that are part of the tree: a `package.json` elsewhere in the repository, a file
 * outside the root, below `node_modules` or a dot-directory, or left out by
 * `include`/`exclude` is not a dashboard and is ignored. A listed directory stands for
 * the tree's files below it (`dashsync check dashboards/platform`).
 */
export function selectCheckTargets(tree: DiscoveredTree, cwd: string, files: readonly string[] | undefined): DiscoveredTree {
  if (files === undefined) return { dashboardFiles: tree.dashboardFiles, folderFiles: tree.folderFiles, libraryFiles: tree.libraryFiles, lookAlikes: tree.lookAlikes, skippedLinks: tree.skippedLinks, linkedDirs: tree.linkedDirs, yamlFiles: tree.yamlFiles };
  const listed = new Set(files.map((file) => resolve(cwd, file)));
  const isListed = (file: string): boolean => {
    if (listed.has(file)) return true;
    for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) if (listed.has(dir)) return true;
    return false;
  };
  return {
    dashboardFiles: tree.dashboardFiles.filter(isListed),
    folderFiles: tree.folderFiles.filter(isListed),
    libraryFiles: tree.libraryFiles.filter(isListed),
    lookAlikes: tree.lookAlikes.filter(isListed),
    skippedLinks: tree.skippedLinks.filter((link) => isListed(link.absPath)),
    linkedDirs: tree.linkedDirs.filter((link) => isListed(link.absPath)),
    yamlFiles: tree.yamlFiles.filter(isListed),
  };
}

/** True when a diagnostic's path names one of the targets, or a directory that holds one. */
export function concernsTargets(diagnosticFile: string, cwd: string, targets: ReadonlySet<string>): boolean {
  const path = resolve(cwd, diagnosticFile);
  if (targets.has(path)) return true;
  for (const target of targets) {
    const rel = relative(path, target);
    if (rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && rel !== target) return true;
  }
  return false;
}

/** The path users see: relative to the working directory, forward slashes. */
export function displayPath(cwd: string, absPath: string): string {
  return relative(cwd, absPath).split(sep).join('/');
}
