import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes `text` to `<dir>/<name>` so that it survives a crash right after: written to a temporary
 * file and fsync'd, renamed into place, and the directory fsync'd. Returns the path.
 */
export async function writeFileDurably(dir: string, name: string, text: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  const temporary = `${path}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
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
