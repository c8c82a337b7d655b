import { treePathTests } from '../files/select-tree-paths.js';
import type { PruneScope } from '../config/types.js';
import type { ListedDashboard, LiveFolder, LiveLibraryPanel } from '../grafana/port.js';
import { pulledDashboardFile, pulledFolderFile, pulledLibraryPanelFile } from '../files/pulled-file.js';
import type { DashboardAction, LibraryPanelAction, PlanWarning } from './types.js';
import { quoteText } from '../report/escape-untrusted.js';
import { wordedForShells } from './worded-for-shells.js';
import { otherEnvironmentSelection, renderNextCommand, type RunSelection } from '../report/next-command.js';
import { claimPruneOff, folderDirOf, runChoicesOf, selectionListsOf, type LeftTo, type OrgEnvironment, type Selection, type SelectionLists } from './claim-prune-off.js';

/** What of a library panel tells which environment's prune takes it: its uid, and where pull would write it. */
type PanelPlace = Pick<LiveLibraryPanel, 'uid' | 'name' | 'folderUid'>;

/** What prune leaves to the other environments of this Grafana org: each with the environments it is left to (config order). */
export interface LeftToOthers {
  dashboards: ({ summary: ListedDashboard } & LeftTo)[];
  libraryPanels: ({ panel: PanelPlace } & LeftTo)[];
  /** Folder uid → the environments that select its directory. */
  folders: Map<string, LeftTo>;
  /**
   * Candidates this run prunes (not left to another) whose file environments with prune off select too, by uid → those
   * environments (config order): an environment that prunes owns what it selects, so this plan says it deletes them.
   */
  pruneOffSelects?: { dashboards: Map<string, string[]>; libraryPanels: Map<string, string[]> };
}

export interface LeftToOthersInput {
  /** This run's include/exclude, and how many of `others` come before its environment in config order (`mineAt`; 0 if not given). */
  mine: Selection & { mineAt?: number };
  /** The include/exclude and config `prune` of each other environment of this Grafana org (Settings.environmentSelections), in config order. */
  others: OrgEnvironment[];
  /** Prune's candidates (selectPruneCandidates). */
  dashboards: readonly ListedDashboard[];
  /** Prune's library panel candidates (selectLibraryPanelPruneCandidates). */
  libraryPanels?: readonly PanelPlace[];
  /** The tree's file that last held a candidate's uid, where git knows it (findRemovedTreeFiles; root-relative): judged instead of the file pull would write. */
  removedFiles?: { dashboards: ReadonlyMap<string, string>; libraryPanels: ReadonlyMap<string, string> };
  /** Folders prune may delete (managed, no directory of the tree holds them). */
  folders: readonly LiveFolder[];
  liveFolders: ReadonlyMap<string, LiveFolder>;
  /** The tree's directory of each folder it holds (root-relative). */
  treeDirs: ReadonlyMap<string, string>;
  /** Every dashboard and library panel file of the tree, selected or not (root-relative): the folders an environment with prune off deploys. */
  treeFiles?: readonly string[];
}

/**
 * Pure: the prune candidates (dashboards, library panels, and folders that left the tree) whose file another environment of
 * this Grafana org selects and this run does not (docs/environments.md "Two environments in one Grafana org"): that
 * environment's prune deletes them, this one leaves them alone. A candidate's file is the one git last held its uid in
 * (`removedFiles`), else the one pull would write for it, as pull judges which environment owns a live dashboard:
 * `<its folder's directory>/<title>.json` for a dashboard, `<directory>/_library/<name>.json` for a library panel,
 * `<directory>/_folder.json` for a folder; a folder's directory is the tree's, else the one pull would make below the
 * nearest directory the tree holds (src/files/pulled-file.ts, the names pull's assignNames gives where nothing competes).
 * A file no other environment selects stays this run's, but in a folder several environments that prune deploy files in,
 * which is the first of them in config order's (claimPruneOff): one plan deletes a dashboard made by hand there, not each;
 * so is a file this run selects and an environment before it that prunes selects too (a directory both include in full).
 * A file this run selects stays this run's whatever environments with `prune` off select it too, before it in config order
 * or after (`pruneOffSelects`: the plan says so): whether prune deletes something never hangs on the config's order, only
 * which plan deletes it does. An environment with `prune` off is left what it selects and none that prunes does, and every dashboard and library panel in a folder it
 * deploys where no environment that prunes deploys a file too: its team chose to delete nothing there, and no other run
 * deletes for it (`pruneOff`). One with `folders` is left nothing at the General level (only `all` prunes there): the run
 * that has it prunes it.
 */
