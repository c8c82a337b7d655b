import { quoteText } from '../report/escape-untrusted.js';
import type { Diagnostic } from '../errors.js';
import { wordedForShells } from './worded-for-shells.js';
import { fetchFullHistory } from '../report/fetch-full-history.js';
import { capitalize } from '../report/capitalize.js';
import { deriveFolderUid } from '../files/folder-uid.js';
import type { FolderEntry } from '../files/types.js';
import type { ListedDashboard, GrafanaPort, LiveFolder } from '../grafana/port.js';
import { folderChanges } from './decide-folders.js';
import { describeCommits, readForeignPushes, type ForeignPushes, type ForeignPushesPort } from './read-foreign-pushes.js';
import type { PlanWarning } from './types.js';
import { plural } from '../plural.js';
import { groupBy } from '../group-by.js';

/** A folder of this tree's directory, by the uid derived from its path, that holds dashboards another repository deploys. */
export interface SharedDerivedFolder extends ForeignPushes {
  folder: FolderEntry;
  /** What the plan would do to the other repository's work there. */
  would: string[];
}

/**
 * Pure: what to ask about, by folder uid: a directory without `_folder.json` derives its folder's uid from its path,
 * the same in every tree, so another repository's directory at that path deploys to the same folder. Where the plan
 * would re-parent or retitle such a folder, prune in it (`prune`), or create dashboards in it (`creates`: by folder uid), the
 * live dashboards in it no file of the tree holds.
 */
function derivedFoldersToAsk(
  treeFolders: readonly FolderEntry[],
  live: { folders: ReadonlyMap<string, LiveFolder>; dashboards: readonly ListedDashboard[] },
  claimed: ReadonlySet<string>,
  prune: boolean,
  creates: ReadonlySet<string>,
): Map<string, string[]> {
  // One pass over the live dashboards, not one per folder (a tree of 900 directories and 5,000 dashboards: 4.5 million tests).
  const unclaimedInFolders = live.dashboards.filter((dashboard) => dashboard.folderUid !== null && !claimed.has(dashboard.uid));
  const unclaimedIn = groupBy(unclaimedInFolders, (dashboard) => dashboard.folderUid!, (dashboard) => dashboard.uid);
  const asks = new Map<string, string[]>();
  for (const folder of treeFolders) {
    const liveFolder = live.folders.get(folder.uid);
    const unclaimed = unclaimedIn.get(folder.uid);
    if (folder.source !== 'derived' || liveFolder === undefined || unclaimed === undefined) continue;
    if (prune || creates.has(folder.uid) || folderChanges(folder, liveFolder).length > 0) asks.set(folder.uid, unclaimed.sort());
  }
  return asks;
}

/**
 * The folders of derivedFoldersToAsk where dashsync last pushed dashboards from commits this repository (at `cwd`) does
 * not have: another repository's directory at the same path. Two requests per dashboard asked about, none elsewhere.
 * No git, or no such save (a folder made by hand in the UI, dashboards saved there by people): none.
 */
export async function findSharedDerivedFolders(
  grafana: ForeignPushesPort,
  cwd: string,
  treeFolders: readonly FolderEntry[],
  live: { folders: ReadonlyMap<string, LiveFolder>; dashboards: readonly ListedDashboard[] },
  claimed: ReadonlySet<string>,
  prune: boolean,
  concurrency: number,
  creates: ReadonlySet<string> = new Set(),
): Promise<SharedDerivedFolder[]> {
  const asks = derivedFoldersToAsk(treeFolders, live, claimed, prune, creates);
  if (asks.size === 0) return [];
  const foreign = await readForeignPushes(grafana, cwd, asks, concurrency);
  if (foreign === null) return [];
  return treeFolders.flatMap((folder) => {
    const pushes = foreign.get(folder.uid);
    if (pushes === undefined) return [];
    const changed = folderChanges(folder, live.folders.get(folder.uid)!).map((change) => (change.path === 'parentUid' ? 'move it under another parent' : 'retitle it'));
    const deletes = prune ? [`delete ${plural(asks.get(folder.uid)!.length, 'dashboard')} in it that no file here holds`] : [];
    return [{ folder, ...pushes, would: [...changed, ...deletes] }];
  });
}

/**
 * Pure: the folders this tree takes over from another repository: a `_folder.json` naming the very uid its directory's
 * path derives — an explicit, reviewed claim on the folder another repository's directory at that path deploys to.
 */
export function findTakenOverFolders(treeFolders: readonly FolderEntry[]): Set<string> {
  return new Set(treeFolders.filter((folder) => folder.source === 'folder-file' && folder.uid === deriveFolderUid(folder.dir)).map((folder) => folder.uid));
}

const fix = (shared: SharedDerivedFolder) => {
  const title = JSON.stringify(shared.folder.title);
  return (
    `to share the org, give this directory a _folder.json with a uid of its own ({"uid":"…","title":${title}}) and plan again; ` +
    `the other repository keeps ${shared.folder.uid} (list it under "externalFolders" then, and prune here leaves it alone). ` +
    `If this repository replaces the other one, take the folder over instead: a _folder.json {"uid":${JSON.stringify(shared.folder.uid)},"title":${title}} (docs/migrating.md)`
  );
};

/** The plan's error for a folder another repository deploys to: nothing is written until one of the two trees gives its directory a uid of its own. */
export function describeSharedDerivedFolder(shared: SharedDerivedFolder, displayDir: string): Diagnostic {
  return {
    file: displayDir,
    severity: 'error',
    rule: 'folder-of-another-repository',
    message:
      `folder ${shared.folder.uid} (directory ${displayDir}) holds ${plural(shared.dashboards, 'dashboard')} another repository deploys: dashsync pushed ${shared.dashboards === 1 ? 'it' : 'them'} from ${describeCommits(shared.commits)}, ` +
      `which this repository does not have, and the uid derived from this path is the same in every tree. This plan would ${shared.would.join(' and ')}: ${fix(shared)}`,
  };
}

/**
 * A folder another repository deploys to that this plan only creates dashboards in (walk-62 M3): nothing of theirs is lost
 * yet, but their next prune stops on it, and their refresh pull may take ours: a warning at the create.
 */
export function describeSharedDerivedCreate(shared: SharedDerivedFolder, displayDir: string): PlanWarning {
  return {
    kind: 'other',
    uid: shared.folder.uid,
    message:
      `folder of another repository: folder ${quoteText(shared.folder.title)} (${shared.folder.uid}) already holds ${plural(shared.dashboards, 'dashboard')} another dashsync repository pushed ` +
      `(${describeCommits(shared.commits)}), and this plan creates dashboards in it, as directory ${displayDir} derives the same uid: give ${displayDir} a _folder.json with a uid of its own`,
  };
}

/**
 * In a shallow clone the same finding (the error, or the create's warning: `would` empty) is a warning: the commits may be
 * this repository's own, cut off.
 */
export function describeSharedDerivedFolderShallow(shared: SharedDerivedFolder, displayDir: string): PlanWarning {
  const would = shared.would.length === 0 ? 'create dashboards in its folder' : shared.would.join(' and ');
  return {
    kind: 'shallow-history',
    uid: shared.folder.uid,
    ...wordedForShells(
      (shell) =>
        `folder ${shared.folder.uid} (directory ${displayDir}): dashsync last pushed ${plural(shared.dashboards, 'dashboard')} in it from ${describeCommits(shared.commits)}, which this shallow clone does not have: ` +
        `if another repository deploys there, this plan would ${would}. ${capitalize(fetchFullHistory(shell))} to let dashsync tell; if it is another repository's, ${fix(shared)}`,
    ),
  };
}
