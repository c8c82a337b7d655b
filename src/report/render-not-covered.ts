import { renderNextCommand, type RunSelection } from './next-command.js';

/** How many files the note names; the rest are counted. */
const NAMED = 5;

/**
 * The note of a saved plan applied after HEAD moved: the tree's files changed since that the plan does not push, so that
 * "applied" is not read as "Grafana holds HEAD" (the next plan has them). null when there is none.
 */
export function renderNotCovered(files: readonly string[] | undefined, selection: RunSelection | undefined): string | null {
  if (files === undefined || files.length === 0) return null;
  const named = files.slice(0, NAMED).join(', ') + (files.length > NAMED ? `, and ${files.length - NAMED} more` : '');
  const what = files.length === 1 ? '1 file changed since this plan was made that it does not push' : `${files.length} files changed since this plan was made that it does not push`;
  return `note: ${what} (${named}): ${renderNextCommand(selection, 'plan')} again to deploy ${files.length === 1 ? 'it' : 'them'}`;
}

/** The words of the note for one of those files, as an annotation on it says them. */
export function renderNotCoveredFile(selection: RunSelection | undefined): string {
  return `changed since this plan was made, and the plan does not push it: ${renderNextCommand(selection, 'plan')} again to deploy it`;
}

/** The words for the files beyond those an annotation each names: `and 3 more files changed since …`. */
export function renderNotCoveredRest(count: number, selection: RunSelection | undefined): string {
  const files = count === 1 ? '1 more file' : `${count} more files`;
  return `and ${files} changed since this plan was made that it does not push: ${renderNextCommand(selection, 'plan')} again to deploy ${count === 1 ? 'it' : 'them'}`;
}
