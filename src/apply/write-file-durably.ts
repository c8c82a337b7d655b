import { join } from 'node:path';
import { escapeJsonOutput } from '../report/escape-untrusted.js';
import { writeNewFileDurably } from '../files/write-new-file-durably.js';
import { UnsafeBackupUidError } from './backup-dir.js';
import { shorten } from '../report/shorten-path.js';
import type { Shell } from '../describe-error.js';
import { CHECK_BACKUP_DIR } from './check-backup-dir.js';
import { describeBackupWriteError } from './describe-backup-write-error.js';

/** A backup as `<dir>/<time>-v<version>.json` (pretty JSON), written durably and never over another; returns its path. */
export function writeBackupFile(dir: string, now: Date, version: number, backup: unknown): Promise<string> {
  const name = `${now.toISOString().replace(/[:.]/g, '-')}-v${version}`;
  return writeNewFileDurably((attempt) => join(dir, `${name}${attempt === 1 ? '' : `-${attempt}`}.json`), backupText(backup));
}

/** A backup's file text: pretty JSON spelled as a saved plan is (escapeJsonOutput), so a `cat` of it, or a CI step printing it, shows no raw bidi mark or `##[`. */
export function backupText(backup: unknown): string {
  return `${escapeJsonOutput(JSON.stringify(backup, null, 2))}\n`;
}

/**
 * Runs a backup write; a failure becomes the reason the delete is not sent (naming `backupDir` relative to `cwd`, as file errors do,
 * and where `shell` sets it).
 */
export async function backUpBeforeDelete(dir: string, write: () => Promise<string>, cwd?: string, shell: Shell = 'cli'): Promise<string> {
  try {
    return await write();
  } catch (error) {
    const backupDir = shorten(dir, cwd);
    if (error instanceof UnsafeBackupUidError) {
      throw new Error(`not deleted: the server's answer gives it the uid ${JSON.stringify(error.uid)}, which is not a Grafana uid (letters, digits, "-" and "_" only) and cannot name a directory in ${backupDir}; nothing was written. Either the URL leads to another server or a proxy that rewrites Grafana's answers (check it), or Grafana holds a dashboard saved before it checked uids: export that one and delete it in Grafana by hand`);
    }
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    const { why } = describeBackupWriteError(code);
    throw new BackupWriteError(`not deleted: cannot write its backup into ${backupDir} (${code})${why === null ? '' : `: ${why}`}; ${CHECK_BACKUP_DIR[shell]}`, code);
  }
}

/** A delete not sent because its backup could not be written: the local disk's failure (no space, permissions), not Grafana's. */
export class BackupWriteError extends Error {
  constructor(
    message: string,
    /** The write's error code (EFBIG, ENOSPC…), or its message where it has none. */
    readonly code: string,
  ) {
    super(message);
  }
}
