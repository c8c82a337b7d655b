import { commitHolds } from '../git/find-commits-outside-head.js';
import { readArrivalCommit } from '../git/read-arrival-commit.js';
import { findCommitAfterPushes, newestPush, type CommitAfterPushes } from './find-commit-after-pushes.js';
import type { PushNearPanel } from './find-dashsync-push-near-panel.js';

/**
 * The newest push of dashsync's on the dashboards using the panel names the commit it was made from, and that commit's
 * history is not known to hold the file's newest commit: `outside`, git has the push's commit and the file's commit is
 * neither it nor in its history; `push-commit-missing`, this clone does not have the push's commit; `shallow`, this clone is
 * shallow and its cut history cannot show it; `unreadable`, git could not tell (an abbreviation naming several commits too).
 */
export interface CommitOutsidePush {
  kind: 'outside-push';
  dashboard: string;
  /** Grafana's time of that push (ISO). */
  pushedAt: string;
  /** The commit the push's content note names (hex, as written). */
  pushedFrom: string;
  because: 'outside' | 'push-commit-missing' | 'shallow' | 'unreadable';
}

/**
 * The newest push of dashsync's on the dashboards using the panel is a note Grafana did not confirm as its saver's
 * (PushNearPanel.unconfirmed: a service account renamed since, a note copied into someone else's save, a saver Grafana
 * does not name): neither the commit it names nor its time shows what the last apply carried.
 */
export interface UnconfirmedPush {
  kind: 'unconfirmed-push';
  dashboard: string;
  /** Grafana's time of that save (ISO). */
  pushedAt: string;
}

/** Why no push of dashsync's is known to have carried a `_library/` file's newest commit: by the commit pushed from, by time, or by its saver. */
export type UncarriedCommit = CommitOutsidePush | CommitAfterPushes | UnconfirmedPush;

/**
 * Whether a push of dashsync's is known to have carried `file`'s content as HEAD holds it (relative to `cwd`): the commit
 * that brought it onto the branch (readArrivalCommit) is the commit the newest push on the dashboards using the panel was
 * made from, or in its history (its content note names it). That push is the last apply seen here: an apply from a clone
 * lacking the commit, or made before a commit was fast-forwarded in, did not carry it, whatever the clocks say. A push
 * whose note names no commit (an earlier release's, a restore's, or one made where the commit could not be told) is judged
 * by time, as before (findCommitAfterPushes). A newest push whose note's saver Grafana did not confirm (`unconfirmed`) carries
 * nothing: refused, by time where its time is older than the commit, else as `unconfirmed-push`. A push whose time Grafana's history does not give leaves the newest unknown: then
 * the file counts as carried only when every push names a commit holding it (whichever is newest holds it), else the time rule
 * refuses as before. `contentCommit`: the commit that brought the file's content as pull counts it
 * (decideLibraryPanelHistory: a respelling is no change), also carried when that push holds it. null: carried, or no push to
 * judge by. One to four git processes per commit asked, only for a file this rule decides; never throws.
 */
export async function findUncarriedCommit(cwd: string, file: string, pushes: readonly PushNearPanel[], contentCommit?: string): Promise<UncarriedCommit | null> {
  if (pushes.length === 0) return null;
  const arrival = await readArrivalCommit(cwd, file);
  const newest = newestPush(pushes);
  if (arrival === null) return findCommitAfterPushes(undefined, pushes);
  if ('untimed' in newest) {
    const named = pushes.every((push) => push.commit !== undefined) ? [...new Set(pushes.map((push) => push.commit!))] : [];
    for (const commit of named) if ((await pushHolds(cwd, commit, arrival.commit, contentCommit)) !== true) return findCommitAfterPushes(arrival.committedAt, pushes);
    return named.length > 0 ? null : findCommitAfterPushes(arrival.committedAt, pushes);
  }
  const { push } = newest;
  // Whoever made it may have named any commit, at any time after the change (review-15 M-1): only a commit newer still says more.
  if (push.unconfirmed) return findCommitAfterPushes(arrival.committedAt, pushes) ?? { kind: 'unconfirmed-push', dashboard: push.dashboard, pushedAt: push.at };
  if (push.commit === undefined) return findCommitAfterPushes(arrival.committedAt, pushes);
  const holds = await pushHolds(cwd, push.commit, arrival.commit, contentCommit);
  if (holds === true) return null;
  const because = holds === false ? 'outside' : holds === 'tip-missing' ? 'push-commit-missing' : holds === 'shallow' ? 'shallow' : 'unreadable';
  return { kind: 'outside-push', dashboard: push.dashboard, pushedAt: push.at, pushedFrom: push.commit, because };
}

/** commitHolds for the file's arrival commit; where it answers no and the newest commit only respelled the file (`check --fix` after the apply), for the commit that brought its content. */
async function pushHolds(cwd: string, pushedFrom: string, arrival: string, contentCommit: string | undefined): ReturnType<typeof commitHolds> {
  const holds = await commitHolds(cwd, pushedFrom, arrival);
  return holds === false && contentCommit !== undefined && contentCommit !== arrival ? commitHolds(cwd, pushedFrom, contentCommit) : holds;
}
