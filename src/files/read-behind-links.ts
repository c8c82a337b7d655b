import { readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { basename, relative, sep } from 'node:path';
import type { Diagnostic } from '../errors.js';
import { describeFolderFileLinkUnread, describeLinkedDir, describeLinkLoop, describeMissingLinkTarget, describeNotRegularFile, describePruneWayOut, describeSkippedLink, describeUnreachedDirLink, describeUnreachedLink, describeUnseenBehindLink, type PruneRun, type UnreachedTarget } from './describe-look-alike.js';
import { findRefusingDirectory } from './find-refusing-directory.js';
import { FOLDER_FILE, holdsRoot, LIBRARY_DIR, listLinkedDashboardFiles, notRegularKindOf, type LinkedDir } from './discover-tree.js';
import { isPlainObject } from './is-plain-object.js';
import { MAX_UID_READ_BYTES } from './max-uid-read-bytes.js';
import { PEER_FORM_RULES } from './recognize-peer-form.js';
import { dashboardUid, describeMissingUid, isNotADashboard, libraryPanelUid, readUidOnce, type UidReads } from './read-unselected-uids.js';

/** What the files behind the tree's links out of it name (each uid with the first file, as shown, through the link), and what was said of the links. */
interface BehindLinkReads {
  dashboardUids: Map<string, string>;
  libraryPanelUids: Map<string, string>;
  /** The folder uids the `_folder.json` files behind a directory link name: prune keeps those folders (an external folder's). */
  folderUids: Map<string, string>;
  diagnostics: Diagnostic[];
}


/** The tree's root, how a file is shown, which run prunes (none: nothing behind a link is read) and the run's uid reads. */
interface BehindLinkOptions {
  root: string;
  display: (absPath: string) => string;
  prune?: PruneRun;
  reads?: UidReads;
}

/**
 * The tree's symlinked directories (discoverTree's `linkedDirs`) and its file links out of the root (`outsideFiles`), never
 * followed for planning. Only a run that prunes reads behind them (`prune`: which run, for its errors' advice), for the uids prune keeps: a prune must never delete a dashboard
 * or library panel whose file is behind a link of the tree, so a link it cannot see behind (one to the root or above,
 * one that cannot be listed) and a file behind a link that names no uid stop it, as a file outside the selection does
 * (readUnselectedUids). Without prune nothing below a link is listed (stop-52 §12.5: a link to a big directory cost a walk of
 * it on every run); each link gets its one warning. `reads`: the run's uid reads (UidReads), so a plan of several environments reads each file once.
 */
export async function readBehindLinks(
  links: readonly LinkedDir[],
  options: BehindLinkOptions & { outsideFiles?: readonly string[]; unreachedLinks?: readonly string[] },
): Promise<BehindLinkReads> {
  const read: BehindLinkReads = { dashboardUids: new Map(), libraryPanelUids: new Map(), folderUids: new Map(), diagnostics: [] };
  const { display, prune } = options;
  for (const absPath of options.outsideFiles ?? []) readOutsideFileLink(absPath, options, read);
  // One may be a directory link: what is behind it cannot be told, so a prune stops (tree-56: it went on, unsaid).
  for (const absPath of options.unreachedLinks ?? []) {
    const target = statTarget(absPath);
    if (prune !== undefined && typeof target === 'string') read.diagnostics.push(describeUnreachedDirLink(display(absPath), describeUnreachedTarget(absPath, target), prune));
  }
  if (links.length === 0) return read;
  const realRoot = await realpath(options.root);
  for (const link of links) {
    const shown = display(link.absPath);
    if (prune === undefined) {
      read.diagnostics.push(describeLinkedDir(shown, link.target, holdsRoot(link, realRoot) ? { holdsRoot: true } : { notListed: true }));
      continue;
    }
    const listed = await listLinkedDashboardFiles(link, realRoot);
    if (!('files' in listed)) {
      read.diagnostics.push(describeUnseenBehindLink(shown, link.target, listed, prune));
      continue;
    }
    let unnamed = 0;
    const readAll = (paths: string[], uidOf: (document: Record<string, unknown>) => unknown, into: Map<string, string>): number => {
      let named = 0;
      for (const absPath of paths) {
        const found = readUidOnce(options.reads, absPath, display(absPath), uidOf, MAX_UID_READ_BYTES);
        // Another tool's file (package.json) behind the link names no dashboard, and needs none.
        if (isNotADashboard(found)) continue;
        if (typeof found !== 'string') {
          read.diagnostics.push(describeNoUidBehindLink(found, `behind the directory link ${shown}`, prune, 'move it out of the linked directory'));
          unnamed += 1;
          continue;
        }
        named += 1;
        if (!into.has(found)) into.set(found, display(absPath));
      }
      return named;
    };
    // A `_folder.json` there that names no uid names no folder this tree could tell (its uid would derive from another tree's path).
    for (const absPath of listed.folderFiles) {
      const uid = readUidOnce(options.reads, absPath, display(absPath), folderFileUid, MAX_UID_READ_BYTES);
      if (typeof uid === 'string' && !read.folderUids.has(uid)) read.folderUids.set(uid, display(absPath));
    }
    const named = readAll(listed.files, dashboardUid, read.dashboardUids);
    const panels = readAll(listed.libraryFiles, libraryPanelUid, read.libraryPanelUids);
    read.diagnostics.push(describeLinkedDir(shown, link.target, { named, panels, unnamed }));
  }
  return read;
}

/** Where a `_folder.json`'s uid is: dashsync's `{uid, title}`, or Git Sync's Folder resource (`metadata.name`). */
function folderFileUid(document: Record<string, unknown>): unknown {
  return document.uid ?? (isPlainObject(document.metadata) ? document.metadata.name : undefined);
}

/**
 * A symlinked file whose target is outside the root, missing, a loop or out of reach (discoverTree's `skippedLinks` without
 * `aliasOf`): never read for planning. On a run that prunes, the uid of a target that is a file is kept from prune (a link to a
 * `_library/` path: a library panel's), and one that names none, or cannot be reached, stops the run, as behind a directory link.
 */
function readOutsideFileLink(absPath: string, options: BehindLinkOptions, read: BehindLinkReads): void {
  const shown = options.display(absPath);
  const target = statTarget(absPath);
  // A link named `*.json` to a directory is a directory link (discoverTree's `linkedDirs`), whose own warning names it.
  if (typeof target !== 'string' && target.isDirectory()) return;
  const notRegular = typeof target === 'string' ? undefined : notRegularKindOf(target);
  if (notRegular !== undefined) {
    read.diagnostics.push(describeNotRegularFile(basename(absPath), shown, notRegular, realpathSync(absPath)));
    return;
  }
  const missing = target === 'ENOENT' || target === 'ENOTDIR';
  // Out of reach (EACCES…): where it points cannot be told, so neither can the uid a prune would keep.
  const unreached = typeof target === 'string' && target !== 'ELOOP' && !missing ? describeUnreachedTarget(absPath, target) : undefined;
  if (basename(absPath) === FOLDER_FILE) {
    read.diagnostics.push(describeFolderFileLinkUnread(shown, target === 'ELOOP' ? 'loop' : missing ? 'missing' : unreached ?? 'outside'));
    return;
  }
  if (target === 'ELOOP') {
    read.diagnostics.push(describeLinkLoop(shown, readlinkSync(absPath)));
    return;
  }
  if (missing) {
    read.diagnostics.push(describeMissingLinkTarget(shown, readlinkSync(absPath)));
    return;
  }
  if (unreached !== undefined) {
    read.diagnostics.push(describeUnreachedLink(shown, unreached, options.prune));
    return;
  }
  if (options.prune === undefined || (typeof target !== 'string' && !target.isFile())) {
    read.diagnostics.push(describeSkippedLink(shown, null));
    return;
  }
  const library = relative(options.root, absPath).split(sep).includes(LIBRARY_DIR);
  const found = readUidOnce(options.reads, absPath, shown, library ? libraryPanelUid : dashboardUid, MAX_UID_READ_BYTES);
  if (isNotADashboard(found)) {
    read.diagnostics.push(describeSkippedLink(shown, null));
  } else if (typeof found !== 'string') {
    read.diagnostics.push(describeNoUidBehindLink(found, 'a symlink to a file outside the root', options.prune, 'remove the link'));
  } else {
    const into = library ? read.libraryPanelUids : read.dashboardUids;
    if (!into.has(found)) into.set(found, shown);
    read.diagnostics.push(describeSkippedLink(shown, null, library ? 'library panel' : 'dashboard'));
  }
}

/** Why a link's target cannot be reached (`code`: the failed stat's), with the directory that refuses the way, if that is why. */
function describeUnreachedTarget(absPath: string, code: string): UnreachedTarget {
  const refusedBy = code === 'EACCES' ? findRefusingDirectory(absPath) : undefined;
  return { points: readlinkSync(absPath), code, ...(refusedBy === undefined ? {} : { refusedBy }) };
}

/** What a link's target is (every link on the way followed), or the code of the stat that failed. */
function statTarget(absPath: string): Stats | string {
  try {
    return statSync(absPath);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'an error';
  }
}

/**
 * A file behind a link (`where`: which) that names no uid, on a run that prunes: its own problem, and why it stops the run.
 * One too large to read (`file-too-large`) is no dashboard to fix: `moveAway` says where it may go instead.
 */
function describeNoUidBehindLink(problem: Diagnostic, where: string, run: PruneRun, moveAway: string): Diagnostic {
  const fix = problem.rule === 'file-too-large' ? moveAway : PEER_FORM_RULES.has(problem.rule) ? 'take its dashboard over first, or remove the link' : 'fix it, or remove the link';
  return {
    ...problem,
    severity: 'error',
    rule: 'prune-needs-uid',
    message: `${where}, yet prune needs the uid of every file of the tree, and ${describeMissingUid(problem)}; ${describePruneWayOut(fix, run)}`,
  };
}
