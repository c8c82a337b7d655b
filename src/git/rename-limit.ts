import { runGit } from './run-git.js';

/**
 * The least `-l` given to every rename-detecting git dashsync runs: how many added × deleted files
 * of one change git compares by content (git's default, diff.renameLimit, is 1000: a commit that
 * moves and edits more files than that loses every such rename, silently but for a warning). A
 * larger diff.renameLimit the user set wins (renameLimitFor). Above the limit git still gives up;
 * renameLimitReached tells.
 */
export const RENAME_LIMIT = 5000;

/**
 * Pure: whether git skipped rename detection in a commit whose `--name-status` lists `added` files
 * (A) and `deleted` files (D), the renames it did find (R) left out. git's test
 * (diffcore-rename.c, too_many_rename_candidates) runs on the added and deleted files its exact
 * and same-name matches left, and gives up when their product exceeds the limit squared (a limit of
 * 0 or less counts as 32767). Those files are listed as A and D when it gives up; when it does not,
 * A and D are what it could not match, fewer still: so the listing alone tells. Unlike git's
 * warning, this does not wait for the end of the walk.
 */
export function renameDetectionSkipped(added: number, deleted: number, limit: number): boolean {
  const effective = limit > 0 ? limit : 32767;
  return added * deleted > effective * effective;
}

/** Whether git's stderr says it skipped rename detection (its warning names diff.renameLimit, in every language). */
export function renameLimitReached(stderr: string): boolean {
  return /renameLimit/i.test(stderr);
}

/**
 * The repository's diff.renameLimit as git reads it (`20k` is 20480), null when unset or not a
 * number git accepts. Its own git process, to run beside another: never throws.
 */
export async function readConfiguredRenameLimit(cwd: string): Promise<number | null> {
  const read = await runGit(cwd, ['config', '--int', '--get', 'diff.renameLimit'], 60_000);
  const value = read.ok ? Number(read.stdout.trim()) : Number.NaN;
  return Number.isSafeInteger(value) ? value : null;
}

/** Pure: the `-l` dashsync passes: the larger of the user's limit and RENAME_LIMIT; 0 (git: no limit) when the user set 0 or less. */
export function renameLimitFor(configured: number | null): number {
  if (configured !== null && configured <= 0) return 0;
  return Math.max(configured ?? 0, RENAME_LIMIT);
}
