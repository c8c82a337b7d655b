import { posix } from 'node:path';
import type { Diagnostic } from '../errors.js';
import { FOLDER_FILE } from './discover-tree.js';

/** Rules of the files the tree does not read though they look like its own (discoverTree's `lookAlikes` and `skippedLinks`, and YAML resources: readYamlResources). */
export const LOOK_ALIKE_RULES = ['file-ignored', 'folder-file-root', 'folder-file-name', 'symlink-outside', 'symlink-alias', 'symlink-dir', 'yaml-resource'] as const;

/**
 * Pure: one diagnostic for a file that looks like the tree's but is not read (`path` relative to the
 * root, `file` as shown): a `_folder.json` in another case is an error (the directory would silently
 * lose its folder); a `_folder.json` in the root, a `.JSON` name or a dot-file, a warning.
 */
export function describeLookAlike(path: string, file: string): Diagnostic {
  const name = posix.basename(path);
  if (path === FOLDER_FILE) {
    return { file, severity: 'warning', rule: 'folder-file-root', message: `not read: a ${FOLDER_FILE} in the root names no folder (the root is the General level); remove it, or make the root the directory above` };
  }
  if (name.toLowerCase() === FOLDER_FILE) {
    return { file, severity: 'error', rule: 'folder-file-name', message: `did you mean ${FOLDER_FILE}? Only a file named exactly ${FOLDER_FILE} names its directory's folder, and this one is read as nothing; rename it` };
  }
  const why = name.startsWith('.') ? 'a file whose name starts with a dot is skipped' : 'only files ending in lower-case .json are';
  return { file, severity: 'warning', rule: 'file-ignored', message: `not read as a dashboard (${why}); rename it if it is one` };
}

/**
 * Pure: one warning for a symlinked file the tree does not read (`file` as shown): its target is outside the root (or
 * missing), or it is another path to a file the tree reads (`aliasOf`, as shown), which is read once, there.
 */
export function describeSkippedLink(file: string, aliasOf: string | null): Diagnostic {
  if (aliasOf === null) {
    return { file, severity: 'warning', rule: 'symlink-outside', message: 'not read: a symlink whose target is outside the root or missing (dashsync does not follow links out of the root); copy the file in if it is one of this tree\'s' };
  }
  return {
    file,
    severity: 'warning',
    rule: 'symlink-alias',
    message: `not read: a symlink to ${aliasOf}, which the tree reads: one file, counted once, in ${aliasOf}'s folder; remove the link`,
  };
}

/**
 * Pure: one warning for a symlinked directory (`file` as shown, `target` its real path; `below`: how many files below it
 * named a dashboard uid, or that it holds the root, or why it could not be listed): never followed, so its files are no
 * part of the tree, and prune keeps the dashboards they name (audit-ux-19 F-4).
 */
export function describeLinkedDir(file: string, target: string, below: { named: number } | { holdsRoot: true } | { unlisted: string }): Diagnostic {
  const held = 'holdsRoot' in below
    ? 'it holds the dashboards root, so nothing below it is read through it'
    : 'unlisted' in below
      ? `dashsync could not list it (${below.unlisted}), so prune knows no dashboard below it: make it listable or exclude it from a prune's scope`
      : below.named === 0
        ? 'it holds no dashboard file'
        : `prune keeps the ${below.named === 1 ? 'dashboard its 1 file names' : `dashboards its ${below.named} files name`}, but nothing is planned from ${below.named === 1 ? 'it' : 'them'}`;
  return {
    file,
    severity: 'warning',
    rule: 'symlink-dir',
    message: `not read: a symlink to a directory (${target}); dashsync does not follow directory links (${held}): copy the files in, or make it a git submodule`,
  };
}
