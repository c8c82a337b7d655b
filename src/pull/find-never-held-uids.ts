import { readNewestDashboardBackupIn, type BackupDirs } from '../apply/find-other-environment-backups.js';
import type { BackupMatch } from '../apply/read-newest-backup-file.js';
import type { GrafanaPort } from '../grafana/port.js';
import { RequestInterruptedError } from '../errors.js';

export interface NeverHeldEvidence {
  /** The run's backup directories (apply's, this environment's and the others'); absent: no backup is looked for, none is known. */
  backups: BackupDirs | undefined;
  source: () => Promise<BackupMatch>;
}

/**
 * Of the dashboard uids `pull --prune` would delete (Grafana lists none of them), those this Grafana never held as far as
 * dashsync can tell: its "Recently deleted" can be read and does not hold the uid, and dashsync has no backup of it from this
 * Grafana. Such a file is a create not applied here yet (walk-71 M4: another environment applied it, or the apply has not
 * run), not a dashboard deleted in Grafana. None where "Recently deleted" cannot be read (legacy SQL storage, `/api`, a listing
 * refused to these credentials): a delete there leaves no trace, so pull cannot tell the two apart and prunes as before.
 * One listing of "Recently deleted", one backup look-up per uid; only for a run that would delete dashboard files.
 */
export async function findNeverHeldUids(grafana: Pick<GrafanaPort, 'recentlyDeletedEntries'>, uids: readonly string[], evidence: NeverHeldEvidence): Promise<Set<string>> {
  const neverHeld = new Set<string>();
  if (uids.length === 0) return neverHeld;
  let listed: Awaited<ReturnType<GrafanaPort['recentlyDeletedEntries']>>;
  try {
    listed = await grafana.recentlyDeletedEntries();
  } catch (error) {
    if (error instanceof RequestInterruptedError) throw error;
    listed = null;
  }
  // No trash (legacy SQL storage, `/api`), or a list that could not be read: an empty answer proves nothing.
  if (listed === null || !(listed instanceof Map)) return neverHeld;
  const trashed: ReadonlyMap<string, unknown> = listed;
  let source: BackupMatch | undefined;
  for (const uid of uids) {
    if (trashed.has(uid)) continue;
    if (evidence.backups !== undefined) {
      source ??= await evidence.source();
      const backup = await readNewestDashboardBackupIn(evidence.backups, uid, source).catch(() => 'unreadable' as const);
      if (backup !== null) continue;
    }
    neverHeld.add(uid);
  }
  return neverHeld;
}
