import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeNewFileAtomic } from './write-file-atomic.js';

/**
 * Writes `content` to a new file so that it survives a crash right after (temp file, fsync, link
 * into place, directory fsync'd), never replacing a file already there: at `pathFor(1)`, or, while
 * that name is taken (two runs sharing a directory, the same millisecond), `pathFor(2)`, `pathFor(3)`, …,
 * all in one directory. Returns the path written.
 */
export async function writeNewFileDurably(pathFor: (attempt: number) => string, content: string | Uint8Array): Promise<string> {
  const dir = dirname(pathFor(1));
  await mkdir(dir, { recursive: true });
  for (let attempt = 1; ; attempt += 1) {
    const path = pathFor(attempt);
    try {
      await writeNewFileAtomic(path, content);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 100) continue;
      throw error;
    }
    await syncDirectory(dir);
    return path;
  }
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
