/** What to do about the usual reasons a file named on the command line (a plan, the config, a backup) cannot be read. */
const READ_ADVICE: Record<string, string> = {
  EACCES: 'permission denied (EACCES); make it readable by the user running dashsync',
  EPERM: 'permission denied (EPERM); make it readable by the user running dashsync',
  ENOTDIR: 'a part of that path is a file, not a directory (ENOTDIR); check the path',
  ELOOP: 'it is a symlink in a loop of links (ELOOP); point it at a file',
};

/**
 * Pure: why a file could not be read, in words with what to do where the reason is a usual one (`permission denied (EACCES);
 * make it readable by the user running dashsync`), else its code (or message). Not found and a directory are each caller's
 * own: what to name instead differs.
 */
export function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined) return String((error as Error).message ?? error);
  return READ_ADVICE[code] ?? code;
}
