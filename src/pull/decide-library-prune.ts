import type { DashboardEntry } from '../files/types.js';
import { mayReplaceFile, type GitFileState } from './decide-pull-file.js';
import { hiddenFolderDecision, sharedFileDecision, type SharedWith } from './decide-dashboard-prune.js';
import { describeUnprunedFile } from './describe-left-file.js';
import type { FileLibraryUses, LibraryOnlyInGit, PruneDecision } from './types.js';
import { groupBy } from '../group-by.js';

export interface LibraryPruneEvidence {
  /** `pull --prune`. */
  prune: boolean;
  force: boolean;
  git: GitFileState;
  gitUnavailable: string | null;
  /** git holds a version of the file (its `uncommitted` state is a change to a committed file, not a file git never had). */
  tracked?: boolean;
  /** The dashboards of the tree that use the panel once this pull is done (written, kept, or outside its scope; not those it deletes). */
  users: string[];
  /** Its folder is missing from Grafana's folder list and reading it is refused: Grafana hides the folder's library panels too. */
  folderHidden: boolean;
  /** Listed under `externalLibraryPanels`. */
  external: boolean;
  /** This run's environment and the config's others whose include/exclude select the file too. */
  sharedWith?: SharedWith;
}

/**
 * Pure: what pull does with a `_library/` file whose panel Grafana does not list. --prune deletes
 * it under the rule for dashboard files (git holds it as it is, or --force), and never when the
 * tree would break or pull cannot know: a dashboard that stays in the tree still uses it (check
 * and plan would report it missing; apply creates it again), its folder is hidden from these
 * credentials (Grafana lists no library panel of a folder the token cannot view, so "not listed"
 * means nothing there), or it is listed as managed elsewhere. --force changes only the git rule.
 */
export function decideLibraryPrune(gone: LibraryOnlyInGit, evidence: LibraryPruneEvidence): PruneDecision {
  const subject = `library panel ${gone.uid}`;
  if (evidence.folderHidden && gone.folderUid !== null) return hiddenFolderDecision(subject, 'library panels', gone.folderUid, evidence.prune);
  const users = evidence.users.length > 0 ? `${describeUsers(evidence.users)} in the tree still ${evidence.users.length === 1 ? 'uses' : 'use'} it` : null;
  if (!evidence.prune) {
    if (users !== null) return { action: 'list', why: `${users}: --prune keeps it, and apply creates the panel again` };
    return evidence.external ? { action: 'list', why: 'listed under "externalLibraryPanels": --prune keeps it' } : sharedFileDecision(subject, evidence);
  }
  if (users !== null) {
    return { action: 'keep', why: `${subject} is not in Grafana, but ${users} (without this file check reports library-panel-missing; apply creates the panel again): not deleted` };
  }
  if (evidence.external) return { action: 'keep', why: `${subject} is not in Grafana, but it is listed under "externalLibraryPanels" (managed elsewhere): not deleted` };
  if (!mayReplaceFile(evidence.git, evidence.force)) return { action: 'keep', why: describeUnprunedFile('library panel', gone.uid, evidence.git, evidence.gitUnavailable, evidence.tracked) };
  return sharedFileDecision(subject, evidence);
}

/**
 * Pure: which dashboards use each library panel once the pull is done, from what every dashboard
 * file of the tree will hold (`usesByFile`: root-relative file → its uid and the panels it uses),
 * leaving out the files the pull deletes.
 */
export function libraryUsersAfterPull(usesByFile: ReadonlyMap<string, FileLibraryUses>, deletedFiles: ReadonlySet<string>): Map<string, string[]> {
  const uses = [...usesByFile].flatMap(([file, { uid, panels }]) => (deletedFiles.has(file) ? [] : panels.map((panel) => ({ panel, uid }))));
  const users = groupBy(uses, ({ panel }) => panel, ({ uid }) => uid);
  return new Map<string, string[]>([...users].map(([panel, uids]) => [panel, [...new Set(uids)].sort()]));
}

/** Pure: the library panels each dashboard file of the tree uses now (root-relative file → its uid and panels), files with errors included. */
export function libraryUsesByFile(
  dashboards: DashboardEntry[],
  brokenFileUses: ReadonlyMap<string, FileLibraryUses>,
  rootRelative: (entry: { absPath: string }) => string,
): Map<string, FileLibraryUses> {
  const uses = new Map<string, FileLibraryUses>();
  for (const entry of dashboards) uses.set(rootRelative(entry), { uid: entry.uid, panels: entry.libraryPanels });
  for (const [absPath, use] of brokenFileUses) uses.set(rootRelative({ absPath }), use);
  return uses;
}

function describeUsers(uids: string[]): string {
  const shown = uids.slice(0, 3).join(', ');
  const more = uids.length > 3 ? ` and ${uids.length - 3} more` : '';
  return `${uids.length === 1 ? 'dashboard' : 'dashboards'} ${shown}${more}`;
}
