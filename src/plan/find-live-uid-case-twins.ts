import type { Diagnostic } from '../errors.js';
import type { DashboardHead, LiveDashboard } from '../grafana/port.js';

export interface TreeUid {
  uid: string;
  /** As shown to the user. */
  file: string;
}

/** What the uid names in Grafana: each has its own uid column, compared as the database compares text. */
export type UidCaseTwinKind = 'dashboard' | 'folder' | 'library panel' | 'library variable';

/** Pure: what a library element is, by its kind (1 panel, 2 variable). */
export function libraryElementKind(element: { kind: number }): 'library panel' | 'library variable' {
  return element.kind === 2 ? 'library variable' : 'library panel';
}

/**
 * Pure: tree uid → the listed uid it matches in another case only (`abc` in the tree, `ABC` live, no `abc`). Over
 * MySQL they are one dashboard, over SQLite or PostgreSQL two: a read of the tree uid tells which.
 */
export function findListedUidCaseTwins(dashboards: readonly { uid: string }[], liveUids: Iterable<string>): Map<string, string> {
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
 * is written. `heldBy`: the file of the tree that holds a twin's uid as it is (another environment's), by that uid: then
 * taking the twin's uid would make two files of one uid, so the way out is another uid for this file.
 */
export function describeLiveUidCaseTwins(
  dashboards: readonly TreeUid[],
  answered: ReadonlyMap<string, string>,
  kind: UidCaseTwinKind = 'dashboard',
  heldBy: ReadonlyMap<string, string> = new Map(),
): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const entry of dashboards) {
    const twin = answered.get(entry.uid);
    if (twin === undefined || twin === entry.uid) continue;
    const holder = heldBy.get(twin);
    found.push({
      file: entry.file,
      severity: 'error',
      rule: 'uid-case-twin-in-grafana',
      message:
        `uid "${entry.uid}" differs only in case from the ${kind} "${twin}" in Grafana, which compares uids without case when it runs on MySQL: ` +
        `there a save of "${entry.uid}" would overwrite "${twin}" (or be refused), and a prune of "${twin}" would delete it; ` +
        (holder === undefined || holder === entry.file
          ? `give the file the uid "${twin}", or rename or delete "${twin}" in Grafana`
          : `"${twin}" is the uid of ${holder} too, so give this file another uid`),
    });
  }
  return found;
}

/**
 * Pure: one error per file whose uid Grafana lists only in another case and refused to read (`refused`: tree uid → the
 * listed uid). Grafana checks the read against the uid as requested before it looks it up, so the 403 comes whether
 * the database holds no such uid (SQLite, PostgreSQL: a case-only rename, a create and a prune) or finds the listed one
 * (MySQL: one object, which a save would overwrite and a prune delete). Which, the run cannot know: it stops.
 */
export function describeUnreadableUidCaseTwins(entries: readonly TreeUid[], refused: ReadonlyMap<string, string>, kind: UidCaseTwinKind): Diagnostic[] {
  const plural = { dashboard: 'dashboards', folder: 'folders', 'library panel': 'library panels and their folders', 'library variable': 'library panels and their folders' }[kind];
  return entries.flatMap((entry) => {
    const listed = refused.get(entry.uid);
    if (listed === undefined) return [];
    return [{
      file: entry.file,
      severity: 'error' as const,
      rule: 'uid-case-twin-unreadable',
      message:
        `Grafana refused a read of uid "${entry.uid}" (403), so dashsync cannot tell whether it is the ${kind} "${listed}" in another case ` +
        `(one uid when Grafana runs on MySQL, which compares uids without case) or a new one: nothing was written; ` +
        `give the file the uid "${listed}", or run with credentials that may read all ${plural} (an org Admin)`,
    }];
  });
}

/**
 * Pure: the uid Grafana answered a dashboard read with. On /apis the object's name (the port's `uid`; a v2 model has
 * no uid); on /api (no apiVersion) the model's uid, since that port keeps the uid it asked for.
 */
export function answeredUidOf(dashboard: DashboardHead | LiveDashboard): string {
  const modelUid = dashboard.apiVersion === null && 'model' in dashboard ? dashboard.model.uid : undefined;
  return typeof modelUid === 'string' ? modelUid : dashboard.uid;
}
