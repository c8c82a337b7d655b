import type { DeleteMode } from '../config/types.js';
import type { GrafanaApi } from '../grafana/types.js';
import type { DashboardAction } from '../plan/types.js';
import type { ApplyConflict } from './types.js';
import { writeBackup } from './write-backup.js';

export type DeleteOutcome =
  | { kind: 'deleted'; backup: string }
  | { kind: 'gone' }
  | { kind: 'skipped'; reason: string }
  | { kind: 'conflict'; conflict: ApplyConflict };

export interface DeleteContext {
  client: GrafanaApi;
  backupDir: string;
  deleteMode: DeleteMode;
  /** --force: delete even when the dashboard changed since the plan (the backup keeps the new version). */
  force: boolean;
}

/**
 * Prunes one dashboard: re-reads it, refuses when it changed since the plan (someone's new
 * work is never deleted unseen, unless --force), writes the live JSON to the backup
 * directory (fsync'd), then deletes. `hard` also purges the "Recently deleted" entry where
 * the server keeps one. Provisioned dashboards are never deleted.
 */
export async function deleteDashboardAction(action: DashboardAction, context: DeleteContext): Promise<DeleteOutcome> {
  const { client } = context;
  const live = await client.getDashboard(action.uid);
  if (!live) return { kind: 'gone' };
  if (live.meta.provisioned || live.meta.provisionedExternalId !== '') {
    return { kind: 'skipped', reason: 'provisioned in Grafana; prune never deletes provisioned dashboards' };
  }
  if (!context.force && action.live && live.meta.version !== action.live.version) {
    return {
      kind: 'conflict',
      conflict: {
        uid: action.uid,
        title: action.title,
        action: 'delete',
        file: null,
        plannedVersion: action.live.version,
        currentVersion: live.meta.version,
        changedBy: live.meta.updatedBy,
        changedAt: live.meta.updated,
      },
    };
  }
  let backup: string;
  try {
    backup = await writeBackup(context.backupDir, live, { url: client.url, orgId: client.orgId ?? null });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(`not deleted: cannot write its backup into ${context.backupDir} (${code}); check backupDir / --backup-dir`);
  }
  const deleted = await client.deleteDashboard(action.uid);
  // null: already gone — typically a DELETE retried after a dropped connection whose first attempt landed.
  if (context.deleteMode === 'hard' && (deleted === null || deleted.movedToTrash)) await client.purgeFromTrash(action.uid);
  return { kind: 'deleted', backup };
}
