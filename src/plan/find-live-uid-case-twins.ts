import type { Diagnostic } from '../errors.js';

interface TreeDashboard {
  uid: string;
  /** As shown to the user. */
  file: string;
}

/**
 * Pure: each file whose uid Grafana holds in another case only (`abc` in the tree, `ABC` live, no `abc`), or whose
 * read answered another uid (`answered`: tree uid → the uid in Grafana's answer). Grafana over MySQL compares uids
 * without case (utf8mb4_unicode_ci, pkg/services/sqlstore/migrator/mysql_dialect.go): there a read of `abc` answers
 * `ABC`, a save of `abc` updates `ABC` under its own uid (or is refused as a version mismatch), and a prune of `ABC`
 * deletes the dashboard the file names. dashsync cannot tell the database, so such a file stops the plan: one line
 * naming both uids, before anything is written.
 */
export function findLiveUidCaseTwins(dashboards: readonly TreeDashboard[], liveUids: Iterable<string>, answered: ReadonlyMap<string, string>): Diagnostic[] {
  const live = new Set(liveUids);
  const liveByFolded = new Map<string, string>();
  for (const uid of live) liveByFolded.set(uid.toLowerCase(), uid);
  const found: Diagnostic[] = [];
  for (const entry of dashboards) {
    const twin = answered.get(entry.uid) ?? (live.has(entry.uid) ? undefined : liveByFolded.get(entry.uid.toLowerCase()));
    if (twin === undefined || twin === entry.uid) continue;
    found.push({
      file: entry.file,
      severity: 'error',
      rule: 'uid-case-twin-in-grafana',
      message:
        `uid "${entry.uid}" differs only in case from the dashboard "${twin}" in Grafana, which compares uids without case when it runs on MySQL: ` +
        `there a save of "${entry.uid}" would overwrite "${twin}" (or be refused), and a prune of "${twin}" would delete it; ` +
        `give the file the uid "${twin}", or rename or delete "${twin}" in Grafana`,
    });
  }
  return found;
}
