import { treePathTests } from '../files/select-tree-paths.js';
import type { PruneScope } from '../config/types.js';
import type { ListedDashboard, LiveFolder, LiveLibraryPanel } from '../grafana/port.js';
import { pulledDashboardFile, pulledFolderFile, pulledLibraryPanelFile } from '../files/pulled-file.js';
import type { PlanWarning } from './types.js';
import { quoteText } from '../report/escape-untrusted.js';

interface Selection {
  include: string[];
  exclude: string[];
}

/** What prune leaves to the other environments of this Grafana org: each with the environments that select it (config order). */
export interface LeftToOthers {
  dashboards: { summary: ListedDashboard; environments: string[] }[];
  libraryPanels: { panel: LiveLibraryPanel; environments: string[] }[];
  /** Folder uid → the environments that select its directory. */
  folders: Map<string, string[]>;
  /** Dashboard uid → the other environments that select its file and would not prune it (theirs, yet this run prunes it). */
  keptByOthers: Map<string, string[]>;
}

export interface LeftToOthersInput {
  /** This run's include/exclude. */
  mine: Selection;
  /** The include/exclude and config `prune` of each other environment of this Grafana org (Settings.environmentSelections), in config order. */
  others: [string, Selection & { prune: PruneScope }][];
  /** Prune's candidates (selectPruneCandidates). */
  dashboards: readonly ListedDashboard[];
  /** Prune's library panel candidates (selectLibraryPanelPruneCandidates). */
  libraryPanels?: readonly LiveLibraryPanel[];
  /** The tree's file that last held a candidate's uid, where git knows it (findRemovedTreeFiles; root-relative): judged instead of the file pull would write. */
  removedFiles?: { dashboards: ReadonlyMap<string, string>; libraryPanels: ReadonlyMap<string, string> };
  /** Folders prune may delete (managed, no directory of the tree holds them). */
  folders: readonly LiveFolder[];
  liveFolders: ReadonlyMap<string, LiveFolder>;
  /** The tree's directory of each folder it holds (root-relative). */
  treeDirs: ReadonlyMap<string, string>;
}

/**
 * Pure: the prune candidates (dashboards, library panels, and folders that left the tree) whose file another environment of
 * this Grafana org selects and this run does not (docs/environments.md "Two environments in one Grafana org"): that
 * environment's prune deletes them, this one leaves them alone. A candidate's file is the one git last held its uid in
 * (`removedFiles`), else the one pull would write for it, as pull judges which environment owns a live dashboard:
 * `<its folder's directory>/<title>.json` for a dashboard, `<directory>/_library/<name>.json` for a library panel,
 * `<directory>/_folder.json` for a folder; a folder's directory is the tree's, else the one pull would make below the
 * nearest directory the tree holds (src/files/pulled-file.ts, the names pull's assignNames gives where nothing competes).
 * A file no other environment selects stays this run's (unchanged), and so does one whose selecting environments would not
 * prune it: `prune` off, or `folders` for what sits at the General level (only `all` prunes there).
 */
export function findLeftToOtherEnvironments(input: LeftToOthersInput): LeftToOthers {
  const panels = input.libraryPanels ?? [];
  const none: LeftToOthers = { dashboards: [], libraryPanels: [], folders: new Map(), keptByOthers: new Map() };
  if (input.others.length === 0 || (input.dashboards.length === 0 && panels.length === 0 && input.folders.length === 0)) return none;
  const view = { treeDirs: input.treeDirs, liveFolders: input.liveFolders };
  const removed = input.removedFiles;
  // A title unknown: the dashboard was gone before its read (createPlan reads them where another environment may select it).
  const dashboardFiles = input.dashboards.map((hit) => removed?.dashboards.get(hit.uid) ?? pulledDashboardFile(hit, view));
  const panelFiles = panels.map((panel) => removed?.libraryPanels.get(panel.uid) ?? pulledLibraryPanelFile(panel, view));
  const folderFiles = input.folders.map((folder) => pulledFolderFile(folder.uid, view));
  const testsOf = treePathTests([...dashboardFiles, ...panelFiles, ...folderFiles]);
  const mine = testsOf(input.mine.include, input.mine.exclude);
  const others = input.others.map(([name, selection]) => [name, testsOf(selection.include, selection.exclude), selection.prune] as const);
  const prunes = (prune: PruneScope, folderUid: string | null) => prune === 'all' || (prune === 'folders' && folderUid !== null);
  const selectors = (file: string, folderUid: string | null) =>
    mine(file) ? [] : others.filter(([, selects, prune]) => prunes(prune, folderUid) && selects(file)).map(([name]) => name);
  const dashboards = input.dashboards
    .map((summary, index) => ({ summary, environments: selectors(dashboardFiles[index]!, summary.folderUid) }))
    .filter((left) => left.environments.length > 0);
  const libraryPanels = panels.map((panel, index) => ({ panel, environments: selectors(panelFiles[index]!, panel.folderUid) })).filter((left) => left.environments.length > 0);
  const folders = new Map(input.folders.map((folder, index) => [folder.uid, selectors(folderFiles[index]!, folder.uid)] as const).filter(([, environments]) => environments.length > 0));
  const notPruning = (file: string, folderUid: string | null) =>
    mine(file) ? [] : others.filter(([, selects, prune]) => !prunes(prune, folderUid) && selects(file)).map(([name]) => name);
  const keptByOthers = new Map(
    input.dashboards.map((summary, index) => [summary.uid, notPruning(dashboardFiles[index]!, summary.folderUid)] as const).filter(([uid, names]) => names.length > 0 && !dashboards.some((left) => left.summary.uid === uid)),
  );
  return { dashboards, libraryPanels, folders, keptByOthers };
}

