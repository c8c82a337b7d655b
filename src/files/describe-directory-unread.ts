import { shorten } from '../report/shorten-path.js';
import { describeReadReason } from './file-error-reasons.js';
import { describeRefusingDirectory, findRefusingDirectory } from './find-refusing-directory.js';

/**
 * `(ELOOP): it is a symlink in a loop of links; point it at a directory`: why a directory that is there could not be reached or
 * listed (`dir`, absolute: the tree root, the backup directory; `error`, its stat's or readdir's); for a refusal, the directory
 * above it that the user running dashsync may not enter, where it is found (named from `cwd`, as every file error names paths).
 * The code alone where it has no words.
 */
export function describeDirectoryUnread(dir: string, error: NodeJS.ErrnoException, cwd: string | undefined): string {
  const code = error.code;
  const refusedBy = code === 'EACCES' ? findRefusingDirectory(dir) : undefined;
  const why = refusedBy === undefined ? describeReadReason(code, 'directory') : describeRefusingDirectory(shorten(refusedBy, cwd) || '.');
  return `(${code ?? error.message})${why === undefined ? '' : `: ${why}`}`;
}
