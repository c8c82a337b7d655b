import type { PushNearPanel } from './find-dashsync-push-near-panel.js';

/**
 * How much later than a push a commit must be to count as made after it: git's committer date comes from the committer's
 * machine, a push's time from Grafana's, and a clock set an hour off (a wrong time zone or daylight-saving setting) is
 * common enough to allow for. Within it the commit counts as made after the push, which refuses rather than replaces.
 */
export const CLOCK_SKEW_ALLOWED_SECONDS = 3600;

/** The file's newest commit is newer than every push of dashsync's on the dashboards using the panel: the newest push, by dashboard and time. */
export interface CommitAfterPushes {
  kind: 'after-pushes';
  dashboard: string;
  /** Grafana's time of that push (ISO); '' when the history gave none. */
  pushedAt: string;
}

/**
 * Pure: whether a `_library/` file's newest commit can have been carried by a push of dashsync's (`committedAt`, seconds, git's
 * committer date of the commit that brought the file's content onto the branch: readArrivalTime). A panel keeps no history, and dashsync's save of it leaves no name once someone saves over it, so
 * the pushes on the dashboards using the panel are the only sign of when dashsync last applied there: a commit newer than
 * all of them (within CLOCK_SKEW_ALLOWED_SECONDS) is one no apply seen here followed, and Grafana's version may have been
 * made over what was there before it. A time that cannot be read counts as newer. null: a push came after the commit, or
 * there is no push to compare with (dashsync shows no apply to those dashboards: decided by the panel's savers alone).
 */
export function findCommitAfterPushes(committedAt: number | undefined, pushes: readonly PushNearPanel[]): CommitAfterPushes | null {
  if (pushes.length === 0) return null;
  const timed = pushes.map((push) => ({ push, time: Date.parse(push.at) }));
  const newest = timed.reduce((best, each) => (Number.isNaN(best.time) || each.time > best.time ? each : best));
  const after = committedAt === undefined || Number.isNaN(newest.time) || committedAt * 1000 > newest.time - CLOCK_SKEW_ALLOWED_SECONDS * 1000;
  return after ? { kind: 'after-pushes', dashboard: newest.push.dashboard, pushedAt: Number.isNaN(newest.time) ? '' : newest.push.at } : null;
}
