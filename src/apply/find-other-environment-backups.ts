import { basename, dirname, join } from 'node:path';
import { PlanFileError } from '../errors.js';
import type { GrafanaPort } from '../grafana/port.js';
import { listBackedUpUids } from './list-backed-up-uids.js';
import type { BackupSource } from './read-newest-backup-file.js';
import { readNewestBackup } from './write-backup.js';
import { readNewestLibraryPanelBackup } from './write-library-panel-backup.js';

/** Another environment of the config and the directory its prunes back up into. */
export interface OtherEnvironmentBackups {
  environment: string;
  backupDir: string;
}

/**
 * The backup directories of the config's other environments, beside this one's (`.dashsync/backups/<env>`): where a
 * prune run by one environment of a Grafana org another shares leaves what it deleted of the other's. None without an
 * environment, or when this run's backup directory is not its environment's own (--backup-dir, or one shared by all).
 */
export function otherEnvironmentBackupDirs(settings: { environment: string | undefined; environments: readonly string[]; backupDir: string }): OtherEnvironmentBackups[] {
  const { environment, backupDir } = settings;
  if (environment === undefined || basename(backupDir) !== environment) return [];
  return settings.environments.filter((name) => name !== environment).map((name) => ({ environment: name, backupDir: join(dirname(backupDir), name) }));
}

/**
 * The first other environment (config order) holding a backup of `uid` (dashboard or library panel) taken from `source`:
 * the same Grafana and org as this run, so `restore --env <it> <uid>` puts it back here. A backup there that cannot be
 * read is passed over: this is advice, and that environment's own restore names the file.
 */
export async function findOtherEnvironmentBackup(uid: string, others: readonly OtherEnvironmentBackups[], source: Required<BackupSource>): Promise<OtherEnvironmentBackups | null> {
  for (const other of others) {
    const found = await Promise.all([readNewestBackup(other.backupDir, uid, source), readNewestLibraryPanelBackup(other.backupDir, uid, source)]).catch((error: unknown) => {
      if (error instanceof PlanFileError) return [null, null];
      throw error;
    });
    if (found.some((backup) => backup !== null)) return other;
  }
  return null;
}

/** `restore --all`: per other environment, the uids absent in Grafana that only its directory holds a backup of (from `source`, in the time asked). */
export async function listOtherEnvironmentsAbsent(
  others: readonly OtherEnvironmentBackups[],
  context: { grafana: Pick<GrafanaPort, 'listDashboards' | 'listLibraryPanels'>; source: Required<BackupSource>; since: Date | null; taken: ReadonlySet<string> },
): Promise<(OtherEnvironmentBackups & { uids: string[] })[]> {
  const found: (OtherEnvironmentBackups & { uids: string[] })[] = [];
  const seen = new Set(context.taken);
  for (const other of others) {
    // Grafana is listed only for a directory that holds backups from this source.
    const selection = await listBackedUpUids(other.backupDir, context.grafana, context.source, context.since);
    const uids = [...new Set(selection.absent.map((entry) => entry.uid))].filter((uid) => !seen.has(uid));
    for (const uid of uids) seen.add(uid);
    if (uids.length > 0) found.push({ ...other, uids });
  }
  return found;
}
