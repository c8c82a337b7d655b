import type { GrafanaPort } from '../grafana/port.js';
import { readNewestBackup } from './write-backup.js';

export type RestoreOutcome =
  | { uid: string; kind: 'restored-from-trash' }
  | { uid: string; kind: 'restored-from-backup'; backup: string; version: number; folderUid: string | null; folderMissing: string | null }
  | { uid: string; kind: 'exists'; version: number }
  /**
   * Neither Grafana's "Recently deleted" (`trash`: `none` where this Grafana has none that dashsync
   * can use, `no-entry` where it was asked) nor `backupDir` (a backup from `source`) holds it.
   */
  | { uid: string; kind: 'not-found'; trash: 'none' | 'no-entry'; backupDir: string; source: string };

/**
 * Brings back a dashboard deleted by a prune: from Grafana's "Recently deleted" where the
 * server has one, otherwise by re-posting the newest local backup taken from this Grafana
 * and org (into its old folder when that still exists, else the General level).
 */
export async function restoreDashboard(uid: string, context: { grafana: GrafanaPort; backupDir: string; message: string }): Promise<RestoreOutcome> {
  const { grafana } = context;
  const existing = await grafana.getDashboard(uid);
  if (existing) return { uid, kind: 'exists', version: existing.version };
  const { trash } = (await grafana.describeServer()).capabilities;
  if (trash) {
    if (await grafana.restoreFromTrash(uid)) return { uid, kind: 'restored-from-trash' };
    // A restore retried after a dropped connection answers "no such entry" when its first attempt landed.
    if (await grafana.getDashboard(uid)) return { uid, kind: 'restored-from-trash' };
  }

  const found = await readNewestBackup(context.backupDir, uid, { url: grafana.url, orgId: grafana.orgId ?? null });
  if (!found) {
    const source = `${grafana.url}${grafana.orgId === undefined ? '' : ` org ${grafana.orgId}`}`;
    return { uid, kind: 'not-found', trash: trash ? 'no-entry' : 'none', backupDir: context.backupDir, source };
  }
  const wanted = found.backup.folderUid === '' ? null : found.backup.folderUid;
  const folderExists = wanted === null || (await grafana.getFolder(wanted)) !== null;
  const folderUid = folderExists ? wanted : null;
  const { backup } = found;
  const content = { schema: backup.schema ?? 'v1', apiVersion: backup.apiVersion ?? null, metadata: backup.metadata ?? { labels: {}, annotations: {} } };
  const target = grafana.writeTargetFor(content);
  if ('refused' in target) throw new Error(`the backup ${found.path} holds ${backup.apiVersion}: ${target.refused}`);
  const saved = await grafana.saveDashboard({ uid, model: backup.dashboard, ...content, target, folderUid, message: context.message, expect: 'absent' });
  if (saved.kind === 'refused') throw new Error(saved.message);
  if (saved.kind === 'conflict') return { uid, kind: 'exists', version: saved.current?.version ?? 0 };
  return {
    uid,
    kind: 'restored-from-backup',
    backup: found.path,
    version: saved.version,
    folderUid,
    folderMissing: folderExists ? null : `${found.backup.folderTitle} (${wanted})`,
  };
}