const NAMED = 5;

/**
 * One warning per set of environments: what this plan leaves to them, the folders it is in, and the run that prunes it
 * (`1 dashboard and 1 library panel in folder "team-x" left to environment x (its directory; dashsync plan --env x prunes them)`).
 * Server text: escaped when printed.
 */
export function describeLeftToOthers(left: LeftToOthers, liveFolders: ReadonlyMap<string, LiveFolder>): PlanWarning[] {
  const groups = new Map<string, { environments: string[]; dashboards: number; libraryPanels: number; holding: (string | null)[]; folders: string[] }>();
  const groupOf = (environments: string[]) => {
    const key = environments.join('\u0000');
    const group = groups.get(key) ?? { environments, dashboards: 0, libraryPanels: 0, holding: [], folders: [] };
    groups.set(key, group);
    return group;
  };
  for (const { summary, environments } of left.dashboards) {
    const group = groupOf(environments);
    group.dashboards += 1;
    group.holding.push(summary.folderUid);
  }
  for (const { panel, environments } of left.libraryPanels) {
    const group = groupOf(environments);
    group.libraryPanels += 1;
    group.holding.push(panel.folderUid);
  }
  for (const [uid, environments] of left.folders) groupOf(environments).folders.push(uid);
  const title = (uid: string | null) => (uid === null ? 'General' : (liveFolders.get(uid)?.title ?? uid));
  const quoteSome = (uids: string[]) => {
    const shown = uids.slice(0, NAMED).map((uid) => `${quoteText(title(uid))}`).join(', ');
    return uids.length > NAMED ? `${shown} and ${uids.length - NAMED} more` : shown;
  };
  const counted = (count: number, noun: string) => (count === 0 ? '' : `${count} ${noun}${count === 1 ? '' : 's'}`);
  return [...groups.values()].map(({ environments, dashboards, libraryPanels, holding: held, folders }): PlanWarning => {
    const holding = [...new Set(held)].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
    const parts: string[] = [];
    if (holding.length > 0) {
      const where = holding.length === 1 && holding[0] === null ? 'at the General level' : `in ${holding.length === 1 ? 'folder' : 'folders'} ${quoteSome(holding.filter((uid): uid is string => uid !== null))}`;
      parts.push(`${[counted(dashboards, 'dashboard'), counted(libraryPanels, 'library panel')].filter(Boolean).join(' and ')} ${where}`);
    }
    if (folders.length > 0) parts.push(`${folders.length === 1 ? 'folder' : 'folders'} ${quoteSome(folders.sort())}`);
    const one = dashboards + libraryPanels + folders.length === 1;
    const directories = new Set([...holding, ...folders]).size === 1 ? 'its directory' : 'their directories';
    const who = `${environments.length === 1 ? 'environment' : 'environments'} ${environments.join(', ')}`;
    return {
      kind: 'other',
      uid: null,
      message: `${parts.join(' and ')} left to ${who} (${directories}; dashsync plan --env ${environments[0]} prunes ${one ? 'it' : 'them'})`,
    };
  });
}
