import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { writeNewFileAtomic } from '../files/write-file-atomic.js';
import { UnsafeBackupUidError } from './backup-dir.js';

/**
 * Writes `text` to a new file `<dir>/<name>.json` so that it survives a crash right after (temp
 * file, fsync, link into place, directory fsync'd), never replacing a file already there: a
 * name taken (two deletes of one uid at one version in the same millisecond, e.g. two runs
 * sharing a backup directory) gets `-2`, `-3`, … Returns the path.
 */
async function writeNewFileDurably(dir: string, name: string, text: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (let attempt = 1; ; attempt += 1) {
    const path = join(dir, `${name}${attempt === 1 ? '' : `-${attempt}`}.json`);
    try {
      await writeNewFileAtomic(path, text);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 100) continue;
      throw error;
    }
    await syncDirectory(dir);
    return path;
  }
}

/** Makes the rename durable. Not every platform can open a directory (Windows): best effort there. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // the file itself is already on disk
  } finally {
    await handle?.close();
  }
}

/** A backup as `<dir>/<time>-v<version>.json` (pretty JSON), written durably and never over another; returns its path. */
export function writeBackupFile(dir: string, now: Date, version: number, backup: unknown): Promise<string> {
  return writeNewFileDurably(dir, `${now.toISOString().replace(/[:.]/g, '-')}-v${version}`, `${JSON.stringify(backup, null, 2)}\n`);
}

/** Runs a backup write; a failure becomes the reason the delete is not sent. */
export async function backUpBeforeDelete(backupDir: string, write: () => Promise<string>): Promise<string> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof UnsafeBackupUidError) {
      throw new Error(`not deleted: the server's answer gives it the uid ${JSON.stringify(error.uid)}, which is not a Grafana uid (letters, digits, "-" and "_" only) and cannot name a directory in ${backupDir}; nothing was written. Either the URL leads to another server or a proxy that rewrites Grafana's answers (check it), or Grafana holds a dashboard saved before it checked uids: export that one and delete it in Grafana by hand`);
    }
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(`not deleted: cannot write its backup into ${backupDir} (${code}); check backupDir / --backup-dir`);
  }
}
