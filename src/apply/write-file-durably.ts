import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../pull/write-file-atomic.js';

/**
 * Writes `text` to `<dir>/<name>` so that it survives a crash right after: pull's atomic write
 * (temporary file, fsync, rename), then the directory fsync'd. Returns the path.
 */
async function writeFileDurably(dir: string, name: string, text: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFileAtomic(path, text);
  await syncDirectory(dir);
  return path;
}

/** Makes the rename durable. Not every platform can open a directory (Windows): best effort there. */
async function syncDirectory(dir: string): Promise<void> {
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

/** A backup as `<dir>/<time>-v<version>.json` (pretty JSON), written durably; returns its path. */
export function writeBackupFile(dir: string, now: Date, version: number, backup: unknown): Promise<string> {
  return writeFileDurably(dir, `${now.toISOString().replace(/[:.]/g, '-')}-v${version}.json`, `${JSON.stringify(backup, null, 2)}\n`);
}

/** Runs a backup write; a failure becomes the reason the delete is not sent. */
export async function backUpBeforeDelete(backupDir: string, write: () => Promise<string>): Promise<string> {
  try {
    return await write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(`not deleted: cannot write its backup into ${backupDir} (${code}); check backupDir / --backup-dir`);
  }
}
