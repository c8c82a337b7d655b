import type { Diagnostic } from '../errors.js';

/** A directory of the tree = a Grafana folder. */
export interface FolderEntry {
  /** Directory relative to the root, forward slashes, e.g. `platform/kubernetes`. */
  dir: string;
  uid: string;
  title: string;
  /** null = a top-level folder (parent is the General level). */
  parentUid: string | null;
  /** Where uid/title came from: a `_folder.json`, or derived from the directory path. */
  source: 'folder-file' | 'derived';
}

/**
 * One dashboard file, validated. Holds only what planning needs to index the tree;
 * the model itself is read again (readDashboardFile) when it is compared, unless readTree
 * kept it within its budget, so memory stays bounded for large trees.
 */
export interface DashboardEntry {
  /** Path shown to users: relative to the working directory, forward slashes. */
  file: string;
  absPath: string;
  /** Directory relative to the root ('' = root level). */
  dir: string;
  /** Target folder uid; null = General (root level). */
  folderUid: string | null;
  uid: string;
  title: string;
  /** `sha256:` of the file's bytes, to detect a file edited between reading the tree, planning and applying. */
  contentHash: string;
  /** Uids of the library panels it uses (findLibraryPanelRefs), sorted. */
  libraryPanels: string[];
}

/** One library panel file (`<dir>/_library/<name>.json`), validated; its model is read again when compared. */
export interface LibraryPanelEntry {
  /** Path shown to users: relative to the working directory, forward slashes. */
  file: string;
  absPath: string;
  /** The directory that holds its `_library/`, relative to the root ('' = root). */
  dir: string;
  /** The folder of `dir`; null = General. */
  folderUid: string | null;
  uid: string;
  name: string;
  /** `sha256:` of the file's bytes. */
  contentHash: string;
}

export interface Tree {
  root: string;
  /** Directories holding dashboards (directly or below): Grafana folders. */
  folders: FolderEntry[];
  /** Directories holding a `_folder.json` and no dashboard: no folder is made for them, but they are still the tree's (prune). */
  idleFolders: FolderEntry[];
  dashboards: DashboardEntry[];
  libraryPanels: LibraryPanelEntry[];
}

export interface ReadTreeResult {
  tree: Tree;
  /** Every problem in every file; the caller refuses to go on when any is an error. */
  diagnostics: Diagnostic[];
}
