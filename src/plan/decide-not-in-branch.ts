import type { CommitsAgainstHead } from '../git/find-commits-outside-head.js';
import { wordedForShells } from './worded-for-shells.js';
import { fetchFullHistory } from '../report/fetch-full-history.js';
import { someUids } from './decide-drift.js';
import type { SavedCommit } from './read-saved-commits.js';
import type { DashboardAction, PlanWarning } from './types.js';

/** Pure: the commits of `saved` that HEAD (`head`, a full name; null without one) is not: the only ones git is asked about. */
export function commitsToAsk(saved: ReadonlyMap<string, SavedCommit>, head: string | null): string[] {
  return [...new Set([...saved.values()].map((save) => save.commit))].filter((commit) => head === null || !head.startsWith(commit)).sort();
}

/** What tells another repository's push from this one's: commits sharing no history with HEAD, and the folders this tree takes over. */
export interface OtherRepositorySigns {
  /** Commits of `outsideHead` with no history in common with HEAD (findUnrelatedCommits). */
  unrelated: ReadonlySet<string>;
  /** Uids of the folders this tree takes over from another repository (findTakenOverFolders). */
  takenOverFolders: ReadonlySet<string>;
  /** Uids of the folders a directory of the tree holds: a missing commit's dashboard in none of them that externalFolders lists is another repository's. */
  treeFolders?: ReadonlySet<string>;
  /** The live folders (for a folder's title and the folders above it). */
  liveFolders?: ReadonlyMap<string, { title: string; parentUid: string | null }>;
  /** Config `externalFolders`: another tree's folders (and those below them). */
  externalFolders?: readonly string[];
}

/** Pure: whether `folderUid` or a folder above it is one of `listed`. */
export function listedOrBelow(folderUid: string, listed: readonly string[], liveFolders: ReadonlyMap<string, { parentUid: string | null }>): boolean {
  const seen = new Set<string>();
  for (let uid: string | null = folderUid; uid !== null && !seen.has(uid); uid = liveFolders.get(uid)?.parentUid ?? null) {
    if (listed.includes(uid)) return true;
    seen.add(uid);
  }
  return false;
}

/**
 * Pure: a commit this repository lacks, for a dashboard in a folder no directory of the tree holds and config `externalFolders`
 * lists (or one above it): another repository's push, the folder named for the line. A folder the tree does not hold is no
 * evidence alone (review-63 M2): a branch of this repository this clone has not fetched may have made its directory.
 */
function outsideTree(folderUid: string | null, signs: OtherRepositorySigns): { folderUid: string; folderTitle: string; externalListed: true } | undefined {
  if (folderUid === null || signs.treeFolders === undefined || signs.treeFolders.has(folderUid)) return undefined;
  const live = signs.liveFolders ?? new Map();
  if (!listedOrBelow(folderUid, signs.externalFolders ?? [], live)) return undefined;
  return { folderUid, folderTitle: live.get(folderUid)?.title ?? folderUid, externalListed: true };
}

/**
 * Pure: a `not-in-branch` warning for each update, move or delete of a dashboard whose newest version dashsync saved from
 * a commit HEAD does not contain (`against`), or from one this repository does not have. In a shallow clone a missing
 * commit is no evidence (an older commit of this branch is missing too): one note says how many were not checked.
 * A commit of unrelated history, or one missing for a dashboard in a taken-over folder, is marked `anotherRepository`.
 */
export function decideNotInBranch(
  actions: readonly DashboardAction[],
  saved: ReadonlyMap<string, SavedCommit>,
  against: CommitsAgainstHead,
  shallow: boolean,
  signs: OtherRepositorySigns,
): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const unchecked: string[] = [];
  for (const action of actions) {
    const save = saved.get(action.uid);
    if (save === undefined || action.live === null || (action.action !== 'update' && action.action !== 'move' && action.action !== 'delete')) continue;
    const inRepository = against.outsideHead.has(save.commit);
    if (!inRepository && !against.missing.has(save.commit)) continue;
    if (!inRepository && shallow) {
      unchecked.push(action.uid);
      continue;
    }
    // The title people see in Grafana now, which that commit may have set.
    const title = action.live.title || action.title;
    const outside = inRepository ? undefined : outsideTree(action.live.folderUid, signs);
    const anotherRepository = inRepository
      ? (signs.unrelated.has(save.commit) ? 'unrelated' : undefined)
      : (action.live.folderUid !== null && signs.takenOverFolders.has(action.live.folderUid) ? 'taken-over' : outside === undefined ? undefined : 'outside-tree');
    warnings.push({
      kind: 'not-in-branch',
      uid: action.uid,
      title,
      action: action.action,
      version: action.live.version,
      commit: save.commit,
      subject: save.subject,
      inRepository,
      ...(anotherRepository === undefined ? {} : { anotherRepository }),
      ...(anotherRepository === 'outside-tree' ? outside : {}),
    });
  }
  if (unchecked.length > 0) {
    warnings.push({
      kind: 'note',
      uid: null,
      ...wordedForShells(
        (shell) =>
          `not checked against this branch: ${someUids(unchecked)} this plan changes ${unchecked.length === 1 ? 'was' : 'were'} last saved by dashsync from commits this shallow clone does not have, ` +
          `so whether this plan undoes another branch's applied change is not known; ${fetchFullHistory(shell, ' and plan again')}`,
      ),
    });
  }
  return warnings;
}
