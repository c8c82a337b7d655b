import { stat } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { Diagnostic } from '../errors.js';
import { discoverTree, LIBRARY_DIR } from './discover-tree.js';
import { readBehindLinks } from './read-behind-links.js';
import { deriveFolderUid } from './folder-uid.js';
import { dashboardUid, isNotADashboard, libraryPanelUid, readUid } from './read-unselected-uids.js';
import { toSlashes } from './tree-paths.js';

/** What the tree's files hold, each uid with the first file (or directory) that holds it, as the user's shell reaches it from `cwd`. */
export interface TreeUids {
  dashboards: ReadonlyMap<string, string>;
  /** The files after the first that hold a dashboard uid too (tree order), by uid. */
  moreDashboardHolders?: ReadonlyMap<string, string[]>;
  libraryPanels: ReadonlyMap<string, string>;
  /** The folder uids of the tree's directories (a `_folder.json`'s uid, else the one derived from the path) → `dir/`; null when a `_folder.json` names none. */
  folders: ReadonlyMap<string, string> | null;
  /** Why `folders` is null: that `_folder.json` and its problem. */
  folderProblem?: TreeProblem;
}

/** Why the tree's uids cannot all be told: the file that names none and where (as check names it), or the tree's own problem (no `file`). */
export type TreeProblem = Pick<Diagnostic, 'line' | 'col' | 'message'> & { file?: string };

/** The tree's uids; `no-tree` when the root is no directory; `unreadable` when it cannot be listed or a file names no uid (that file may hold any uid). */
export type TreeUidsRead = { kind: 'read'; uids: TreeUids } | { kind: 'no-tree' } | { kind: 'unreadable'; problem: TreeProblem };

/**
 * The dashboard, library panel and folder uids every file of the tree holds, whatever the selection: prune keeps what any
 * file holds, so a uid held anywhere under the root is the tree's, and so is one a file behind a link of the tree names
 * (readBehindLinks, as a plan that prunes reads it).
 */
export async function readTreeUidsOf(root: string, cwd: string): Promise<TreeUidsRead> {
  // A root there that cannot be reached (a loop of links, a directory above it not to be entered) is no missing tree: discoverTree says why.
  const isDirectory = await stat(root).then((found) => found.isDirectory(), (error: NodeJS.ErrnoException) => error.code !== 'ENOENT' && error.code !== 'ENOTDIR');
  if (!isDirectory) return { kind: 'no-tree' };
  const display = (absPath: string) => toSlashes(relative(cwd, absPath));
  try {
    const tree = await discoverTree({ root, include: [], exclude: [], emptySelectionIsError: false });
    const dashboards = new Map<string, string>();
    const libraryPanels = new Map<string, string>();
    const moreDashboardHolders = new Map<string, string[]>();
    const readAll = (paths: string[], uidOf: (document: Record<string, unknown>) => unknown, into: Map<string, string>, more?: Map<string, string[]>): Diagnostic | null => {
      for (const absPath of paths) {
        const file = display(absPath);
        const found = readUid(absPath, file, uidOf);
        if (isNotADashboard(found)) continue;
        if (typeof found !== 'string') return found;
        if (!into.has(found)) into.set(found, file);
        else more?.set(found, [...(more.get(found) ?? []), file]);
      }
      return null;
    };
    const problem =
      readAll(tree.dashboardFiles, dashboardUid, dashboards, moreDashboardHolders) ??
      readAll(tree.libraryFiles, libraryPanelUid, libraryPanels);
    if (problem !== null) return { kind: 'unreadable', problem };
    // What plan keeps from prune behind the tree's links (a directory link, a file link out of the root) is the tree's too (review-53 F7).
    const outsideFiles = tree.skippedLinks.filter((link) => link.aliasOf === null).map((link) => link.absPath);
    const linked = await readBehindLinks(tree.linkedDirs, { root, display, prune: 'apply', outsideFiles, unreachedLinks: tree.unreachedLinks });
    const stopped = linked.diagnostics.find((d) => d.severity === 'error');
    if (stopped !== undefined) return { kind: 'unreadable', problem: stopped };
    for (const [uid, file] of linked.dashboardUids) {
      if (!dashboards.has(uid)) dashboards.set(uid, file);
      else moreDashboardHolders.set(uid, [...(moreDashboardHolders.get(uid) ?? []), file]);
    }
    for (const [uid, file] of linked.libraryPanelUids) if (!libraryPanels.has(uid)) libraryPanels.set(uid, file);
    const folders = readFolderUids(root, tree, display);
    return { kind: 'read', uids: { dashboards, ...(moreDashboardHolders.size > 0 ? { moreDashboardHolders } : {}), libraryPanels, ...(folders instanceof Map ? { folders } : { folders: null, folderProblem: folders }) } };
  } catch (error) {
    return { kind: 'unreadable', problem: { message: error instanceof Error ? error.message : String(error) } };
  }
}

/** Every directory below the root that holds a file of the tree (or a directory that does), by its folder's uid; the problem of a `_folder.json` that names none. */
function readFolderUids(
  root: string,
  tree: { dashboardFiles: string[]; libraryFiles: string[]; folderFiles: string[] },
  display: (absPath: string) => string,
): Map<string, string> | TreeProblem {
  const dirs = new Set<string>();
  for (const absPath of [...tree.dashboardFiles, ...tree.libraryFiles, ...tree.folderFiles]) {
    const parts = toSlashes(relative(root, dirname(absPath))).split('/');
    const libraryAt = parts.indexOf(LIBRARY_DIR);
    const dir = (libraryAt === -1 ? parts : parts.slice(0, libraryAt)).filter((part) => part !== '.' && part !== '');
    for (let depth = 1; depth <= dir.length; depth++) dirs.add(dir.slice(0, depth).join('/'));
  }
  const uidOfDir = new Map<string, string>();
  for (const absPath of tree.folderFiles) {
    const uid = readUid(absPath, display(absPath), (document) => document.uid);
    if (typeof uid !== 'string') return uid;
    uidOfDir.set(toSlashes(relative(root, dirname(absPath))), uid);
  }
  const folders = new Map<string, string>();
  for (const dir of [...dirs].sort()) {
    const uid = uidOfDir.get(dir) ?? deriveFolderUid(dir);
    if (!folders.has(uid)) folders.set(uid, `${display(resolve(root, dir))}/`);
  }
  return folders;
}
