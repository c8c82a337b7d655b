import { PermissionError, TrashFolderGoneError } from '../errors.js';
import type { GrafanaPort, RecentlyDeleted, TrashToggle } from '../grafana/port.js';
import { readNewestBackup } from './write-backup.js';

export type RestoreOutcome =
  /** `folderRecreated`: the folder it was deleted from was gone and was created again from the backup ("Title (uid)"). */
  | { uid: string; kind: 'restored-from-trash'; folderRecreated?: string }
  /** "Recently deleted" holds it, but its folder is gone and no backup from `source` in `backupDir` names that folder. */
  | { uid: string; kind: 'trash-folder-gone'; backupDir: string; source: string }
  | { uid: string; kind: 'restored-from-backup'; backup: string; version: number; folderUid: string | null; folderMissing: string | null }
  | { uid: string; kind: 'exists'; version: number }
  /** Neither Grafana's "Recently deleted" (`trash` says why) nor `backupDir` (a backup from `source`) holds it. */
  | { uid: string; kind: 'not-found'; trash: TrashVerdict; backupDir: string; source: string };

/** Why "Recently deleted" did not give the dashboard back, as far as this Grafana tells. */
export type TrashVerdict =
  /** Switched off in this Grafana: its feature toggle (null: a hidden release, so either name) is off. */
  | { kind: 'off'; toggle: TrashToggle | null }
  /** Asked, no entry for the uid. `known`: the settings said it is on (false: they could not be read). */
  | { kind: 'no-entry'; known: boolean }
  /** The credentials may not use it (HTTP 403; Grafana 11's trash routes are for org Admins). */
  | { kind: 'denied' }
  /** On, but this API cannot take a dashboard back from it (`/api` of Grafana 12 and later: only `/apis` can). */
  | { kind: 'other-api' }
  /** This API cannot ask, and the settings could not be read. */
  | { kind: 'cannot-ask' };

/** Pure: the verdict from whether the trash was asked (`asked`, `denied`) and what the settings say. */
function judgeTrash(asked: 'yes' | 'no' | 'denied', setting: RecentlyDeleted): TrashVerdict {
  if (setting.on === false) return { kind: 'off', toggle: setting.toggle };
  if (asked === 'denied') return { kind: 'denied' };
  if (asked === 'yes') return { kind: 'no-entry', known: setting.on === true };
  return setting.on ? { kind: 'other-api' } : { kind: 'cannot-ask' };
}

/**
 * Brings back a dashboard deleted by a prune: from Grafana's "Recently deleted" where the
 * server has one, otherwise by re-posting the newest local backup taken from this Grafana
 * and org (into its old folder when that still exists, else the General level).
 */
export async function restoreDashboard(uid: string, context: { grafana: GrafanaPort; backupDir: string; message: string }): Promise<RestoreOutcome> {
  const { grafana } = context;
  const existing = await grafana.getDashboard(uid);
  if (existing) return { uid, kind: 'exists', version: existing.version };
  const asked = await askTrash(grafana, uid);
  if (asked === 'restored') return { uid, kind: 'restored-from-trash' };

  const found = await readNewestBackup(context.backupDir, uid, { url: grafana.url, orgId: grafana.orgId ?? null });
  const source = `${grafana.url}${grafana.orgId === undefined ? '' : ` org ${grafana.orgId}`}`;
  if (asked === 'folder-gone') {
    // Grafana 11 keeps the dashboard (id, versions, library panel connections) but restores only into an existing
    // folder: the backup taken when it was pruned names that folder, so it is created again first.
    const folderUid = found?.backup.folderUid ?? '';
    if (!found || folderUid === '') return { uid, kind: 'trash-folder-gone', backupDir: context.backupDir, source };
    if ((await grafana.getFolder(folderUid)) === null) {
      await grafana.createFolder({ uid: folderUid, title: found.backup.folderTitle, parentUid: null });
    }
    if (!(await grafana.restoreFromTrash(uid))) throw new Error(`dashboard ${uid} left Grafana's "Recently deleted" while it was being restored; run restore again`);
    return { uid, kind: 'restored-from-trash', folderRecreated: `"${found.backup.folderTitle}" (${folderUid})` };
  }
  if (!found) {
    // Only now, and once per run: whether "Recently deleted" is on at all, so that the line says the truth.
    const trash = judgeTrash(asked, await grafana.recentlyDeleted());
    return { uid, kind: 'not-found', trash, backupDir: context.backupDir, source };
  }
  const wanted = found.backup.folderUid === '' ? null : found.backup.folderUid;
  const folderExists = wanted === null || (await grafana.getFolder(wanted)) !== null;
  const folderUid = folderExists ? wanted : null;
  const { backup } = found;
  const content = { schema: backup.schema ?? 'v1', apiVersion: backup.apiVersion ?? null, metadata: backup.metadata ?? { labels: {}, annotations: {} } };
  const target = grafana.writeTargetFor(content);
  if ('refused' in target) throw new Error(`the backup ${found.path} holds ${backup.apiVersion}: ${target.refused}`);
  const saved = await grafana.saveDashboard({ uid, model: backup.dashboard, ...content, target, folderUid, message: context.message, expect: 'absent' });
  if (saved.kind === 'refused') {
    // Grafana 11: the trash keeps the uid taken, so the backup cannot go in while the entry is there.
    if (asked === 'denied') {
      throw new Error(`dashboard ${uid} is in Grafana's "Recently deleted", which keeps its uid taken and gives it back to org Admins only (HTTP 403): run restore with an org Admin's credentials`);
    }
    throw new Error(saved.message);
  }
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

/**
 * Takes the dashboard back from "Recently deleted" where this API can; `no` where it cannot ask, `denied` on a 403,
 * `folder-gone` when Grafana holds it but its folder no longer exists.
 */
async function askTrash(grafana: GrafanaPort, uid: string): Promise<'restored' | 'yes' | 'no' | 'denied' | 'folder-gone'> {
  if (!(await grafana.describeServer()).capabilities.trash) return 'no';
  try {
    if (await grafana.restoreFromTrash(uid)) return 'restored';
  } catch (error) {
    if (error instanceof PermissionError) return 'denied';
    if (error instanceof TrashFolderGoneError) return 'folder-gone';
    throw error;
  }
  // A restore retried after a dropped connection answers "no such entry" when its first attempt landed.
  return (await grafana.getDashboard(uid)) ? 'restored' : 'yes';
}
