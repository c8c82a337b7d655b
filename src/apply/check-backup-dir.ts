import { randomBytes } from 'node:crypto';
import { open, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConfigError } from '../errors.js';
import { describeWriteInError } from '../files/file-error-reasons.js';
import { describeDirectoryUnread } from '../files/describe-directory-unread.js';
import { shorten } from '../report/shorten-path.js';
import { capitalize } from '../report/capitalize.js';
import type { Shell } from '../describe-error.js';

/** Where the backup directory is set, as each shell takes it: the Action has no input for it, and its args take no --backup-dir. */
export const CHECK_BACKUP_DIR: Record<Shell, string> = {
  cli: 'check backupDir / --backup-dir',
  action: 'check "backupDir" in the config file (the Action has no input for it)',
};

/**
 * Whether the backups of a plan's deletes can be written into `backupDir`, found before the first write (and, in a
 * terminal, before the question) rather than at the first delete: the directory, or the nearest of its parents that
 * exists (the rest is created at the first backup), must take a file. Asked by writing one (a byte, under a dot name the
 * tree reader passes over) and removing it, not of the permission bits: root passes any permission check, yet a full
 * disk, a quota, a file size limit (ulimit -f) or a file system that refuses root still refuse the backup. No directory is created.
 */
export async function checkBackupDirWritable(backupDir: string, cwd?: string): Promise<void> {
  // Paths as the user's shell reaches them from `cwd`, as every file error names them.
  const refuse = (why: string) => new ConfigError([`the plan deletes, and the backups of its deletes cannot be written into ${shorten(backupDir, cwd)}: ${why}`], {
    cli: capitalize(CHECK_BACKUP_DIR.cli),
    action: capitalize(CHECK_BACKUP_DIR.action),
  });
  for (let dir = backupDir; ; dir = dirname(dir)) {
    const found = await stat(dir).catch((error: NodeJS.ErrnoException) => {
      // ENOTDIR: a parent is a file, which the walk up names.
      if ((error.code === 'ENOENT' || error.code === 'ENOTDIR') && dirname(dir) !== dir) return null;
      throw refuse(`${shorten(dir, cwd)} cannot be read ${describeDirectoryUnread(dir, error, cwd)}`);
    });
    if (found === null) continue;
    if (!found.isDirectory()) throw refuse(`${shorten(dir, cwd)} is not a directory (ENOTDIR)`);
    const failed = await writeProbe(join(dir, `.dashsync-write-check-${randomBytes(6).toString('hex')}.tmp`));
    if (failed !== null) throw refuse(`${shorten(dir, cwd)} is not writable ${describeWriteInError(failed)}`);
    return;
  }
}

/** Writes a byte into a new file at `path` and removes it: null when that went through, else the error. */
async function writeProbe(path: string): Promise<unknown> {
  // 'wx': a file of that name (never ours) is neither written nor removed.
  const handle = await open(path, 'wx').catch((error: unknown) => ({ failed: error }));
  if ('failed' in handle) return handle.failed;
  try {
    await handle.writeFile('.');
    return null;
  } catch (error) {
    return error;
  } finally {
    await handle.close().catch(() => undefined);
    await rm(path, { force: true }).catch(() => undefined);
  }
}
