import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { BackupFromElsewhere, BackupMatch } from './read-newest-backup-file.js';
import { readNewestBackup, type DashboardBackup } from './write-backup.js';
import { readNewestLibraryPanelBackup, type LibraryPanelBackup } from './write-library-panel-backup.js';

/** Another environment of the config and the directory its prunes back up into. */
export interface OtherEnvironmentBackups {
  environment: string;
  backupDir: string;
}

/**
 * Where restore looks for backups: this run's directory, and the config's other environments' (one Grafana org split by
 * environment directories: one environment's prune backs up what it deleted of another's). Only a backup from this run's
 * Grafana and org is ever taken from any of them.
 */
export interface BackupDirs {
  own: string;
  others: readonly OtherEnvironmentBackups[];
  /** The run's working directory: a backup that cannot be read is named relative to it, as other file errors are. */
  cwd?: string;
}

/** A backup restore found: `otherEnvironment` when another environment's directory held it. */
export interface FoundBackup<T> {
  path: string;
  backup: T;
  otherEnvironment?: OtherEnvironmentBackups;
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
 * The directory `--backup-dir DIR` stands for in a run with an environment: `DIR/<env>` when DIR holds it as the default
 * layout does (`.dashsync/backups/<env>/`, which the documented workflows upload whole as the artifact), else DIR. That
 * directory holds directories (a uid's, `library-panels/`); a dashboard's backup directory of the same name holds only files.
 */
export async function environmentBackupDirIn(dir: string, environment: string | undefined): Promise<string> {
  if (environment === undefined) return dir;
  const entries = await readdir(join(dir, environment), { withFileTypes: true }).catch(() => []);
  return entries.some((entry) => entry.isDirectory()) ? join(dir, environment) : dir;
}

/** The directories in `dir` (none when it cannot be read), sorted: what a backup directory that held no backup holds instead. */
export async function subdirectoriesOf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

/**
 * The newest backup of a uid from this Grafana and org across the directories (the last prune that deleted it,
 * whichever environment ran it; this run's own directory wins a tie). A backup file is named by the time of its delete,
 * so names compare in time. `elsewhere` collects the backups from another source in this run's directory only: another
 * environment's directory may hold another Grafana's, which are none of this run's. A backup there that cannot be read
 * is an error naming it, as one here is: it may be the newest.
 */
async function readNewestIn<T>(
  dirs: BackupDirs,
  read: (dir: string, elsewhere?: BackupFromElsewhere[]) => Promise<{ path: string; backup: T } | null>,
  elsewhere?: BackupFromElsewhere[],
): Promise<FoundBackup<T> | null> {
  let newest: FoundBackup<T> | null = await read(dirs.own, elsewhere);
  for (const other of dirs.others) {
    const found = await read(other.backupDir);
    if (found !== null && (newest === null || basename(found.path) > basename(newest.path))) newest = { ...found, otherEnvironment: other };
  }
  return newest;
}

/** readNewestBackup across the directories (readNewestIn). */
export function readNewestDashboardBackupIn(dirs: BackupDirs, uid: string, source: BackupMatch, elsewhere?: BackupFromElsewhere[]): Promise<FoundBackup<DashboardBackup> | null> {
  return readNewestIn(dirs, (dir, passed) => readNewestBackup(dir, uid, source, passed, dirs.cwd), elsewhere);
}

/** readNewestLibraryPanelBackup across the directories (readNewestIn). */
export function readNewestLibraryPanelBackupIn(dirs: BackupDirs, uid: string, source: BackupMatch, elsewhere?: BackupFromElsewhere[]): Promise<FoundBackup<LibraryPanelBackup> | null> {
  return readNewestIn(dirs, (dir, passed) => readNewestLibraryPanelBackup(dir, uid, source, passed, dirs.cwd), elsewhere);
}
