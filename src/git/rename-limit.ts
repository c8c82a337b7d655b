/**
 * The `-l` given to every rename-detecting git dashsync runs: how many added × deleted files of one
 * change git compares by content (git's default, diff.renameLimit, is 1000: a commit that moves and
 * edits more files than that loses every such rename, silently but for a warning). Above this git
 * still gives up; renameLimitReached tells.
 */
export const RENAME_LIMIT = 5000;

/** Whether git's stderr says it skipped rename detection (its warning names diff.renameLimit, in every language). */
export function renameLimitReached(stderr: string): boolean {
  return /renameLimit/i.test(stderr);
}
