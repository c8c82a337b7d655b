import { ConfigError } from '../errors.js';
import type { FolderEntry, Tree } from '../files/types.js';
import type { DashboardSummary as SearchHit, LiveFolder as Folder } from '../grafana/port.js';
import type { PullScope } from './types.js';
import { groupBy } from '../group-by.js';

/** Grafana's name for the root level in folder filters: `--folder general` (any case) pulls the top level. */
export const GENERAL_FOLDER_UID = 'general';

export interface PullSelection {
  /** Live dashboards to write. */
  selected: SearchHit[];
  /** Whether a dashboard file of the tree (its uid, its folder uid; null = root) is inside the pulled scope. */
  coversTreeEntry: (entry: { uid: string; folderUid: string | null }) => boolean;
  /** `pull <uid…>`: the uids that name a live folder and no live dashboard (their `_folder.json` is pulled); none otherwise. */
  folderUids?: string[];
  /** `pull <uid…>`: the uids that name a live library panel and no dashboard (its `_library/` file is pulled); none otherwise. */
  libraryUids?: string[];
  /**
   * Whether the pull takes every live library panel of this folder (null = the root level), used by a dashboard or not:
   * the folders whose new dashboards it writes, so that a panel no dashboard uses gets its file with them (otherwise
   * the next `plan --prune folders` deletes it). None for `pull <uid…>`.
   */
  takesEveryPanelIn: (folderUid: string | null) => boolean;
}

/**
 * Pure: the live dashboards a pull writes, and which part of the tree it answers for (the
 * files `--prune` may remove). A folder scope reaches every folder below the given ones,
 * in Grafana and in the tree. An unknown folder uid is a ConfigError.
 */
export function selectPullScope(scope: PullScope, liveFolders: Folder[], live: SearchHit[], tree: Tree, livePanelUids: ReadonlySet<string> = new Set()): PullSelection {
  if (scope.kind === 'all') return { selected: live, coversTreeEntry: () => true, takesEveryPanelIn: () => true };
  if (scope.kind === 'uids') return selectUids(scope.uids, liveFolders, live, tree, livePanelUids);

  const treeUids = new Set(tree.dashboards.map((d) => d.uid));
  const passedOver = new Set(scope.kind === 'managed' ? scope.passedOver : []);
  const roots = scope.kind === 'folders' ? scope.uids : tree.folders.map((f) => f.uid).filter((uid) => !passedOver.has(uid));
  const includesRoot = scope.kind === 'folders' && scope.uids.some((uid) => uid.toLowerCase() === GENERAL_FOLDER_UID);
  if (scope.kind === 'folders') {
    const known = new Set([...liveFolders.map((f) => f.uid), ...tree.folders.map((f) => f.uid)]);
    const unknown = scope.uids.filter((uid) => uid.toLowerCase() !== GENERAL_FOLDER_UID && !known.has(uid));
    if (unknown.length > 0) {
      throw new ConfigError(unknown.map((uid) => `--folder ${uid}: no folder with this uid in Grafana or in the tree (folder uids are in the folder's URL: /dashboards/f/<uid>/)`));
    }
  }
  const covered = withDescendants(roots, liveFolders, tree.folders);
  const selected = live.filter((hit) =>
    hit.folderUid === null ? includesRoot || (scope.kind === 'managed' && treeUids.has(hit.uid)) : covered.has(hit.folderUid) || (scope.kind === 'managed' && treeUids.has(hit.uid)),
  );
  return {
    selected,
    coversTreeEntry: ({ folderUid }) => scope.kind === 'managed' || (folderUid === null ? includesRoot : covered.has(folderUid)),
    // A refresh writes the new dashboards of the tree's folders, not of the root level: so with the panels.
    takesEveryPanelIn: (folderUid) => (folderUid === null ? includesRoot : covered.has(folderUid)),
  };
}

/**
 * `pull <uid…>`: those dashboards, wherever they live, those folders' `_folder.json` and those library
 * panels' files (a uid that names a live folder or library panel and no dashboard: what the refused-files
 * hint names); a uid neither Grafana nor the tree has is a ConfigError.
 */
function selectUids(uids: string[], liveFolders: Folder[], live: SearchHit[], tree: Tree, livePanelUids: ReadonlySet<string>): PullSelection {
  const wanted = new Set(uids);
  const dashboards = new Set([...live.map((hit) => hit.uid), ...tree.dashboards.map((d) => d.uid)]);
  const folders = new Set(liveFolders.map((folder) => folder.uid));
  const unknown = uids.filter((uid) => !dashboards.has(uid) && !folders.has(uid) && !livePanelUids.has(uid));
  if (unknown.length > 0) {
    throw new ConfigError(unknown.map((uid) => `${uid}: no dashboard with this uid in Grafana or in the tree (the uid is in the dashboard's URL: /d/<uid>/), and no folder or library panel in Grafana`));
  }
  return {
    selected: live.filter((hit) => wanted.has(hit.uid)),
    coversTreeEntry: ({ uid }) => wanted.has(uid),
    folderUids: uids.filter((uid) => !dashboards.has(uid) && folders.has(uid)),
    libraryUids: uids.filter((uid) => !dashboards.has(uid) && livePanelUids.has(uid)),
    takesEveryPanelIn: () => false,
  };
}

/** The given folder uids and every folder below them, following both Grafana's and the tree's nesting. */
function withDescendants(roots: string[], liveFolders: Folder[], treeFolders: FolderEntry[]): Set<string> {
  const nested = [...liveFolders, ...treeFolders].filter((folder) => folder.parentUid !== null);
  const children = groupBy(nested, (folder) => folder.parentUid!, (folder) => folder.uid);
  const covered = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const uid = queue.pop()!;
    if (covered.has(uid)) continue;
    covered.add(uid);
    queue.push(...(children.get(uid) ?? []));
  }
  return covered;
}
