import type { Shell } from '../describe-error.js';

/**
 * How `shell` gets this clone's whole history, for a line about a shallow clone (lower case: the line capitalises it where it
 * starts a sentence): the CLI's git command, with `then` (` and plan again`) after it; the Action's checkout setting, as a
 * re-run of its job reads the same shallow checkout (its next run, after that change is pushed, plans with the history).
 */
export function fetchFullHistory(shell: Shell, then = ''): string {
  if (shell === 'action') return "set fetch-depth: 0 on this job's actions/checkout step and push that change";
  return `fetch the full history (git fetch --unshallow; in the GitHub Action, actions/checkout with fetch-depth: 0)${then}`;
}

/**
 * The git command that brings in every branch of the origin: a plain `git fetch` in a --single-branch clone (and CI's
 * checkout) fetches only the branch it tracks, so a commit another branch pushed stays unknown (review-65a L1).
 */
export const FETCH_EVERY_BRANCH = "git fetch origin '+refs/heads/*:refs/remotes/origin/*'";
