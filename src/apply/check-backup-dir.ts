import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError } from '../errors.js';

/**
 * Whether the backups of a plan's deletes can be written into `backupDir`, found before the first write (and, in a
 * terminal, before the question) rather than at the first delete: the directory, or the nearest of its parents that
 * exists (the rest is created at the first backup), must be a directory this process may write into. Nothing is created.
 */
export async function checkBackupDirWritable(backupDir: string): Promise<void> {
  const refuse = (why: string) =>
    new ConfigError([`the plan deletes, and the backups of its deletes cannot be written into ${backupDir}: ${why}; check backupDir / --backup-dir; nothing was applied`]);
  for (let dir = backupDir; ; dir = dirname(dir)) {
    const found = await stat(dir).catch((error: NodeJS.ErrnoException) => {
      // ENOTDIR: a parent is a file, which the walk up names.
      if ((error.code === 'ENOENT' || error.code === 'ENOTDIR') && dirname(dir) !== dir) return null;
      throw refuse(`${dir} cannot be read (${error.code ?? error.message})`);
    });
    if (found === null) continue;
    if (!found.isDirectory()) throw refuse(`${dir} is not a directory (ENOTDIR)`);
    await access(dir, constants.W_OK | constants.X_OK).catch((error: NodeJS.ErrnoException) => {
      throw refuse(`${dir} is not writable (${error.code ?? error.message})`);
    });
    return;
  }
}
