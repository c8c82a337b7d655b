import type { GrafanaApi } from '../grafana/types.js';
import { readNewestBackup } from './write-backup.js';

export type RestoreOutcome =
  | { uid: string; kind: 'restored-from-trash' }
  | { uid: string; kind: 'restored-from-backup'; backup: string; version: number; folderUid: string; folderMissing: string | null }
  | { uid: string; kind: 'exists'; version: number }
  | { uid: string; kind: 'not-found'; message: string };

/**
 * Brings back a dashboard deleted by a prune: from Grafana's "Recently deleted" where the
 * server has one, otherwise by re-posting the newest local backup taken from this Grafana
 * and org (into its old folder when that still exists, else the General level).
 */
export async function restoreDashboard(uid: string, context: { client: GrafanaApi; backupDir: string; message: string }): Promise<RestoreOutcome> {
  const { client } = context;
  const existing = await client.getDashboard(uid);
  if (existing) return { uid, kind: 'exists', version: existing.meta.version };
  if (await client.restoreFromTrash(uid)) return { uid, kind: 'restored-from-trash' };
  // A PATCH retried after a dropped connection answers 404 when its first attempt landed.
  if (await client.getDashboard(uid)) return { uid, kind: 'restored-from-trash' };

  const found = await readNewestBackup(context.backupDir, uid, { url: client.url, orgId: client.orgId ?? null });
  if (!found) {
    return {
      uid,
      kind: 'not-found',
      message: `cannot restore ${uid}: Grafana has no "Recently deleted" entry for it and ${context.backupDir} holds no backup of it from ${client.url}${client.orgId === undefined ? '' : ` org ${client.orgId}`}`,
    };
  }
  const wanted = found.backup.folderUid;
  const folderExists = wanted === '' || (await client.getFolder(wanted)) !== null;
  const folderUid = folderExists ? wanted : '';
  const dashboard: Record<string, unknown> = { ...found.backup.dashboard, id: null };
  delete dashboard.version;
  const saved = await client.saveDashboard({ dashboard, folderUid, message: context.message, overwrite: false });
  return {
    uid,
    kind: 'restored-from-backup',
    backup: found.path,
    version: saved.version,
    folderUid,
    folderMissing: folderExists ? null : `${found.backup.folderTitle} (${wanted})`,
  };
}
