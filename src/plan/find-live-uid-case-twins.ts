import type { Diagnostic } from '../errors.js';
import type { DashboardHead, LiveDashboard } from '../grafana/port.js';

export interface TreeUid {
  uid: string;
  /** As shown to the user. */
  file: string;
}

/** What the uid names in Grafana: each has its own uid column, compared as the database compares text. */
export type UidCaseTwinKind = 'dashboard' | 'folder' | 'library panel';

/**
 * Pure: tree uid → the listed uid it matches in another case only (`abc` in the tree, `ABC` live, no `abc`). Over
 * MySQL they are one dashboard, over SQLite or PostgreSQL two: a read of the tree uid tells which.
 */
export function findListedUidCaseTwins(dashboards: readonly TreeUid[], liveUids: Iterable<string>): Map<string, string> {
  const live = new Set(liveUids);
  const liveByFolded = new Map<string, string>();
  for (const uid of live) liveByFolded.set(uid.toLowerCase(), uid);
  const twins = new Map<string, string>();
  for (const entry of dashboards) {
    const twin = live.has(entry.uid) ? undefined : liveByFolded.get(entry.uid.toLowerCase());
    if (twin !== undefined) twins.set(entry.uid, twin);
  }
  return twins;
}

/**
 * Pure: one error per file (dashboard, folder or library panel) whose read Grafana answered with another uid (`answered`: tree uid → the uid in the answer).
 * Grafana over MySQL compares uids without case (utf8mb4_unicode_ci, pkg/services/sqlstore/migrator/mysql_dialect.go):
 * there a read of `abc` answers `ABC`, a save of `abc` updates `ABC` under its own uid (or is refused as a version
 * mismatch), and a prune of `ABC` deletes the dashboard the file names. So such a file stops the plan, before anything
 * is written.
 */
export function describeLiveUidCaseTwins(
  dashboards: readonly TreeUid[],
  answered: ReadonlyMap<string, string>,
  kind: UidCaseTwinKind = 'dashboard',
): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const entry of dashboards) {
    const twin = answered.get(entry.uid);
    if (twin === undefined || twin === entry.uid) continue;
    found.push({
      file: entry.file,
      severity: 'error',
      rule: 'uid-case-twin-in-grafana',
      message:
        `uid "${entry.uid}" differs only in case from the ${kind} "${twin}" in Grafana, which compares uids without case when it runs on MySQL: ` +
        `there a save of "${entry.uid}" would overwrite "${twin}" (or be refused), and a prune of "${twin}" would delete it; ` +
        `give the file the uid "${twin}", or rename or delete "${twin}" in Grafana`,
    });
  }
  return found;
}

/**
 * Pure: the uid Grafana answered a dashboard read with. On /apis the object's name (the port's `uid`; a v2 model has
 * no uid); on /api (no apiVersion) the model's uid, since that port keeps the uid it asked for.
 */
export function answeredUidOf(dashboard: DashboardHead | LiveDashboard): string {
  const modelUid = dashboard.apiVersion === null && 'model' in dashboard ? dashboard.model.uid : undefined;
  return typeof modelUid === 'string' ? modelUid : dashboard.uid;
}
