import { describeCommits, readForeignPushes, type ForeignPushesPort } from '../plan/read-foreign-pushes.js';
import { FETCH_EVERY_BRANCH } from '../report/fetch-full-history.js';
import { quoteText } from '../report/escape-untrusted.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';
import type { DashboardTarget, LibraryPanelTarget, LiveLibraryUse } from './types.js';
import type { ListedSave } from '../grafana/port.js';

/** Past this many dashboards the note names the first ones and counts the others. */
const NAMED = 5;

/** What a refresh pull writes, and what it knows besides: Grafana's library panel users, the uids the tree's files hold. */
export interface OtherRepositoryHoldOutInput {
  dashboards: readonly DashboardTarget[];
  libraryPanels: readonly LibraryPanelTarget[];
  libraryUses: readonly LiveLibraryUse[];
  treeDashboardUids: ReadonlySet<string>;
  /** The dashboards' newest saves as the pull's listing had them (`/apis`), not read again. */
  savedHeads?: ReadonlyMap<string, ListedSave>;
}

/**
 * A refresh pull's new files (no file holds the uid yet) for dashboards whose newest save is dashsync's from commits this
 * repository (at `cwd`) does not have: a branch of this repository not fetched here, or another repository that deploys them
 * (adopting one would make this repository's CI revert each change that one makes). Either way not this branch's to write:
 * held out, with one note naming them, the fetch that tells, and the pull that takes one anyway; so is a new library panel no
 * dashboard uses but those (walk-62 H4: it would stand in the tree unused). Two requests per new dashboard
 * (readForeignPushes; on `/apis` one, its history, where the listing's record does not name the commit); none when there is no new one, or no git to ask.
 */
export async function holdOutOtherRepositoryPushes(
  grafana: ForeignPushesPort,
  cwd: string,
  input: OtherRepositoryHoldOutInput,
  selection: RunSelection | undefined,
  concurrency: number,
): Promise<{ dashboards: DashboardTarget[]; libraryPanels: LibraryPanelTarget[]; note: string | null }> {
  const unchanged = { dashboards: [...input.dashboards], libraryPanels: [...input.libraryPanels], note: null };
  const fresh = input.dashboards.filter((target) => target.existingFile === null);
  if (fresh.length === 0) return unchanged;
  const foreign = await readForeignPushes(grafana, cwd, new Map(fresh.map((target) => [target.uid, [target.uid]])), concurrency, { ...(input.savedHeads && { saves: input.savedHeads }) });
  if (foreign === null || foreign.size === 0) return unchanged;
  const held = fresh.filter((target) => foreign.has(target.uid)).map((target) => target.uid).sort();
  const dashboards = input.dashboards.filter((target) => !foreign.has(target.uid));
  const panels = heldPanels(input, new Set(held), new Set([...dashboards.map((target) => target.uid), ...input.treeDashboardUids]));
  const commits = [...new Set([...foreign.values()].flatMap((group) => group.commits))].sort();
  const one = held.length === 1;
  const withPanels = panels.length === 0 ? '' : ` (with ${panels.map((panel) => `library panel ${panel.uid} ${quoteText(panel.name)}`).join(', ')}, which only ${one ? 'it uses' : 'they use'} here)`;
  const note =
    `${held.length} dashboard${one ? ' was' : 's were'} last pushed by dashsync from ${describeCommits(commits)}, which this repository does not have (not fetched yet, or another repository's): ` +
    `not written, as a refresh pull takes no other branch's or repository's dashboard: ${held.slice(0, NAMED).join(', ')}${held.length > NAMED ? `, and ${held.length - NAMED} more` : ''}${withPanels}; ` +
    `fetch every branch (${FETCH_EVERY_BRANCH}) to bring in a branch of this repository that pushed ${one ? 'it' : 'them'}; ${renderNextCommand(selection, ['pull', held[0]!])} takes ${one ? 'it' : 'one'} into the tree anyway`;
  const dropped = new Set(panels.map((panel) => panel.uid));
  return { dashboards, libraryPanels: input.libraryPanels.filter((target) => !dropped.has(target.uid)), note };
}

/** The new library panels (no file of the tree holds them) that a held-out dashboard uses and no dashboard the pull writes or the tree holds does. */
function heldPanels(input: OtherRepositoryHoldOutInput, held: ReadonlySet<string>, kept: ReadonlySet<string>): LibraryPanelTarget[] {
  const usersOf = new Map(input.libraryUses.map(({ panel, users }) => [panel.uid, users]));
  return input.libraryPanels.filter((target) => {
    if (target.existingFile !== null || target.previousFile !== null) return false;
    const users = usersOf.get(target.uid) ?? [];
    return users.some((uid) => held.has(uid)) && !users.some((uid) => kept.has(uid));
  });
}
