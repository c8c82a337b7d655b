import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes through a temp file in the same directory, fsync, then rename: a crash leaves the
 * old file or the new one, never half of one. The temp name starts with a dot, so the
 * tree reader never mistakes a leftover for a dashboard.
 */
export async function writeFileAtomic(absPath: string, text: string): Promise<void> {
  const temp = join(dirname(absPath), `.${basename(absPath)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, absPath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
