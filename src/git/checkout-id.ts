import { createHash } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * The id a push from a file not committed names its checkout by (`[uncommitted <id>]`): 12 hex digits of the sha256 of this
 * machine's name and the repository's top directory (git's `--show-toplevel`). Two clones, or two worktrees, of one repository
 * get two ids, and the same checkout the same one run after run, without writing anything into it; the name and path are not
 * shown. Pure but for the host's name.
 */
export function checkoutId(repoTop: string, host: string = hostname()): string {
  return createHash('sha256').update(`${host}\u0000${repoTop}`).digest('hex').slice(0, 12);
}
