import type { Shell } from '../describe-error.js';
import { renderNextCommand, type RunSelection } from './next-command.js';
import { describeNewerRun } from './rerun-job.js';

/** How many files the note names; the rest are counted. */
const NAMED = 5;

/**
 * The note of a saved plan applied after HEAD moved: the tree's files changed since that the plan does not push, so that
 * "applied" is not read as "Grafana holds HEAD" (the next plan has them). null when there is none.
 */
export function renderNotCovered(files: readonly string[] | undefined, selection: RunSelection | undefined, shell: Shell): string | null {
  if (files === undefined || files.length === 0) return null;
  const named = nameFiles(files);
  const what = files.length === 1 ? '1 file changed since this plan was made that it does not push' : `${files.length} files changed since this plan was made that it does not push`;
  return `note: ${what} (${named})${describeDeploying(files.length, selection, shell)}`;
}

/**
 * The line of a file changed since the saved plan that it does not push, whose dashboard Grafana already holds exactly as
 * the file is now (findAlreadyHeld): a no-op, nothing to deploy.
 */
export function renderAlreadyHeld(file: string): string {
  return `already in Grafana: ${file} changed since this plan was made; Grafana holds that version (an apply since deployed it)`;
}

/** The words of the note for one of those files, as an annotation on it says them. */
export function renderNotCoveredFile(selection: RunSelection | undefined, shell: Shell): string {
  return `changed since this plan was made, and the plan does not push it${describeDeploying(1, selection, shell)}`;
}

/** The words for the files beyond those an annotation each names: `and 3 more files changed since …`. */
export function renderNotCoveredRest(count: number, selection: RunSelection | undefined, shell: Shell): string {
  const files = count === 1 ? '1 more file' : `${count} more files`;
  return `and ${files} changed since this plan was made that it does not push${describeDeploying(count, selection, shell)}`;
}

/**
 * What deploys those files, from `: ` on: a plan made now. The CLI's is a command; in the Action a re-run of its job applies
 * the same saved plan again, so only a newer commit's run plans them (describeNewerRun). There, most often, another pull
 * request merged since changed them, and that merge's own run applies its plan (often before this one): nothing to do then.
 */
function describeDeploying(count: number, selection: RunSelection | undefined, shell: Shell): string {
  const them = count === 1 ? 'it' : 'them';
  if (shell === 'cli') return `: ${renderNextCommand(selection, 'plan')} again to deploy ${them}`;
  return `; where a pull request merged since changed ${them}, the apply of that merge's own run deploys ${them} (or did already); otherwise ${describeNewerRun(selection?.job, them)}`;
}

/**
 * The note of a saved plan made with its own --include/--exclude, applied after HEAD moved: the tree's files changed since
 * that its selection leaves out (the note above names only those it reads), and the plan that reads them, the run's command
 * without that selection (the config's then holds). The CLI's only: the Action takes no --include. null when there is none.
 */
export function renderOutsideSelection(files: readonly string[] | undefined, selection: RunSelection | undefined): string | null {
  if (files === undefined || files.length === 0) return null;
  const named = nameFiles(files);
  const { include, exclude, ...withoutOwn }: RunSelection = selection ?? {};
  const flags = [include !== undefined && '--include', exclude !== undefined && '--exclude'].filter(Boolean).join('/') || '--include/--exclude';
  const them = files.length === 1 ? 'it' : 'them';
  return `note: ${files.length === 1 ? '1 file' : `${files.length} files`} changed since this plan was made outside its ${flags} (${named}): ${renderNextCommand(withoutOwn, 'plan')} to deploy ${them}`;
}

/** `a.json, b.json, …, and 3 more`: the first NAMED files, the rest counted. */
function nameFiles(files: readonly string[]): string {
  return files.slice(0, NAMED).join(', ') + (files.length > NAMED ? `, and ${files.length - NAMED} more` : '');
}
