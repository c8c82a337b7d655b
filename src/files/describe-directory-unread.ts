import { shorten } from '../report/shorten-path.js';
import { describeReadReason } from './file-error-reasons.js';
import { describeRefusingDirectory, findRefusingDirectory } from './find-refusing-directory.js';

/**
 * `: it is a symlink in a loop of links; point it at a directory`, after the code of a directory that is there but cannot be
 * reached (`dir`, absolute: the tree root, the backup directory); for a refusal, the directory above it that the user running
 * dashsync may not enter, where it is found (named from `cwd`, as every file error names paths). Empty where the code has no words.
 */
export function describeDirectoryUnread(dir: string, code: string | undefined, cwd: string | undefined): string {
  const refusedBy = code === 'EACCES' || code === 'EPERM' ? findRefusingDirectory(dir) : undefined;
  const why = refusedBy === undefined ? describeReadReason(code, 'directory') : describeRefusingDirectory(shorten(refusedBy, cwd) || '.');
  return why === undefined ? '' : `: ${why}`;
}