export function findLeftToOtherEnvironments(input: LeftToOthersInput): LeftToOthers {
  const panels = input.libraryPanels ?? [];
  const none: LeftToOthers = { dashboards: [], libraryPanels: [], folders: new Map() };
  if (input.others.length === 0 || (input.dashboards.length === 0 && panels.length === 0 && input.folders.length === 0)) return none;
  const view = { treeDirs: input.treeDirs, liveFolders: input.liveFolders };
  const removed = input.removedFiles;
  // A title unknown: the dashboard was gone before its read (createPlan reads them where another environment may select it).
  const dashboardFiles = input.dashboards.map((hit) => removed?.dashboards.get(hit.uid) ?? pulledDashboardFile(hit, view));
  const panelFiles = panels.map((panel) => removed?.libraryPanels.get(panel.uid) ?? pulledLibraryPanelFile(panel, view));
  const folderFiles = input.folders.map((folder) => pulledFolderFile(folder.uid, view));
  const treeFiles = input.treeFiles ?? [];
  const testsOf = treePathTests([...dashboardFiles, ...panelFiles, ...folderFiles, ...treeFiles]);
  const mine = testsOf(input.mine.include, input.mine.exclude);
  const others = input.others.map(([name, selection]) => ({ name, selects: testsOf(selection.include, selection.exclude), prune: selection.prune, run: runChoicesOf(selection), lists: selectionListsOf(selection) }));
  const claims = claimPruneOff({ environments: input.others, mine: input.mine, testsOf, treeFiles });
  // The folders this run deploys files in: a file another environment selects there is not in "its directory" alone.
  const myDirs = new Set(treeFiles.filter(mine).map(folderDirOf));
  const prunes = (prune: PruneScope, folderUid: string | null) => prune === 'all' || (prune === 'folders' && folderUid !== null);
  // The environments of this org that come before this run's in config order.
  const before = others.slice(0, input.mine.mineAt ?? 0);
  const pruneOffSelects = { dashboards: new Map<string, string[]>(), libraryPanels: new Map<string, string[]>() };
  const leftTo = (file: string, folderUid: string | null, inFolder: boolean, offSelecting?: (environments: string[]) => void): LeftTo | null => {
    if (mine(file)) {
      // A directory both select in full: the first of them in config order prunes it, as for a folder both deploy (claimPruneOff).
      const first = before.find((other) => prunes(other.prune, folderUid) && other.selects(file));
      if (first !== undefined) return { environments: [first.name], ...first.run, why: 'first-selects', lists: [first.lists] };
      // One with prune off that selects it too, before this run or after it, does not keep it: this run's prune owns it.
      const off = others.filter((other) => other.prune === false && other.selects(file)).map((other) => other.name);
      if (off.length > 0) offSelecting?.(off);
      return null;
    }
    const pruners = others.filter((other) => prunes(other.prune, folderUid) && other.selects(file));
    if (pruners.length > 0) {
      const selects = myDirs.has(folderDirOf(file)) && { why: 'selects' as const, lists: pruners.map((other) => other.lists) };
      return { environments: pruners.map((other) => other.name), ...pruners[0]!.run, ...selects };
    }
    const claim = claims(file, inFolder && folderUid !== null ? input.treeDirs.get(folderUid) : undefined);
    return claim === 'mine' ? null : claim;
  };
  const dashboards = input.dashboards.flatMap((summary, index) => {
    const left = leftTo(dashboardFiles[index]!, summary.folderUid, true, (off) => pruneOffSelects.dashboards.set(summary.uid, off));
    return left === null ? [] : [{ summary, ...left }];
  });
  const libraryPanels = panels.flatMap((panel, index) => {
    const left = leftTo(panelFiles[index]!, panel.folderUid, true, (off) => pruneOffSelects.libraryPanels.set(panel.uid, off));
    return left === null ? [] : [{ panel, ...left }];
  });
  const folders = new Map(input.folders.flatMap((folder, index) => {
    const left = leftTo(folderFiles[index]!, folder.uid, false);
    return left === null ? [] : [[folder.uid, left] as const];
  }));
  const offSelected = pruneOffSelects.dashboards.size + pruneOffSelects.libraryPanels.size > 0;
  return { dashboards, libraryPanels, folders, ...(offSelected && { pruneOffSelects }) };
}

const NAMED = 5;

