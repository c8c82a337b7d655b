import type { DeleteMode } from '../config/types.js';
import { describeDeleteRefusal, ownerBlocksDelete } from '../grafana/ownership.js';
import type { GrafanaPort } from '../grafana/port.js';
import type { DashboardAction } from '../plan/types.js';
import { mayHaveLanded, readBack } from './read-back.js';
import { conflictOf } from './save-dashboard-action.js';
import { backUpBeforeDelete } from './write-file-durably.js';
import type { ApplyConflict } from './types.js';
import { writeBackup } from './write-backup.js';

export type DeleteOutcome =
  | { kind: 'deleted'; backup: string }
  | { kind: 'skipped'; reason: string }
  | { kind: 'conflict'; conflict: ApplyConflict }
  /** The DELETE went out and Grafana stopped answering before it could be read back. */
  | { kind: 'unknown'; error: unknown };

export interface DeleteContext {
  grafana: GrafanaPort;
  backupDir: string;
  deleteMode: DeleteMode;
  /** --force: delete even when the dashboard changed since the plan (the backup keeps the new version). */
  force: boolean;
  /** The backup is on disk and the delete is about to be sent (a log shows it before the delete). */
  onBackup?: (path: string) => void;
}

/**
 * Prunes one dashboard: re-reads it, refuses when it changed since the plan (someone's new
 * work is never deleted unseen, unless --force), writes the live JSON to the backup
 * directory (fsync'd), says so (`onBackup`), then deletes; a DELETE that failed after it may
 * have landed is read back. `hard` also purges the "Recently deleted" entry where
 * the server keeps one. A dashboard someone else owns is never deleted.
 */
export async function deleteDashboardAction(action: DashboardAction, context: DeleteContext): Promise<DeleteOutcome> {
  const { grafana } = context;
  const live = await grafana.getDashboard(action.uid);
  if (!live) return { kind: 'skipped', reason: 'already gone from Grafana; nothing to delete' };
  if (ownerBlocksDelete(live.owner)) return { kind: 'skipped', reason: describeDeleteRefusal(live.owner!) };
  if (!context.force && action.live && live.revision !== action.live.revision) return { kind: 'conflict', conflict: conflictOf(action, live) };
  const backup = await backUpBeforeDelete(context.backupDir, () => writeBackup(context.backupDir, live, { url: grafana.url, orgId: grafana.orgId ?? null }));
  context.onBackup?.(backup);
  try {
    // The revision just read: where the API checks it (/apis), a save in between refuses the delete.
    await grafana.deleteDashboard(action.uid, { purge: context.deleteMode === 'hard', expect: live.revision });
  } catch (error) {
    if (!mayHaveLanded(error)) throw error;
    const gone = await readBack(async () => (await grafana.getDashboard(action.uid)) === null);
    if (gone === null) return { kind: 'unknown', error };
    if (!gone) throw error;
  }
  return { kind: 'deleted', backup };
}
