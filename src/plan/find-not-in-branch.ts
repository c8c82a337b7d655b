import { findCommitsOutsideHead } from '../git/find-commits-outside-head.js';
import { findUnrelatedCommits } from '../git/find-unrelated-commits.js';
import { headOrMergeBaseHold } from '../git/head-or-merge-base-holds.js';
import { isShallowClone } from '../git/is-shallow-clone.js';
import { readHeadCommit } from '../git/read-head-commit.js';
import { sameRepository } from '../git/same-repository.js';
import type { GrafanaPort, LastSave } from '../grafana/port.js';
import { commitsToAsk, decideNotInBranch, type OtherRepositorySigns } from './decide-not-in-branch.js';
import { readSavedCommits, type SavedHead } from './read-saved-commits.js';
import type { DashboardAction, PlanWarning } from './types.js';

/** What findNotInBranch reads: the live heads of the dashboards the plan changes or deletes, and the last saves read already. */
export interface NotInBranchInput {
  actions: readonly DashboardAction[];
  heads: ReadonlyMap<string, SavedHead>;
  lastSaves: ReadonlyMap<string, LastSave | 'unreadable' | 'unconvertible'>;
  /** The commit planned from (full name), null when not known. */
  head: string | null;
  /** Where the run read HEAD already (GitInfo.headIn, `head` then being HEAD's): the tree's repository's HEAD when it is that one. */
  headIn?: string;
  /** The tree's repository's HEAD as the plan read it already (rootHeadOf), if it did. */
  rootHead?: () => Promise<string | null>;
  /** Uids of the folders this tree takes over from another repository (findTakenOverFolders). */
  takenOverFolders: ReadonlySet<string>;
  /** What tells a folder outside the tree (OtherRepositorySigns). */
  outside?: Pick<OtherRepositorySigns, 'treeFolders' | 'liveFolders' | 'externalFolders'>;
  /** A dashboard's file, relative to the root (forward slashes): an update whose push left it as HEAD or the merge base has it reverts nothing. */
  fileOf?: (uid: string) => string | undefined;
}

/**
 * The HEAD of the tree's repository, which the not-in-branch check compares pushes with (null: no repository, or no commit
 * yet): HEAD as the run read it for the plan's commit where the tree is in that repository (no git process of its own).
 */
export async function rootHeadOf(root: string, input: Pick<NotInBranchInput, 'head' | 'headIn'>): Promise<string | null> {
  return input.headIn !== undefined && input.head !== null && sameRepository(input.headIn, root) ? input.head : await readHeadCommit(root);
}

/**
 * The updates, moves and deletes that undo a change dashsync applied from a commit HEAD does not contain (decideNotInBranch):
 * the commit each one's newest save names (readSavedCommits), then git, only when one of them is not HEAD — two git
 * processes for all the commits, one more in a clone missing some or lacking commits HEAD does not contain, and one per
 * such commit (is its history unrelated: another repository's); for the updates it warns of, whether the other branch's push
 * changed the file at all: two git processes for them all, and one per distinct commit (headOrMergeBaseHold). HEAD itself is read in a git process of its own only where
 * the run's read of its commit did not read it in the tree's repository (NotInBranchInput.headIn: a GITHUB_SHA, a tree in
 * another repository). Where git has no HEAD to compare with (no repository, no commit yet) nothing is read: one git
 * process, not a history request per dashboard.
 */
export async function findNotInBranch(grafana: Pick<GrafanaPort, 'readLastSave' | 'readSaveMessage'>, root: string, input: NotInBranchInput, concurrency: number): Promise<PlanWarning[]> {
  const targets = input.actions.filter((action) => (action.action === 'update' || action.action === 'move' || action.action === 'delete') && input.heads.has(action.uid));
  if (targets.length === 0) return [];
  const rootHead = await (input.rootHead?.() ?? rootHeadOf(root, input));
  if (rootHead === null) return [];
  const subjects = targets.map((action) => ({ dashboard: input.heads.get(action.uid)!, read: input.lastSaves.get(action.uid) }));
  const saved = await readSavedCommits(grafana, subjects, concurrency);
  const ask = commitsToAsk(saved, input.head ?? rootHead);
  if (ask.length === 0) return [];
  const against = await findCommitsOutsideHead(root, ask);
  if (against === null) return [];
  const shallow = (against.missing.size > 0 || against.outsideHead.size > 0) && (await isShallowClone(root));
  // In a shallow clone a walk stops at the cut, which reads as unrelated history: not asked there.
  const unrelated = shallow ? new Set<string>() : await findUnrelatedCommits(root, [...against.outsideHead]);
  const warnings = decideNotInBranch(targets, saved, against, shallow, { unrelated, takenOverFolders: input.takenOverFolders, ...input.outside });
  // A push from another branch that left the file as this branch has it or as their merge base had it (a branch that never changed
  // it, or changed it and back; a cherry-pick): the update changes only what this branch changed since (walk-65 L7). A revert made
  // on that branch alone is its change, which the update undoes: still warned (review-66a M2).
  // git is asked once for them all (headOrMergeBaseHold): it was up to four processes per warning, every warning at once.
  const pushes = warnings.flatMap((warning, index) => {
    if (warning.kind !== 'not-in-branch' || !warning.inRepository || warning.anotherRepository !== undefined || warning.action !== 'update') return [];
    const file = input.fileOf?.(warning.uid);
    return file === undefined ? [] : [{ index, commit: warning.commit, file }];
  });
  const held = await headOrMergeBaseHold(root, pushes);
  const revertsNothing = new Set(pushes.filter((_, at) => held[at]).map((push) => push.index));
  return warnings.filter((_, index) => !revertsNothing.has(index));
}
