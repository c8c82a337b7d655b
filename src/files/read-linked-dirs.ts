import { realpath } from 'node:fs/promises';
import type { Diagnostic } from '../errors.js';
import { describeLinkedDir, describePruneWayOut, describeUnseenBehindLink, type PruneRun } from './describe-look-alike.js';
import { holdsRoot, listLinkedDashboardFiles, type LinkedDir } from './discover-tree.js';
import { dashboardUid, isNotADashboard, libraryPanelUid, readUidOnce, type UidReads } from './read-unselected-uids.js';

/** What the files behind the tree's directory links name (each uid with the first file, as shown, through the link), and what was said of the links. */
interface LinkedDirReads {
  dashboardUids: Map<string, string>;
  libraryPanelUids: Map<string, string>;
  diagnostics: Diagnostic[];
}

/**
 * The tree's symlinked directories (discoverTree's `linkedDirs`), never followed for planning. Only a run that prunes reads
 * below them (`prune`: which run, for its errors' advice), for the uids prune keeps: a prune must never delete a dashboard
 * or library panel whose file is behind a link of the tree, so a link it cannot see behind (one to the root or above,
 * one that cannot be listed) and a file behind a link that names no uid stop it, as a file outside the selection does
 * (readUnselectedUids). Without prune nothing below a link is listed (stop-52 §12.5: a link to a big directory cost a walk of
 * it on every run); each link gets its one warning. `reads`: the run's uid reads (UidReads), so a plan of several environments reads each file once.
 */
export async function readLinkedDirs(links: readonly LinkedDir[], options: { root: string; display: (absPath: string) => string; prune?: PruneRun; reads?: UidReads }): Promise<LinkedDirReads> {
  const read: LinkedDirReads = { dashboardUids: new Map(), libraryPanelUids: new Map(), diagnostics: [] };
  if (links.length === 0) return read;
  const { display, prune } = options;
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
    const readAll = (paths: string[], uidOf: (document: Record<string, unknown>) => unknown, into: Map<string, string>): number => {
      let named = 0;
      for (const absPath of paths) {
        const found = readUidOnce(options.reads, absPath, display(absPath), uidOf);
        // Another tool's file (package.json) behind the link names no dashboard, and needs none.
        if (isNotADashboard(found)) continue;
        if (typeof found !== 'string') {
          read.diagnostics.push(describeNoUidBehindLink(found, shown, prune));
          continue;
        }
        named += 1;
        if (!into.has(found)) into.set(found, display(absPath));
      }
      return named;
    };
    const named = readAll(listed.files, dashboardUid, read.dashboardUids);
    const panels = readAll(listed.libraryFiles, libraryPanelUid, read.libraryPanelUids);
    read.diagnostics.push(describeLinkedDir(shown, link.target, { named, panels }));
  }
  return read;
}

/** A file behind a directory link (`link` as shown) that names no uid, on a run that prunes: its own problem, and why it stops the run. */
function describeNoUidBehindLink(problem: Diagnostic, link: string, run: PruneRun): Diagnostic {
  return {
    ...problem,
    severity: 'error',
    rule: 'prune-needs-uid',
    message: `behind the directory link ${link}, yet prune needs the uid of every file of the tree, and this one names none (${problem.message}); ${describePruneWayOut('fix it, or remove the link', run)}`,
  };
}
