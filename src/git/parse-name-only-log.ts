/** One commit of a `git log -z --name-only --format=%x01%H%x02%s` (or `--format=%x01%H`: no subject). */
interface NameOnlyCommit {
  commit: string;
  subject: string;
  /** The paths it lists, as git gives them (relative with --relative, else from the repository's top). */
  paths: string[];
  /** A merge's own listing (`-c`): its paths are from the repository's top, --relative notwithstanding. */
  combined: boolean;
}

/**
 * Pure: such a log as commits, newest first. Each is `\x01<commit>\x02<subject>\0`, then a newline (a merge's combined
 * listing: a NUL) and its paths, each ending in a NUL: a path is read whole whatever it holds (a newline included).
 */
export function parseNameOnlyLog(stdout: string): NameOnlyCommit[] {
  return stdout.split('\x01').slice(1).flatMap((record) => {
    const headEnd = record.indexOf('\0');
    const head = headEnd === -1 ? record : record.slice(0, headEnd);
    // Hashes hold no \x02; a subject may.
    const split = head.indexOf('\x02');
    const commit = split === -1 ? head : head.slice(0, split);
    if (commit === '') return [];
    const separator = headEnd === -1 ? undefined : record[headEnd + 1];
    const listing = separator === undefined ? '' : record.slice(headEnd + (separator === '\n' || separator === '\0' ? 2 : 1));
    return [{ commit, subject: split === -1 ? '' : head.slice(split + 1), paths: listing.split('\0').filter((path) => path !== ''), combined: separator === '\0' }];
  });
}
