import type { PushNearPanel } from './find-dashsync-push-near-panel.js';

/**
 * How much earlier than a push a commit must be to count as carried by it: git's committer date comes from the committer's
 * machine, a push's time from Grafana's, so a committer's clock a little behind Grafana's would date a later commit before
 * the push. Kept short because the ordinary case is CI pushing minutes after the merge (a hosted forge dates its merge
 * commits by its own clock, and CI's push comes later than that); within it the commit counts as made after the push,
 * which refuses rather than replaces.
 */
export const CLOCK_SKEW_ALLOWED_SECONDS = 30;

/** The file's newest commit may be newer than every push of dashsync's on the dashboards using the panel: the newest push, by dashboard and time. */
export interface CommitAfterPushes {
  kind: 'after-pushes';
  dashboard: string;
  /** Grafana's time of that push (ISO); '' when the history gave none (then that push is the one named). */
  pushedAt: string;
  /** git gave no time for the commit. */
  commitTimeUnread?: true;
}

/**
 * Pure: the time rule, for a newest push whose note names no commit (an earlier release's; findUncarriedCommit asks git
 * where it names one): whether a `_library/` file's newest commit can have been carried by a push of dashsync's (`committedAt`, seconds, git's
 * committer date of the commit that brought the file's content onto the branch: readArrivalCommit). A panel keeps no history, and dashsync's save of it leaves no name once someone saves over it, so
 * the pushes on the dashboards using the panel are the only sign of when dashsync last applied there: a commit newer than
 * all of them (or less than CLOCK_SKEW_ALLOWED_SECONDS older than the newest) is one no apply seen here followed, and Grafana's
 * version may have been made over what was there before it. A time that cannot be read, the commit's or any push's, counts
 * as newer. null: a push came after the commit, or there is no push to compare with (dashsync shows no apply to those
 * dashboards: decided by the panel's savers alone).
 */
export function findCommitAfterPushes(committedAt: number | undefined, pushes: readonly PushNearPanel[]): CommitAfterPushes | null {
  if (pushes.length === 0) return null;
  const newest = newestPush(pushes);
  if ('untimed' in newest) return { kind: 'after-pushes', dashboard: newest.untimed.dashboard, pushedAt: '', ...(committedAt === undefined ? { commitTimeUnread: true } : {}) };
  if (committedAt === undefined) return { kind: 'after-pushes', dashboard: newest.push.dashboard, pushedAt: newest.push.at, commitTimeUnread: true };
  const after = committedAt * 1000 > newest.time - CLOCK_SKEW_ALLOWED_SECONDS * 1000;
  return after ? { kind: 'after-pushes', dashboard: newest.push.dashboard, pushedAt: newest.push.at } : null;
}

/**
 * Pure: the newest of `pushes` (at least one) by Grafana's time, with that time (ms); `untimed`: the first push whose time
 * cannot be read, when there is one (then which push is the newest cannot be told).
 */
export function newestPush(pushes: readonly PushNearPanel[]): { push: PushNearPanel; time: number } | { untimed: PushNearPanel } {
  const timed = pushes.map((push) => ({ push, time: Date.parse(push.at) }));
  const untimed = timed.find((each) => Number.isNaN(each.time));
  if (untimed !== undefined) return { untimed: untimed.push };
  return timed.reduce((best, each) => (each.time > best.time ? each : best));
}
