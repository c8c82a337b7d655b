import { mayReplaceFile, type GitFileState } from './decide-pull-file.js';
import { describeUnprunedFile } from './describe-left-file.js';
import type { OnlyInGit, PruneDecision } from './types.js';

export interface DashboardPruneEvidence {
  /** `pull --prune`. */
  prune: boolean;
  force: boolean;
  git: GitFileState;
  gitUnavailable: string | null;
  /** git holds a version of the file (its `uncommitted` state is a change to a committed file, not a file git never had). */
  tracked?: boolean;
  /** Its folder is missing from Grafana's folder list and reading it is refused: Grafana hides the folder's dashboards too. */
  folderHidden: boolean;
  /** Reading it (where the search may lag: Capabilities.searchMayLag) is refused: it exists, hidden from these credentials. */
  readRefused?: boolean;
}

/**
 * Pure: what pull does with a dashboard file whose uid Grafana does not list. --prune deletes it
 * where git holds it as it is (or with --force), and never when its folder is hidden from these
 * credentials: Grafana lists no dashboard of a folder the token cannot view, so "not listed"
 * says nothing about whether it is gone, nor when reading the dashboard itself is refused.
 * --force changes only the git rule.
 */
export function decideDashboardPrune(gone: OnlyInGit, evidence: DashboardPruneEvidence): PruneDecision {
  if (evidence.folderHidden && gone.folderUid !== null) return hiddenFolderDecision(`uid ${gone.uid}`, 'dashboards', gone.folderUid, evidence.prune);
  if (evidence.readRefused) return leftDecision(`uid ${gone.uid} is in Grafana, but these credentials cannot read it (the search leaves it out, and reading it is refused: HTTP 403)`, evidence.prune);
  if (!evidence.prune) return { action: 'list' };
  if (!mayReplaceFile(evidence.git, evidence.force)) return { action: 'keep', why: describeUnprunedFile('dashboard', gone.uid, evidence.git, evidence.gitUnavailable, evidence.tracked) };
  return { action: 'delete' };
}

/** Pure: a file left because its folder cannot be read with these credentials: a `kept` line with --prune, a note without. */
export function hiddenFolderDecision(subject: string, listed: 'dashboards' | 'library panels', folderUid: string, prune: boolean): PruneDecision {
  return leftDecision(`${subject} is not among the ${listed} these credentials can see, and its folder ${folderUid} cannot be read with them: pull cannot tell whether it is gone`, prune);
}

function leftDecision(why: string, prune: boolean): PruneDecision {
  return prune ? { action: 'keep', why: `${why}; not deleted` } : { action: 'note', note: `${why}; file left as it is` };
}
