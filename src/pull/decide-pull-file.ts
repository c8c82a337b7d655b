import type { UnconfirmedNote } from '../grafana/port.js';
import type { PanelSaverEvidence } from './judge-panel-savers.js';

/**
 * What git says about a file of the tree (see readGitView):
 * - `committed`: tracked and identical to HEAD, so git holds every byte of it;
 * - `uncommitted`: differs from HEAD (staged or not), or is not tracked, or is ignored;
 * - `no-git`: the tree is not in a git repository, or git could not be asked.
 */
export type GitFileState = 'committed' | 'uncommitted' | 'no-git';

/**
 * Who wrote the live dashboard's newest version (see readLiveAuthor):
 * - `dashsync`: an apply (its version message carries the `dashsync:` marker), so nobody
 *   changed it in Grafana since;
 * - `someone-else`: a save in the UI or by another tool;
 * - `unknown`: the version history could not be read (a Viewer token gets 403 there).
 */
export type LiveAuthor = 'dashsync' | 'someone-else' | 'unknown';

export interface PullFileEvidence {
  git: GitFileState;
  grafana: LiveAuthor;
  /** `pull --force`: take Grafana's version where the evidence says both sides changed. */
  force: boolean;
}

/**
 * The commits a hand merge of a refused committed file reads (describeHandMerge): `head`, the file's newest commit (it holds
 * the file as it is); `base`, the one just before the file's own change where it had the same path, when known: the change
 * is then applied from there to `head` over Grafana's version by git, else picked back hunk by hunk.
 */
export interface HandMergeCommits {
  head: string;
  base?: string;
  /** The file's path at `base` (without one: where the changes start) relative to the tree's root, where git moved it since: the steps keep it where git put it. */
  movedFrom?: string;
}

/** dashsync's restore of a save that was not its push: from where, and when (LiveAuthorship.restoredByDashsync). */
export interface RestoredBy {
  from: 'trash' | 'backup';
  at: string;
}

/** The variant a kept or refused file was copied from (PullFileEvent.copiedFrom), where its decision says so. */
export function copiedFromOf(decision: PullFileDecision): { file: string; commit: string } | undefined {
  if (decision.action === 'keep' && decision.reason === 'committed-not-applied') return decision.copiedFrom;
  if (decision.action === 'refuse' && decision.reason === 'push-not-in-git') return decision.pushedVariant;
  return undefined;
}

