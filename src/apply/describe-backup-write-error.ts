/**
 * Pure: what a backup write's error code means, as check --fix says it for the tree's files: `why` follows the code in the
 * failure line (null where the code says it all), `remedy` is the closing's way to make the backup directory writable.
 */
export function describeBackupWriteError(code: string): { why: string | null; remedy: string } {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return { why: 'no space left on the disk', remedy: 'free space on its disk' };
    case 'EFBIG':
      return { why: 'over the file size limit of the user running dashsync (ulimit -f)', remedy: 'raise the file size limit of the user running dashsync (ulimit -f)' };
    case 'EACCES':
    case 'EPERM':
      return { why: 'permission denied', remedy: 'let the user running dashsync write there' };
    case 'EROFS':
      return { why: 'the file system is read-only', remedy: 'make it writable' };
    case 'ENOTDIR':
    // mkdir's answer where a file has the backup directory's name.
    case 'EEXIST':
      return { why: 'a file stands where a directory of it goes', remedy: 'move away the file that stands there' };
    default:
      return { why: null, remedy: 'fix what its line names' };
  }
}
