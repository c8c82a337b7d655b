import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PlanFileError } from '../errors.js';
import type { LiveDashboard } from '../grafana/port.js';
import { writeBackupFile } from './write-file-durably.js';

/**
 * A dashboard as it was just before dashsync deleted it: enough to restore it exactly.
 * Layout: `<backupDir>/<uid>/<deletedAt>-v<version>.json`, one file per delete.
 */
export interface DashboardBackup {
  kind: 'dashsync-backup';
  formatVersion: 1;
  deletedAt: string;
  source: { url: string; orgId: number | null };
  uid: string;
  /** '' = General (the file format predates the port's null). */
  folderUid: string;
  folderTitle: string;
  version: number;
  /** The classic model, or the v2 spec (with `apiVersion` and `schema: "v2"`). */
  dashboard: Record<string, unknown>;
  /** How `/apis` stored it (`dashboard.grafana.app/v2beta1`…); absent for a backup read through `/api`. */
  apiVersion?: string;
  /** Absent = `v1` (a classic model). */
  schema?: 'v1' | 'v2';
  /** The author's labels and annotations (`/apis`). */
  metadata?: { labels: Record<string, string>; annotations: Record<string, string> };
}

/** Writes the backup durably (file fsync'd, renamed into place, directory fsync'd) before the delete is sent. */
export async function writeBackup(
  backupDir: string,
  live: LiveDashboard,
  source: { url: string; orgId: number | null },
  now = new Date(),
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
    version: live.version,
    dashboard: live.model,
    ...(live.apiVersion === null ? {} : { apiVersion: live.apiVersion, schema: live.schema, metadata: live.metadata }),
  };
  return writeBackupFile(join(backupDir, uid), now, live.version, backup);
}

/** The newest backup of `uid` taken from the same Grafana and org, or null. */
export async function readNewestBackup(
  backupDir: string,
  uid: string,
  source: { url: string; orgId: number | null },
): Promise<{ path: string; backup: DashboardBackup } | null> {
  let names: string[];
  try {
    names = await readdir(join(backupDir, uid));
  } catch {
    return null;
  }
  // Timestamps in ISO form sort chronologically as text.
  for (const name of names.filter((n) => n.endsWith('.json')).sort().reverse()) {
    const path = join(backupDir, uid, name);
    const backup = await readBackupFile(path);
    if (backup.source.url === source.url && (backup.source.orgId ?? null) === (source.orgId ?? null)) return { path, backup };
  }
  return null;
}

async function readBackupFile(path: string): Promise<DashboardBackup> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new PlanFileError(`${path} is not a readable dashsync backup (${(error as Error).message}); move it away and run restore again`);
  }
  const backup = value as Partial<DashboardBackup> | null;
  if (backup?.kind !== 'dashsync-backup' || backup.formatVersion !== 1 || typeof backup.dashboard !== 'object' || !backup.source) {
    throw new PlanFileError(`${path} is not a dashsync backup of format version 1; move it away and run restore again`);
  }
  return backup as DashboardBackup;
}