export type PullFileDecision =
  /** Write Grafana's version over the file. */
  | { action: 'adopt'; reason: 'grafana-changed' | 'forced' | 'history-unreadable' }
  /**
   * Write Grafana's version over a committed `_library/` file that holds none of its committed versions (`commit`: the file's
   * last commit, which keeps what is replaced; `head`: the file's newest commit, its text as it is): Grafana shows no save of
   * the panel by dashsync, so the team changes it in Grafana and pulls (decideLibraryPanelHistory). `base`: the commit before
   * `commit` (HandMergeCommits.base), for the hand merge where that is refused after all.
   */
  | { action: 'adopt'; reason: 'library-never-pushed'; commit: string; head: string; base?: string }
  /**
   * Write Grafana's version over a committed file when no push of dashsync's is known and the file's content, which `commit`
   * brought (the file at `repoPath` there, relative to the repository's top), is none of Grafana's versions pull compared
   * (`compared`: their numbers; every one before the live one, or only the last few): the line names that commit, which keeps it.
   */
  | { action: 'adopt'; reason: 'content-not-in-grafana'; commit: string; repoPath: string; compared: number[] }
  /** Leave the file: it holds a change not applied yet, and Grafana has nothing newer. */
  | { action: 'keep'; reason: 'file-newer' }
  /** Leave the file: it is edited and not committed, and Grafana holds what its last commit (`commit`) holds: only the file changed (findUnappliedCommit). */
  | { action: 'keep'; reason: 'edited-since-commit'; commit: string }
  /** Leave the file: Grafana holds what its last commit (`commit`) holds, rendered with the inputs that commit's config gave the environment; the inputs changed since (findUnappliedCommit). */
  | { action: 'keep'; reason: 'inputs-not-applied'; commit: string }
  /** Leave the file: Grafana holds the file's content at an earlier commit, so a commit since is waiting to be applied (findUnappliedCommit). */
  | {
      action: 'keep';
      reason: 'committed-not-applied';
      commit: string;
      laterCommits: number;
      /** Grafana has the dashboard in the folder the file's directory stood for at the commit before `commit`, where it was at this path (root-relative): the commits since moved it (`git mv`). */
      movedFrom?: string;
      /** Grafana holds what another environment's variant of the file (as shown) holds in `commit`: the file was copied from it and changed (UnappliedCommit.copiedFrom). */
      copiedFrom?: { file: string; commit: string };
    }
  /** Leave the file and report it: both sides may hold work, and pull cannot merge them. */
  | { action: 'refuse'; reason: 'both-changed' | 'no-git' | 'history-unreadable' }
  /**
   * Leave the file and report it: its one change here is a rename not committed yet (`git mv` from `from`, root-relative),
   * which pull does not follow (it follows committed renames: find-path-at-commit), and Grafana changed it.
   */
  | { action: 'refuse'; reason: 'renamed-not-committed'; from: string }
  /**
   * Leave the committed file and report it: Grafana's version `pushedVersion` is dashsync's push of an earlier commit of
   * the file, which `commit` (and `laterCommits` more) changed since, and someone saved over that version in Grafana
   * (findUnappliedCommit with the earlier push): Grafana's version would replace a change not applied yet. `pushUnconfirmed`:
   * that push is known by its content note alone, whose saver Grafana did not confirm, and why (EarlierPush.unconfirmed).
   */
  /**
   * Leave the committed file and report it: no push of dashsync's is known, Grafana's version `savedVersion` is what commit
   * `heldBy` holds (a bootstrap pull's), `commit` (and `laterCommits` more) changed the file since, not applied, and someone
   * saved over that version in Grafana since: both sides changed (findUnappliedCommit's `overSave`).
   */
  | { action: 'refuse'; reason: 'changed-since-version'; commit: string; laterCommits: number; savedVersion: number; heldBy: string; merge: HandMergeCommits }
  /**
   * Leave the committed file and report it: Grafana's version is someone's save that dashsync's restore took back (from
   * `restoredFrom`, at `restoredAt`), so its history holds no push of dashsync's, and `commit` changed the file in git (from
   * the content `putBackIn` gave it, where read: the commit that put the file back) to content Grafana never had: a change not
   * applied yet, and Grafana's save. `changes`: how many commits (of those read) changed it, the oldest first, `putBackIn` among
   * them (what it put back may hold a commit not applied before the prune: no push recorded tells).
   */
  | { action: 'refuse'; reason: 'changed-since-restore'; commit: string; changes: { count: number; first: string }; putBackIn?: string; restoredFrom: 'trash' | 'backup'; restoredAt: string; merge: HandMergeCommits }
  /**
   * `beforeRestore`: the push is the one the save dashsync's restore took back was made over (its note's record), from the
   * history before the delete: when the restore was made, and from where.
   */
  | { action: 'refuse'; reason: 'changed-since-push'; commit: string; laterCommits: number; pushedVersion: number; pushUnconfirmed?: UnconfirmedNote; merge: HandMergeCommits; beforeRestore?: RestoredBy }
  /**
   * Leave the committed file and report it: someone saved over dashsync's push of version `pushedVersion`, whose content none
   * of the file's last `commitsRead` commits holds (pushed more commits ago, or from another branch or clone): pull cannot
   * tell which of the file's commits Grafana has, so its version may replace a change not applied yet.
   */
  | {
      action: 'refuse';
      reason: 'push-not-in-git';
      pushedVersion: number;
      commitsRead: number;
      pushUnconfirmed?: UnconfirmedNote;
      /** What was pushed is what another environment's variant of the file (as shown) holds in `commit`: the file is a copy of it changed in git. */
      pushedVariant?: { file: string; commit: string };
      merge: HandMergeCommits;
      beforeRestore?: RestoredBy;
    }
  /**
   * Leave the committed file where it is and report it: Grafana's version would move it back to the live folder's directory,
   * but dashsync's push of version `pushedVersion` was made from commit `commit`, where the file's directory stood for another
   * folder: the file was moved in git since (`git mv`), a move not applied yet, and someone saved over that push in Grafana
   * (findMoveSincePush). `movedInGrafana`: Grafana's folder is not the one that push put it in either: moved there too.
   */
  | { action: 'refuse'; reason: 'moved-since-push'; commit: string; pushedVersion: number; movedInGrafana?: true }
  /**
   * Leave the committed `_library/` file and report it: Grafana holds none of its committed versions, and `commit` changed
   * it in git. Library panels keep no history in Grafana, so whether that commit was applied before someone changed the
   * panel there cannot be told (decideLibraryPanelHistory).
   */
  | {
      action: 'refuse';
      reason: 'library-change-unknown';
      commit: string;
      merge: HandMergeCommits;
      /** Whose save the panel's creator or last saver may be, or why that could not be told (judge-panel-savers.ts). */
      saverEvidence?: PanelSaverEvidence;
    };

/**
 * Pure: what pull does with a file whose dashboard differs from the live one (content or
 * folder). Only called when they differ; an equal file is left alone before this.
 *
 * | git \ Grafana's newest version | written by dashsync | by someone else        | unknown                |
 * | committed                      | keep (not applied)  | adopt                  | adopt (git holds it)   |
 * | uncommitted                    | keep (your edit)    | refuse (both changed)  | refuse                 |
 * | no git                         | keep                | refuse (cannot tell)   | refuse                 |
 *
 * A version written by dashsync means Grafana holds what an apply pushed and nothing newer,
 * so a differing file is the newer intent (an edit, or a commit not applied yet) whatever
 * git says. Grafana's version replaces a file only where git holds the file (committed:
 * `git diff` shows what changed, `git checkout` undoes it). `--force` takes Grafana's version
 * where the answer would be refuse; it never replaces a file that is simply newer.
 */
export function decidePullFile(evidence: PullFileEvidence): PullFileDecision {
  const { git, grafana, force } = evidence;
  if (grafana === 'dashsync') return { action: 'keep', reason: 'file-newer' };
  if (git === 'committed') return { action: 'adopt', reason: grafana === 'unknown' ? 'history-unreadable' : 'grafana-changed' };
  if (force) return { action: 'adopt', reason: 'forced' };
  if (grafana === 'unknown') return { action: 'refuse', reason: 'history-unreadable' };
  return { action: 'refuse', reason: git === 'no-git' ? 'no-git' : 'both-changed' };
}

/**
 * Pure: whether pull may lose a file's bytes (delete it, or write Grafana's version over it) on
 * git's evidence alone: only a file git holds as it is (`git checkout` brings it back), or with
 * `--force`. Used where Grafana has no "who saved last" to weigh: `pull --prune` and a file whose
 * dashboard is gone (an uncommitted one may be a new dashboard not applied yet), and a
 * `_folder.json` that says other than Grafana (folders keep no version history).
 */
export function mayReplaceFile(git: GitFileState, force: boolean): boolean {
  return git === 'committed' || force;
}
