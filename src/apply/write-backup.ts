import { mkdir, open, readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { LiveDashboard } from '../grafana/types.js';

/** A dashboard as it was just before dashsync deleted it: enough to restore it exactly. */
export interface DashboardBackup {
  kind: 'dashsync-backup';
  formatVersion: 1;
  deletedAt: string;
  source: { url: string; orgId: number | null };
  uid: string;
  folderUid: string;
  folderTitle: string;
  version: number;
  dashboard: Record<string, unknown>;
}

/** Writes `<backupDir>/<uid>/<timestamp>-v<version>.json` durably (fsync) before the delete is sent. */
export async function writeBackup(
  backupDir: string,
  live: LiveDashboard,
  source: { url: string; orgId: number | null },
  now = new Date(),
): Promise<string> {
  const uid = String(live.dashboard.uid);
  const backup: DashboardBackup = {
    kind: 'dashsync-backup',
    formatVersion: 1,
    deletedAt: now.toISOString(),
    source,
    uid,
    folderUid: live.meta.folderUid,
    folderTitle: live.meta.folderTitle,
    version: live.meta.version,
    dashboard: live.dashboard,
  };
  const dir = join(backupDir, uid);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${now.toISOString().replace(/[:.]/g, '-')}-v${live.meta.version}.json`);
  const temporary = `${path}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(`${JSON.stringify(backup, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
  return path;
}

/** The newest backup of `uid` taken from the same Grafana and org, or null. */
export async function readNewestBackup(backupDir: string, uid: string, source: { url: string; orgId: number | null }): Promise<{ path: string; backup: DashboardBackup } | null> {
  let names: string[];
  try {
    names = await readdir(join(backupDir, uid));
  } catch {
    return null;
  }
  for (const name of names.filter((n) => n.endsWith('.json')).sort().reverse()) {
    const path = join(backupDir, uid, name);
    const backup = JSON.parse(await readFile(path, 'utf8')) as DashboardBackup;
    if (backup.kind === 'dashsync-backup' && backup.source.url === source.url && (backup.source.orgId ?? null) === (source.orgId ?? null)) {
      return { path, backup };
    }
  }
  return null;
}
