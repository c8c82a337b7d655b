import { randomBytes } from 'node:crypto';
import { link, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { recordFileOp, type FileOp } from './file-ops-in-flight.js';

/**
 * Writes through a temp file in the same directory, fsync, then rename: a crash, a full disk or a
 * file size limit leaves the old file or the new one, never half of one. The file keeps the mode it
 * had. The temp name starts with a dot, so the tree reader never mistakes a leftover for a dashboard.
 */
export async function writeFileAtomic(absPath: string, text: string): Promise<void> {
  await placeThroughTemp(absPath, text, (temp) => rename(temp, absPath), true);
}

const NEW_FILE_MODE = 0o644;

/**
 * Like writeFileAtomic, but a file already at `absPath` is never replaced: that fails with
 * EEXIST (the new file is hard-linked into place, which refuses an existing name).
 */
export async function writeNewFileAtomic(absPath: string, content: string | Uint8Array): Promise<void> {
  await placeThroughTemp(absPath, content, async (temp, op) => {
    try {
      await link(temp, absPath);
    } catch (error) {
      if (!NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
      // A file system without hard links: claim the name first (EEXIST if taken), then rename over the claim. From the
      // claim on, a quit finishes the rename rather than leave the name empty (FileOpsLog.removeTempsSync).
      await (await open(absPath, 'wx', NEW_FILE_MODE)).close();
      op.claimed = true;
      await rename(temp, absPath);
    }
  });
}

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/** The longest file name most file systems take (NAME_MAX, in bytes). */
const NAME_MAX_BYTES = 255;

/**
 * `.<name>.<hex>.tmp`, with `name` cut (whole characters) where that would pass NAME_MAX: the temp name is 18 bytes longer
 * than the file's, so a file named 238–255 bytes could not be rewritten, and the error said its path was too long (rev-75 F5).
 * Pure.
 */
function tempNameFor(name: string, hex: string): string {
  const room = NAME_MAX_BYTES - Buffer.byteLength(`..${hex}.tmp`);
  let kept = name;
  if (Buffer.byteLength(kept) > room) {
    const chars = Array.from(name);
    let bytes = 0;
    let count = 0;
    for (const char of chars) {
      const size = Buffer.byteLength(char);
      if (bytes + size > room) break;
      bytes += size;
      count += 1;
    }
    kept = chars.slice(0, count).join('');
  }
  return `.${kept}.${hex}.tmp`;
}

async function placeThroughTemp(absPath: string, content: string | Uint8Array, place: (temp: string, op: FileOp) => Promise<void>, keepMode = false): Promise<void> {
  const temp = join(dirname(absPath), tempNameFor(basename(absPath), randomBytes(6).toString('hex')));
  // Recorded while it runs: a second Ctrl-C names the file and removes the temp (FileOpsLog).
  const op: FileOp = { op: 'write', absPath, temp };
  await recordFileOp(op, async () => {
    const kept = keepMode ? await stat(absPath).then((info) => ({ mode: info.mode & 0o7777, uid: info.uid, gid: info.gid }), () => undefined) : undefined;
    await writeThroughTemp(temp, content, kept, (written) => place(written, op));
  });
}

/**
 * `kept`: the mode and owner of the file replaced (the mode kept exactly, whatever the umask; the owner where this process
 * may give it: as root, or its group where the process is in it); none for a new file.
 */
async function writeThroughTemp(temp: string, content: string | Uint8Array, kept: { mode: number; uid: number; gid: number } | undefined, place: (temp: string) => Promise<void>): Promise<void> {
  try {
    const handle = await open(temp, 'wx', NEW_FILE_MODE);
    try {
      if (kept !== undefined) {
        // A root run over another user's checkout (a container on a bind mount) left them a root-owned file they could not
        // edit (review-67a L2). Before the chmod: a chown clears the set-id bits. A hard link to the old file is not kept.
        await handle.chown(kept.uid, kept.gid).catch(() => handle.chown(-1, kept.gid)).catch(() => undefined);
        await handle.chmod(kept.mode);
      }
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await place(temp);
  } finally {
    // After a rename there is nothing left; after a link, the temp name goes and the file stays.
    await rm(temp, { force: true });
  }
}
