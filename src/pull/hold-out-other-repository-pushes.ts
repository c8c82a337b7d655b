import { describeCommits, readForeignPushes, type ForeignPushesPort } from '../plan/read-foreign-pushes.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';
import type { DashboardTarget } from './types.js';

/** Past this many dashboards the note names the first ones and counts the others. */
const NAMED = 5;

/**
 * A refresh pull's new files (no file holds the uid yet) for dashboards whose newest save is dashsync's from commits this
 * repository (at `cwd`) does not have: a branch of this repository not fetched here, or another repository that deploys them
 * (adopting one would make this repository's CI revert each change that one makes). Either way not this branch's to write:
 * held out, with one note naming them, the fetch that tells, and the pull that takes one anyway. Two requests per new
 * dashboard (readForeignPushes); none when there is no new one, or no git to ask.
 */
export async function holdOutOtherRepositoryPushes(
  grafana: ForeignPushesPort,
  cwd: string,
  dashboards: readonly DashboardTarget[],
  selection: RunSelection | undefined,
  concurrency: number,
): Promise<{ dashboards: DashboardTarget[]; note: string | null }> {
  const fresh = dashboards.filter((target) => target.existingFile === null);
  if (fresh.length === 0) return { dashboards: [...dashboards], note: null };
  const foreign = await readForeignPushes(grafana, cwd, new Map(fresh.map((target) => [target.uid, [target.uid]])), concurrency);
  if (foreign === null || foreign.size === 0) return { dashboards: [...dashboards], note: null };
  const held = fresh.filter((target) => foreign.has(target.uid)).map((target) => target.uid).sort();
  const commits = [...new Set([...foreign.values()].flatMap((group) => group.commits))].sort();
  const one = held.length === 1;
  const note =
    `${held.length} dashboard${one ? ' was' : 's were'} last pushed by dashsync from ${describeCommits(commits)}, which this repository does not have (not fetched yet, or another repository's): ` +
    `not written, as a refresh pull takes no other branch's or repository's dashboard: ${held.slice(0, NAMED).join(', ')}${held.length > NAMED ? `, and ${held.length - NAMED} more` : ''}; ` +
    `fetch (git fetch) to bring in a branch of this repository that pushed ${one ? 'it' : 'them'}; ${renderNextCommand(selection, ['pull', held[0]!])} takes ${one ? 'it' : 'one'} into the tree anyway`;
  return { dashboards: dashboards.filter((target) => !foreign.has(target.uid)), note };
}
