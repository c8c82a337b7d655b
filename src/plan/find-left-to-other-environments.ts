import { FOLDER_FILE } from '../files/discover-tree.js';
import { treePathTests } from '../files/select-tree-paths.js';
import type { ListedDashboard, LiveFolder } from '../grafana/port.js';
import { sanitizeName, uidNamePart } from '../pull/sanitize-name.js';
import type { PlanWarning } from './types.js';

interface Selection {
  include: string[];
  exclude: string[];
}

/** What prune leaves to the other environments of this Grafana org: each with the environments that select it (config order). */
export interface LeftToOthers {
  dashboards: { summary: ListedDashboard; environments: string[] }[];
  /** Folder uid → the environments that select its directory. */
  folders: Map<string, string[]>;
}

export interface LeftToOthersInput {
  /** This run's include/exclude. */
  mine: Selection;
  /** The include/exclude of each other environment of this Grafana org (Settings.environmentSelections), in config order. */
  others: [string, Selection][];
  /** Prune's candidates (selectPruneCandidates). */
  dashboards: readonly ListedDashboard[];
  /** Folders prune may delete (managed, no directory of the tree holds them). */
  folders: readonly LiveFolder[];
  liveFolders: ReadonlyMap<string, LiveFolder>;
  /** The tree's directory of each folder it holds (root-relative). */
  treeDirs: ReadonlyMap<string, string>;
}

/**
 * Pure: the prune candidates (dashboards, and folders that left the tree) whose file another environment of this Grafana org
 * selects and this run does not (docs/environments.md "Two environments in one Grafana org"): that environment's prune
 * deletes them, this one leaves them alone. A candidate's file is the one pull would write for it, as pull judges which
 * environment owns a live dashboard: `<its folder's directory>/<title>.json` for a dashboard, `<directory>/_folder.json` for
 * a folder; a folder's directory is the tree's, else the one pull would make below the nearest directory the tree holds.
 * A file no other environment selects stays this run's (unchanged).
 */
export function findLeftToOtherEnvironments(input: LeftToOthersInput): LeftToOthers {
  const none: LeftToOthers = { dashboards: [], folders: new Map() };
  if (input.others.length === 0 || (input.dashboards.length === 0 && input.folders.length === 0)) return none;
  const dirOf = (uid: string | null, guard = 0): string => {
    if (uid === null) return '';
    const held = input.treeDirs.get(uid);
    if (held !== undefined) return held;
    const folder = input.liveFolders.get(uid);
    if (folder === undefined) return uidNamePart(uid);
    const name = sanitizeName(folder.title, 'folder') || uidNamePart(folder.uid);
    const parent = guard < 16 ? dirOf(folder.parentUid, guard + 1) : '';
    return parent === '' ? name : `${parent}/${name}`;
  };
  const inDir = (dir: string, name: string) => (dir === '' ? name : `${dir}/${name}`);
  // A title unknown: the dashboard was gone before its read (createPlan reads them where another environment may select it).
  const dashboardFiles = input.dashboards.map((hit) => inDir(dirOf(hit.folderUid), `${sanitizeName(hit.title ?? '', 'dashboard') || uidNamePart(hit.uid)}.json`));
  const folderFiles = input.folders.map((folder) => inDir(dirOf(folder.uid), FOLDER_FILE));
  const testsOf = treePathTests([...dashboardFiles, ...folderFiles]);
  const mine = testsOf(input.mine.include, input.mine.exclude);
  const others = input.others.map(([name, selection]) => [name, testsOf(selection.include, selection.exclude)] as const);
  const selectors = (file: string) => (mine(file) ? [] : others.filter(([, selects]) => selects(file)).map(([name]) => name));
  const dashboards = input.dashboards.map((summary, index) => ({ summary, environments: selectors(dashboardFiles[index]!) })).filter((left) => left.environments.length > 0);
  const folders = new Map(input.folders.map((folder, index) => [folder.uid, selectors(folderFiles[index]!)] as const).filter(([, environments]) => environments.length > 0));
  return { dashboards, folders };
}

/**
 * Pure: the environments whose include/exclude select a file of the tree (`listFiles`: root-relative, asked only when there are others). One that selects none
 * cannot plan (its run stops on an include that selects nothing), so nothing is left to it: its directory left the tree
 * with every file, and its folder is this run's to prune, as a directory no environment selects.
 */
export function environmentsThatPlan(others: [string, Selection][], listFiles: () => readonly string[]): [string, Selection][] {
  if (others.length === 0) return [];
  const files = listFiles();
  const testsOf = treePathTests(files);
  return others.filter(([, selection]) => files.some(testsOf(selection.include, selection.exclude)));
}

const NAMED = 5;

/**
 * One warning per set of environments: what this plan leaves to them, the folders it is in, and the run that prunes it
 * (`1 dashboard in folder "team-x" left to environment x (its directory; dashsync plan --env x prunes it)`). Server text: escaped when printed.
 */
export function describeLeftToOthers(left: LeftToOthers, liveFolders: ReadonlyMap<string, LiveFolder>): PlanWarning[] {
  const groups = new Map<string, { environments: string[]; dashboards: ListedDashboard[]; folders: string[] }>();
  const groupOf = (environments: string[]) => {
    const key = environments.join('\u0000');
    const group = groups.get(key) ?? { environments, dashboards: [], folders: [] };
    groups.set(key, group);
    return group;
  };
  for (const { summary, environments } of left.dashboards) groupOf(environments).dashboards.push(summary);
  for (const [uid, environments] of left.folders) groupOf(environments).folders.push(uid);
  const title = (uid: string | null) => (uid === null ? 'General' : (liveFolders.get(uid)?.title ?? uid));
  const quoteSome = (uids: string[]) => {
    const shown = uids.slice(0, NAMED).map((uid) => `"${title(uid)}"`).join(', ');
    return uids.length > NAMED ? `${shown} and ${uids.length - NAMED} more` : shown;
  };
  return [...groups.values()].map(({ environments, dashboards, folders }): PlanWarning => {
    const holding = [...new Set(dashboards.map((hit) => hit.folderUid))].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
    const parts: string[] = [];
    if (dashboards.length > 0) {
      const where = holding.length === 1 && holding[0] === null ? 'at the General level' : `in ${holding.length === 1 ? 'folder' : 'folders'} ${quoteSome(holding.filter((uid): uid is string => uid !== null))}`;
      parts.push(`${dashboards.length} ${dashboards.length === 1 ? 'dashboard' : 'dashboards'} ${where}`);
    }
    if (folders.length > 0) parts.push(`${folders.length === 1 ? 'folder' : 'folders'} ${quoteSome(folders.sort())}`);
    const one = dashboards.length + folders.length === 1;
    const directories = new Set([...holding, ...folders]).size === 1 ? 'its directory' : 'their directories';
    const who = `${environments.length === 1 ? 'environment' : 'environments'} ${environments.join(', ')}`;
    return {
      kind: 'other',
      uid: null,
      message: `${parts.join(' and ')} left to ${who} (${directories}; dashsync plan --env ${environments[0]} prunes ${one ? 'it' : 'them'})`,
    };
  });
}
