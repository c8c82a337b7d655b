import { fileErrorReason } from '../files/file-error-reasons.js';

/**
 * Pure: what a backup write's error code means, in the words of fileErrorReason (as check --fix says them for the tree's
 * files): `why` follows the code in the failure line (null where the code says it all), `remedy` is the closing's way to make
 * the backup directory writable.
 */
export function describeBackupWriteError(code: string): { why: string | null; remedy: string } {
  // EEXIST: mkdir's answer where a file has the backup directory's name.
  const reason = fileErrorReason(code === 'EEXIST' ? 'ENOTDIR' : code);
  return { why: reason?.what ?? null, remedy: reason?.toWriteIn ?? 'fix what its line names' };
}
