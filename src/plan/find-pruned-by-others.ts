import type { LiveFolder, LiveLibraryPanel } from '../grafana/port.js';
import { runChoicesOf, type OrgEnvironment, type RunChoices } from './claim-prune-off.js';
import { findLeftToOtherEnvironments } from './find-left-to-other-environments.js';

/**
 * An environment of this Grafana org whose plan deletes a dashboard or library panel; RunChoices: its plan in this run uses this
 * run's flags (as LeftTo). `ownerNotJudged`: it plans through /api on 12+ and deletes the dashboard only if dashsync saved it
 * last, which this run's credentials may not read (PushedOnly.notJudged): its apply judges.
 */
export interface PrunedBy extends RunChoices {
  environment: string;
  ownerNotJudged?: true;
}

/** A dashboard no file of the tree holds: its title (null: not known) and the folder it is in (null: General). */
export interface Unfiled {
  uid: string;
  title: string | null;
  folderUid: string | null;
}

/** A library panel no file of the tree holds, and the dashboards Grafana connects to it (`users`, every one listed). */
export interface UnfiledPanel extends Pick<LiveLibraryPanel, 'uid' | 'name' | 'folderUid'> {
  users: readonly string[];
}

/**
 * Environments whose plans read `/api` (api "legacy") on Grafana 12 or later, which cannot see who manages a dashboard and so
 * delete only what dashsync saved last (readOwnersUnseen): `pushed` holds those of the dashboards asked about; `notJudged`
 * those whose version history this run's credentials may not read (a Viewer's), which such a plan deletes only if dashsync
 * saved them last: not known here, neither held nor deleted.
 */
export interface PushedOnly {
  environments: ReadonlySet<string>;
  pushed: ReadonlySet<string>;
  notJudged?: ReadonlySet<string>;
}

/** Of the dashboards and library panels asked about, those environments other than the run's delete: each with every such environment, in config order. */
export interface PrunedByOthers<T> {
  dashboards: Map<T, PrunedBy[]>;
  /** By uid. */
  libraryPanels: Map<string, PrunedBy[]>;
}

/**
 * Pure: of dashboards (and library panels) no file of the tree holds, those each environment of this Grafana org other than
 * `self` deletes with its prune, with every such environment: its plan judged as that plan judges it
 * (findLeftToOtherEnvironments with it as the run, `org` in config order), so the answer is the one its own plan gives, and
 * every environment's prune off kept out of it. Two that prune `all` both delete one no folder of theirs holds, whichever
 * applies first. In its prune's reach only: what is at the General level for `all`, in a folder the tree holds a directory of
 * (`treeDirs`) for `folders` as well. A library panel only where no dashboard that environment's plan keeps uses it (Grafana
 * refuses that delete): a user among the dashboards asked about that it deletes lets go of it, any other keeps it.
 * `removedFiles`: the file git last held a uid in (root-relative), judged instead of the one pull would write. `pushedOnly`: an
 * environment it names deletes only the dashboards dashsync saved last (its plan holds the others: owners-not-seen); one whose
 * history this run may not read is named with `ownerNotJudged` (its plan leaves it to its apply: owners-not-judged).
 */
export function findPrunedByOthers<T extends Unfiled>(
  unfiled: { dashboards: readonly T[]; libraryPanels?: readonly UnfiledPanel[] },
  org: readonly OrgEnvironment[],
  self: string | undefined,
  tree: {
    treeDirs: ReadonlyMap<string, string>;
    treeFiles: readonly string[];
    removedFiles?: { dashboards: ReadonlyMap<string, string>; libraryPanels?: ReadonlyMap<string, string> };
    liveFolders?: ReadonlyMap<string, LiveFolder>;
  },
  pushedOnly?: PushedOnly,
): PrunedByOthers<T> {
  const found: PrunedByOthers<T> = { dashboards: new Map(), libraryPanels: new Map() };
  const add = <K>(into: Map<K, PrunedBy[]>, key: K, by: PrunedBy) => into.set(key, [...(into.get(key) ?? []), by]);
  const panels = unfiled.libraryPanels ?? [];
  org.forEach(([name, selection], at) => {
    if (name === self || selection.prune === false) return;
    const inReach = (folderUid: string | null) => selection.prune === 'all' || (folderUid !== null && tree.treeDirs.has(folderUid));
    const byHistory = pushedOnly?.environments.has(name) === true ? pushedOnly : undefined;
    const notJudged = (uid: string) => byHistory?.notJudged?.has(uid) === true;
    const held = (uid: string) => byHistory !== undefined && !byHistory.pushed.has(uid) && !notJudged(uid);
    const reached = unfiled.dashboards.filter((dashboard) => inReach(dashboard.folderUid) && !held(dashboard.uid));
    const reachedPanels = panels.filter((panel) => inReach(panel.folderUid));
    if (reached.length + reachedPanels.length === 0) return;
    const left = findLeftToOtherEnvironments({
      mine: { include: selection.include, exclude: selection.exclude, mineAt: at },
      others: org.filter((_, index) => index !== at),
      dashboards: reached.map(({ uid, title, folderUid }) => ({ uid, title, folderUid })),
      libraryPanels: reachedPanels,
      removedFiles: { dashboards: tree.removedFiles?.dashboards ?? new Map(), libraryPanels: tree.removedFiles?.libraryPanels ?? new Map() },
      folders: [],
      liveFolders: tree.liveFolders ?? new Map(),
      treeDirs: tree.treeDirs,
      treeFiles: tree.treeFiles,
    });
    const by: PrunedBy = { environment: name, ...runChoicesOf(selection) };
    const kept = new Set(left.dashboards.map((entry) => entry.summary.uid));
    const deleted = new Set<string>();
    for (const dashboard of reached) {
      if (kept.has(dashboard.uid)) continue;
      add(found.dashboards, dashboard, notJudged(dashboard.uid) ? { ...by, ownerNotJudged: true } : by);
      if (!notJudged(dashboard.uid)) deleted.add(dashboard.uid);
    }
    const keptPanels = new Set(left.libraryPanels.map((entry) => entry.panel.uid));
    for (const panel of reachedPanels) if (!keptPanels.has(panel.uid) && panel.users.every((uid) => deleted.has(uid))) add(found.libraryPanels, panel.uid, by);
  });
  // One that an environment deletes for sure is that one's, whatever another's apply would judge of it.
  for (const [dashboard, by] of found.dashboards) if (by.some((entry) => !entry.ownerNotJudged)) found.dashboards.set(dashboard, by.filter((entry) => !entry.ownerNotJudged));
  return found;
}
