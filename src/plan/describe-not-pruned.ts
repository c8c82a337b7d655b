import type { ListedDashboard, LiveFolder, LiveLibraryPanel } from '../grafana/port.js';
import { DEFAULT_CONFIG_FILE } from '../config/config-keys.js';
import type { PlanWarning } from './types.js';
import { quoteText } from '../report/escape-untrusted.js';
import type { Shell } from '../describe-error.js';
import { wordedForShells } from './worded-for-shells.js';
import { fetchFullHistory } from '../report/fetch-full-history.js';
import { capitalize } from '../report/capitalize.js';

const NAMED = 10;

/** `a "A", b "B", … and 3 more`: the first few, in uid order. */
function nameSome<T>(items: readonly T[], name: (item: T) => string): string {
  const shown = items.slice(0, NAMED).map(name).join(', ');
  return items.length > NAMED ? `${shown} and ${items.length - NAMED} more` : shown;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** How `shell` widens prune to the whole org: the CLI's flag, the Action's input. */
const pruneAll = (shell: Shell) => (shell === 'action' ? 'set the "prune" input to all' : 'run with --prune all');

/** How git history fell short: none to ask (not a repository, no commit), or a shallow clone's (actions/checkout's default depth 1). */
export type HistoryCut = 'none' | 'shallow';

const SHALLOW = "this clone's git history is shallow (only its newest commits), too short";
const fetchAll = (shell: Shell) => `${capitalize(fetchFullHistory(shell, ' and plan again'))}: a full clone prunes what its history shows to be this tree's. `;

/**
 * One warning for the folders prune's `folders` scope would take by their derived uid but git does not
 * show to be this tree's (decideManagedFolders' `unproven`), with the dashboards without a file in them.
 */
export function describeNotThisTree(folders: readonly LiveFolder[], dashboards: number, cut?: HistoryCut, configFile = DEFAULT_CONFIG_FILE): PlanWarning {
  const sorted = [...folders].sort((a, b) => a.uid.localeCompare(b.uid));
  const one = sorted.length === 1;
  const [it, its, they] = one ? ['it', 'its uid', 'it'] : ['them', 'their uids', 'they'];
  const directories = one ? 'that directory' : 'those directories';
  const why =
    cut === 'none' ? `and there is no git history here to show that this tree ever had ${directories}`
    : cut === 'shallow' ? `but no directory of this tree holds ${it} and ${SHALLOW} to show whether this tree ever had ${directories}`
    : `but no directory of this tree holds ${it} and this tree's git history never held one`;
  return {
    kind: cut === 'shallow' ? 'shallow-history' : 'other',
    uid: null,
    ...wordedForShells((shell) =>
      `${count(dashboards, 'dashboard', 'dashboards')} in ${nameSome(sorted, (folder) => `folder ${quoteText(folder.title)} (${folder.uid})`)} not pruned, ` +
      `as ${one ? 'that folder is' : 'those folders are'} not known to be this tree's. ` +
      `${one ? 'Its uid is' : 'Their uids are'} derived from a directory's path, the same in every repository, ${why}: another repository may deploy ${it} to this org. ` +
      (cut === 'shallow' ? fetchAll(shell) : '') +
      `If ${they} ${one ? 'is' : 'are'} another tree's, list ${its} under "externalFolders" in ${configFile} (a folder's uid covers the folders below it) and this warning stops. ` +
      `If ${they} ${one ? 'is' : 'are'} this tree's, delete ${it} in Grafana, or ${pruneAll(shell)} (which prunes every dashboard without a file in the org that no other tool owns)`),
  };
}

/**
 * One warning for the folders of the tree's directories that hold nothing of their own and that git does not show holding a
 * dashboard (decideManagedFolders' `passedOver`), with the dashboards without a file in them: a pull of a nested folder leaves
 * its parents so on purpose, but a shallow clone or a move of the tree git did not follow hides the evidence too, so they are always said.
 */
export function describePassedOver(folders: readonly LiveFolder[], dashboards: number, cut?: HistoryCut): PlanWarning {
  const sorted = [...folders].sort((a, b) => a.uid.localeCompare(b.uid));
  const one = sorted.length === 1;
  const it = one ? 'it' : 'they';
  const why =
    cut === 'none' ? `there is no git history here to show that ${it} ever held a dashboard of this tree`
    : cut === 'shallow' ? `${SHALLOW} to show whether ${it} ever held a dashboard of this tree`
    : `this tree's git history never shows a dashboard file directly in ${one ? 'it' : 'them'}`;
  return {
    kind: cut === 'shallow' ? 'shallow-history' : 'other',
    uid: null,
    ...wordedForShells((shell) =>
      `${count(dashboards, 'dashboard', 'dashboards')} in ${nameSome(sorted, (folder) => `folder ${quoteText(folder.title)} (${folder.uid})`)} not pruned, ` +
      `as ${one ? 'its directory holds' : 'their directories hold'} only subdirectories (and a _folder.json) and ${why} ` +
      `(a pull of a nested folder writes its parents' directories so). ${cut === 'shallow' ? fetchAll(shell) : ''}If ${one ? 'it is' : 'they are'} this tree's, commit the tree with a dashboard file in ${one ? 'it' : 'each'}, ` +
      `or ${pruneAll(shell)} (which prunes every dashboard without a file in the org that no other tool owns)`),
  };
}

/** One note for the dashboards without a file directly in folders the tree holds only as a parent (`"parentOnly": true` in their `_folder.json`). */
export function describeParentOnlyKept(folders: readonly LiveFolder[], dashboards: number): PlanWarning {
  const sorted = [...folders].sort((a, b) => a.uid.localeCompare(b.uid));
  const one = sorted.length === 1;
  return {
    kind: 'note',
    uid: null,
    message:
      `kept: ${count(dashboards, 'dashboard', 'dashboards')} in ${nameSome(sorted, (folder) => `folder ${quoteText(folder.title)} (${folder.uid})`)}, ` +
      `as ${one ? 'that folder is' : 'those folders are'} held only as a parent ("parentOnly": true in ${one ? 'its' : 'their'} _folder.json): the dashboards directly in ${one ? 'it' : 'them'} are not this tree's. ` +
      `Remove "parentOnly" to prune them`,
  };
}

/** The General level's dashboards describeGeneralLevelKept names (the first few by uid): their titles are read where the listing has none. */
export function generalLevelNamed(dashboards: readonly ListedDashboard[]): ListedDashboard[] {
  return [...dashboards].sort((a, b) => a.uid.localeCompare(b.uid)).slice(0, NAMED);
}

/**
 * One warning for the live dashboards and library panels without a file at the General level: prune's `folders` scope never deletes them, and `all`
 * leaves those another tool owns, which the listing does not show. A title unknown (gone before its read) leaves the uid alone.
 */
export function describeGeneralLevelKept(dashboards: readonly ListedDashboard[], panels: readonly Pick<LiveLibraryPanel, 'uid' | 'name'>[] = [], ownersUnseen = false): PlanWarning {
  // Through /api on 12+ no other tool's ownership shows: `all` deletes there only what dashsync pushed (OwnersUnseen).
  const which = ownersUnseen ? 'those dashsync saved last (api "legacy" does not see which tool manages the others)' : 'those no other tool owns';
  const named = [
    ...[...dashboards].sort((a, b) => a.uid.localeCompare(b.uid)).map((hit) => (hit.title === null ? hit.uid : `${hit.uid} ${quoteText(hit.title)}`)),
    ...[...panels].sort((a, b) => a.uid.localeCompare(b.uid)).map((panel) => `library panel ${panel.uid} ${quoteText(panel.name)}`),
  ];
  return {
    kind: 'other',
    uid: null,
    ...wordedForShells(
      (shell) =>
        `${named.length} not pruned (at the General level, ${shell === 'action' ? 'which prune: folders never deletes; prune: all (the "prune" input) deletes' : 'which --prune folders never deletes; --prune all deletes'} ${which}): ${nameSome(named, (name) => name)}`,
    ),
  };
}