/**
 * One warning per set of environments: what this plan leaves to them, the folders it is in, and the run that prunes it
 * (`1 dashboard and 1 library panel in folder "team-x" left to environment x (its directory; dashsync plan --env x prunes them)`;
 * `(its include selects the file; …)` in a folder this run deploys too; `(it deploys files there too and comes first in the
 * config; …)` for one no environment selects in a folder both deploy; `(its include selects the file too and comes first in
 * the config; …)` for one both select);
 * `dashsync plan --env x --prune` where x prunes it only with this run's flag, its plan in a run of several environments),
 * or, left to environments with prune off, that no plan does (`1 dashboard in folder "Team (stage)" left to environment
 * stage, which deploys with prune off: no plan deletes it; delete it in Grafana, or turn stage's prune on`).
 * The command is this run's (`selection`: its --config, --root…), for that environment, with `--prune` only where it repeats
 * this run's flag. The Action's words (actionMessage) name its plan step's "environment" input instead. Server text: escaped when printed.
 */
export function describeLeftToOthers(left: LeftToOthers, liveFolders: ReadonlyMap<string, LiveFolder>, selection: RunSelection = {}): PlanWarning[] {
  const groups = new Map<string, LeftTo & { dashboards: number; libraryPanels: number; holding: (string | null)[]; folders: string[] }>();
  const groupOf = ({ environments, pruneOff, runPrune, runLists, why, lists }: LeftTo) => {
    const key = `${pruneOff === true ? 'off' : `on ${String(runPrune)} ${String(runLists)} ${why ?? ''}`}\u0000${environments.join('\u0000')}`;
    const group = groups.get(key) ?? { environments, ...(pruneOff && { pruneOff }), ...runChoicesOf({ runPrune, runLists }), ...(why && { why }), ...(lists && { lists }), dashboards: 0, libraryPanels: 0, holding: [], folders: [] };
    groups.set(key, group);
    return group;
  };
  for (const entry of left.dashboards) {
    const group = groupOf(entry);
    group.dashboards += 1;
    group.holding.push(entry.summary.folderUid);
  }
  for (const entry of left.libraryPanels) {
    const group = groupOf(entry);
    group.libraryPanels += 1;
    group.holding.push(entry.panel.folderUid);
  }
  for (const [uid, entry] of left.folders) groupOf(entry).folders.push(uid);
  const quoteSome = quoteFolders(liveFolders);
  return [...groups.values()].map(({ environments, pruneOff, runPrune, runLists, why, lists = [], dashboards, libraryPanels, holding: held, folders }): PlanWarning => {
    const holding = [...new Set(held)].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
    const parts: string[] = [];
    if (holding.length > 0) parts.push(describeHeld({ dashboards, libraryPanels }, held, liveFolders));
    if (folders.length > 0) parts.push(`${folders.length === 1 ? 'folder' : 'folders'} ${quoteSome(folders.sort())}`);
    const it = dashboards + libraryPanels + folders.length === 1 ? 'it' : 'them';
    const one = environments.length === 1;
    const who = `${one ? 'environment' : 'environments'} ${environments.join(', ')}`;
    if (pruneOff) {
      const owners = one ? `${environments[0]}'s` : `${environments.slice(0, -1).join(', ')} or ${environments.at(-1)}'s`;
      return {
        kind: 'other',
        uid: null,
        message: `${parts.join(' and ')} left to ${who}, which ${one ? 'deploys' : 'deploy'} with prune off: no plan deletes ${it}; delete ${it} in Grafana, or turn ${owners} prune on`,
      };
    }
    const directories = new Set([...holding, ...folders]).size === 1 ? 'its directory' : 'their directories';
    const files = it === 'it' ? 'the file' : 'their files';
    const reason = why === 'first' ? 'it deploys files there too and comes first in the config'
      : why === 'first-selects' ? `${describeSelecting(lists, files)} too and comes first in the config`
      : why === 'selects' ? describeSelecting(lists, files) : directories;
    return {
      kind: 'other',
      uid: null,
      ...wordedForShells((shell) => `${parts.join(' and ')} left to ${who} (${reason}; ${shell === 'action' ? `the plan step with environment: ${environments[0]}` : renderNextCommand(otherEnvironmentSelection(selection, { environment: environments[0]!, runPrune, runLists }), ['plan'])} prunes ${it})`),
    };
  });
}

/**
 * How environments' lists select files, in words true of the lists they have (`its include selects the file`; an exclude
 * alone: `its exclude leaves the file in`; neither: `it selects every file`; several: `their includes select their files`).
 */
