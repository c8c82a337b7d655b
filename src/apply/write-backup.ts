import type { LiveDashboard } from '../grafana/port.js';
import { isFolderChain, type FolderRef } from './read-folder-chain.js';
import { backupDirOf } from './backup-dir.js';
import type { HeldPush } from './read-held-push.js';
import { readNewestBackupFile, type BackupSource } from './read-newest-backup-file.js';
import { writeBackupFile } from './write-file-durably.js';

/**
 * A dashboard as it was just before dashsync deleted it: enough to restore it exactly.
 * Layout: `<backupDir>/<uid>/<deletedAt>-v<version>.json`, one file per delete.
 */
export interface DashboardBackup {
  kind: 'dashsync-backup';
  formatVersion: 1;
  deletedAt: string;
  source: BackupSource;
  uid: string;
  /** '' = General (the file format predates the port's null). */
  folderUid: string;
  folderTitle: string;
  /**
   * The folders above `folderUid`, top level first ([] = a top-level folder, or General), so that
   * restore can create a folder that is gone under its old parents. Absent: written before dashsync
   * recorded it, or its folders could not be read then.
   */
  folderParents?: FolderRef[];
  version: number;
  /** The classic model, or the v2 spec (with `apiVersion` and `schema: "v2"`). */
  dashboard: Record<string, unknown>;
  /** How `/apis` stored it (`dashboard.grafana.app/v2beta1`…); absent for a backup read through `/api`. */
  apiVersion?: string;
  /** Absent = `v1` (a classic model). */
  schema?: 'v1' | 'v2';
  /** The author's labels and annotations (`/apis`). */
  metadata?: { labels: Record<string, string>; annotations: Record<string, string> };
  /**
   * dashsync's push it held unchanged when it was deleted (readHeldPush): a restore saves it as that push again, so
   * that the next plan knows it (Grafana's own rewrites of it are no change). Absent: someone saved it since, or not known.
   */
  pushed?: HeldPush;
}

/** Writes the backup durably (file fsync'd, renamed into place, directory fsync'd) before the delete is sent. */
export async function writeBackup(
  backupDir: string,
  live: LiveDashboard,
  source: BackupSource,
  folderParents: FolderRef[] | null = null,
  now = new Date(),
  pushed: HeldPush | null = null,
): Promise<string> {
  const uid = live.uid;
  const backup: DashboardBackup = {
    kind: 'dashsync-backup',
    formatVersion: 1,
    deletedAt: now.toISOString(),
    source,
    uid,
    folderUid: live.folderUid ?? '',
    folderTitle: live.folderTitle,
    ...(folderParents === null ? {} : { folderParents }),
    version: live.version,
    dashboard: live.model,
    ...(live.apiVersion === null ? {} : { apiVersion: live.apiVersion, schema: live.schema, metadata: live.metadata }),
    ...(pushed === null ? {} : { pushed }),
  };
  return writeBackupFile(backupDirOf(backupDir, uid), now, live.version, backup);
}

/** The newest backup of `uid` taken from the same Grafana and org, or null. */
export async function readNewestBackup(backupDir: string, uid: string, source: BackupSource): Promise<{ path: string; backup: DashboardBackup } | null> {
  return readNewestBackupFile(backupDirOf(backupDir, uid), uid, source, isDashboardBackup);
}

function isDashboardBackup(value: unknown): value is DashboardBackup {
  const backup = value as Partial<DashboardBackup> | null;
  return (
    backup?.kind === 'dashsync-backup' &&
    backup.formatVersion === 1 &&
    typeof backup.dashboard === 'object' &&
    !!backup.source &&
    (backup.folderParents === undefined || isFolderChain(backup.folderParents)) &&
    (backup.pushed === undefined || (typeof backup.pushed?.sha256 === 'string' && (backup.pushed.objectUid === null || typeof backup.pushed.objectUid === 'string')))
  );
}
