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

/**
 * Prunes one dashboard: re-reads it, refuses when it changed since the plan (someone's new
 * work is never deleted unseen), writes the live JSON to the backup directory, then deletes.
 * `hard` also purges the "Recently deleted" entry where the server keeps one.
 */
export async function deleteDashboardAction(
  action: DashboardAction,
  context: { client: GrafanaApi; backupDir: string; deleteMode: DeleteMode },
): Promise<DeleteOutcome> {
  const { client } = context;
  const live = await client.getDashboard(action.uid);
  if (!live) return { kind: 'gone' };
  if (live.meta.provisioned) return { kind: 'skipped', reason: 'provisioned dashboards are never deleted' };
  if (action.live && live.meta.version !== action.live.version) {
    return {
      kind: 'conflict',
      conflict: {
        uid: action.uid,
        title: action.title,
        file: null,
        plannedVersion: action.live.version,
        currentVersion: live.meta.version,
        changedBy: live.meta.updatedBy,
        changedAt: live.meta.updated,
      },
    };
  }
  const backup = await writeBackup(context.backupDir, live, { url: client.url, orgId: client.orgId ?? null });
  const deleted = await client.deleteDashboard(action.uid);
  if (!deleted) return { kind: 'gone' };
  if (context.deleteMode === 'hard' && deleted.movedToTrash) await client.purgeFromTrash(action.uid);
  return { kind: 'deleted', backup };
}
