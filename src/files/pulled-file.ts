import type { LiveFolder } from '../grafana/port.js';
import { FOLDER_FILE, LIBRARY_DIR } from './discover-tree.js';
import { sanitizeName, type NameKind } from './sanitize-name.js';
import { joinTreePath } from './tree-paths.js';

/**
 * Pure: the name pull gives a dashboard, library panel or folder directory when nothing else in its directory wants it
 * (pull's assignNames then adds `-<uid>`): its title made portable, else its uid's, else the kind. No extension.
 */
export function plainName(title: string, uid: string, kind: NameKind): string {
  return sanitizeName(title, kind) || sanitizeName(uid, kind) || kind;
}

/** What the tree and Grafana say about folders: where pull would put a folder's files. */
export interface PlacementView {
  /** The tree's directory of each folder it holds (root-relative). */
  treeDirs: ReadonlyMap<string, string>;
  liveFolders: ReadonlyMap<string, LiveFolder>;
}

const MAX_FOLDER_DEPTH = 16;

/**
 * Pure: the directory pull would write a folder's files into, where no other name competes for it: the tree's directory,
 * else its plain name below its parent's (the General level: the root). A folder Grafana does not show is named by its uid.
 */
function pulledFolderDir(folderUid: string | null, view: PlacementView, depth = 0): string {
  if (folderUid === null) return '';
  const held = view.treeDirs.get(folderUid);
  if (held !== undefined) return held;
  const folder = view.liveFolders.get(folderUid);
  const name = plainName(folder?.title ?? '', folderUid, 'folder');
  const parent = folder !== undefined && depth < MAX_FOLDER_DEPTH ? pulledFolderDir(folder.parentUid, view, depth + 1) : '';
  return joinTreePath(parent, name);
}

/** Pure: the file pull would write for a live dashboard (pulledFolderDir's caveat). A title unknown: its uid names it. */
export function pulledDashboardFile(dashboard: { uid: string; title: string | null; folderUid: string | null }, view: PlacementView): string {
  return joinTreePath(pulledFolderDir(dashboard.folderUid, view), `${plainName(dashboard.title ?? '', dashboard.uid, 'dashboard')}.json`);
}

/** Pure: the `_library/` file pull would write for a live library panel (pulledFolderDir's caveat). */
export function pulledLibraryPanelFile(panel: { uid: string; name: string; folderUid: string | null }, view: PlacementView): string {
  return joinTreePath(joinTreePath(pulledFolderDir(panel.folderUid, view), LIBRARY_DIR), `${plainName(panel.name, panel.uid, 'dashboard')}.json`);
}

/** Pure: the `_folder.json` of a folder's directory (pulledFolderDir). */
export function pulledFolderFile(folderUid: string, view: PlacementView): string {
  return joinTreePath(pulledFolderDir(folderUid, view), FOLDER_FILE);
}
