import type { GrafanaApi } from '../grafana/types.js';
import { readNewestBackup } from './write-backup.js';

export type RestoreOutcome =
  | { uid: string; kind: 'restored-from-trash' }
  | { uid: string; kind: 'restored-from-backup'; backup: string; version: number; folderUid: string }
  | { uid: string; kind: 'exists'; version: number }
  | { uid: string; kind: 'not-found'; message: string };

/**
 * Brings back a dashboard deleted by a prune: from Grafana's "Recently deleted" where the
 * server has one, otherwise by re-posting the newest local backup (into its old folder when
 * that still exists, else the General level).
 */
export async function restoreDashboard(uid: string, context: { client: GrafanaApi; backupDir: string; message: string }): Promise<RestoreOutcome> {
  const { client } = context;
  const existing = await client.getDashboard(uid);
  if (existing) return { uid, kind: 'exists', version: existing.meta.version };
  if (await client.restoreFromTrash(uid)) return { uid, kind: 'restored-from-trash' };

  const found = await readNewestBackup(context.backupDir, uid, { url: client.url, orgId: client.orgId ?? null });
  if (!found) {
    return {
      uid,
      kind: 'not-found',
      message: `no "Recently deleted" entry in Grafana and no backup for ${uid} from this Grafana in ${context.backupDir}`,
    };
  }
  const folderUid = found.backup.folderUid && (await client.getFolder(found.backup.folderUid)) ? found.backup.folderUid : '';
  const saved = await client.saveDashboard({
    dashboard: { ...found.backup.dashboard, id: null, version: undefined },
    folderUid,
    message: context.message,
    overwrite: false,
  });
  return { uid, kind: 'restored-from-backup', backup: found.path, version: saved.version, folderUid };
}