function describeSelecting(lists: readonly SelectionLists[], files: string): string {
  if (lists.length > 1) return lists.every((list) => list === 'include') ? `their includes select ${files}` : `their selections hold ${files}`;
  return lists[0] === 'exclude' ? `its exclude leaves ${files} in` : lists[0] === 'none' ? 'it selects every file' : `its include selects ${files}`;
}

/**
 * The plan's deletes (`deleted`: its dashboard and library panel deletes) whose file environments with prune off select too
 * (LeftToOthers.pruneOffSelects), one warning per set of them: this run's prune owns what it selects, whatever those say
 * and wherever they stand in the config, and the plan says so where someone may read their prune off as a keep
 * (`1 dashboard in folder "Team" deleted here: its file is selected by environment ops too, which deploys with prune off; …`).
 */
export function describePruneOffSelects(left: LeftToOthers | undefined, deleted: readonly Pick<DashboardAction | LibraryPanelAction, 'kind' | 'action' | 'uid' | 'folderUid'>[], liveFolders: ReadonlyMap<string, LiveFolder>): PlanWarning[] {
  const selects = left?.pruneOffSelects;
  if (selects === undefined) return [];
  const groups = new Map<string, { environments: string[]; dashboards: number; libraryPanels: number; holding: (string | null)[] }>();
  for (const action of deleted) {
    if (action.action !== 'delete') continue;
    const environments = (action.kind === 'dashboard' ? selects.dashboards : selects.libraryPanels).get(action.uid);
    if (environments === undefined) continue;
    const key = environments.join('\u0000');
    const group = groups.get(key) ?? { environments, dashboards: 0, libraryPanels: 0, holding: [] };
    groups.set(key, group);
    if (action.kind === 'dashboard') group.dashboards += 1;
    else group.libraryPanels += 1;
    group.holding.push(action.folderUid);
  }
  return [...groups.values()].map(({ environments, holding, ...counts }): PlanWarning => {
    const one = environments.length === 1;
    const files = counts.dashboards + counts.libraryPanels === 1 ? 'its file is' : 'their files are';
    return {
      kind: 'other',
      uid: null,
      message:
        `${describeHeld(counts, holding, liveFolders)} deleted here: ${files} selected by ${one ? 'environment' : 'environments'} ${environments.join(', ')} too, ` +
        `which ${one ? 'deploys' : 'deploy'} with prune off; prune off keeps only what no environment that prunes selects, whatever their order in the config`,
    };
  });
}

/** `1 dashboard and 1 library panel in folder "Team"` (`at the General level`; `in folders "A", "B"`): what a warning about prune is about. */
export function describeHeld(counts: { dashboards: number; libraryPanels: number }, folderUids: readonly (string | null)[], liveFolders: ReadonlyMap<string, LiveFolder>): string {
  const holding = [...new Set(folderUids)].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
  const counted = (count: number, noun: string) => (count === 0 ? '' : `${count} ${noun}${count === 1 ? '' : 's'}`);
  const where = holding.length === 1 && holding[0] === null ? 'at the General level' : `in ${holding.length === 1 ? 'folder' : 'folders'} ${quoteFolders(liveFolders)(holding.filter((uid): uid is string => uid !== null))}`;
  return `${[counted(counts.dashboards, 'dashboard'), counted(counts.libraryPanels, 'library panel')].filter(Boolean).join(' and ')} ${where}`;
}

/** Folder titles, quoted, the first NAMED of them (`"A", "B" and 3 more`). */
function quoteFolders(liveFolders: ReadonlyMap<string, LiveFolder>): (uids: string[]) => string {
  const title = (uid: string) => liveFolders.get(uid)?.title ?? uid;
  return (uids) => {
    const shown = uids.slice(0, NAMED).map((uid) => quoteText(title(uid))).join(', ');
    return uids.length > NAMED ? `${shown} and ${uids.length - NAMED} more` : shown;
  };
}

/** How many dashboards and library panels are left to other environments: those that prune them, and (`pruneOff`) those with prune off. */
export function countLeftToOthers(left: LeftToOthers | undefined): { otherEnvironments: number; pruneOff: number } {
  const entries = [...(left?.dashboards ?? []), ...(left?.libraryPanels ?? [])];
  const pruneOff = entries.filter((entry) => entry.pruneOff === true).length;
  return { otherEnvironments: entries.length - pruneOff, pruneOff };
}
