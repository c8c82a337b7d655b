import { readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { Diagnostic } from '../errors.js';
import { judgeDeployedTogether, type DeployedSelections } from '../files/deployed-together.js';
import { discoverTree } from '../files/discover-tree.js';
import { libraryPanelUids } from '../files/find-library-panel-refs.js';
import { parseDashboardText } from '../files/parse-dashboard-text.js';
import { readFolderFile } from '../files/read-folder-file.js';
import { readTree } from '../files/read-tree.js';
import { readUtf8File } from '../files/read-utf8-file.js';
import { scanBrokenUid } from '../files/scan-broken-uid.js';
import type { Tree } from '../files/types.js';
import type { DirectoryListing } from './map-folder-dirs.js';
import { toSlashes } from '../files/tree-paths.js';
import { findUnselectedFiles, type Selection } from './find-unselected-files.js';
import type { FileLibraryUses, FolderFiles } from './types.js';

export interface LocalTree {
  tree: Tree;
  /** Problems in existing files: those files are reported and never overwritten. */
  diagnostics: Diagnostic[];
  folderFiles: FolderFiles;
  /**
   * The `_folder.json` files there that cannot be read (EACCES, …; not one that does not parse): root-relative directory → the
   * read's message (`cannot read the file (EACCES): permission denied; …`). Any may say the uid of a folder pull would
   * otherwise give a new directory, so pull makes none while one is unread (writeFolderTargets), nor writes over it.
   */
  unreadFolderFiles: Map<string, string>;
  /** Files with errors that still name a uid (e.g. an unmapped input), as shown to the user: pull leaves that uid alone. */
  brokenFileByUid: Map<string, string>;
  /** Root-relative paths of the dashboard files that cannot be read or parsed and whose uid cannot be told (they may hold any dashboard). */
  brokenFilesWithoutUid: string[];
  /**
   * The library panels the dashboard files with errors may use (absolute path → uid or path, and
   * panel uids): their references where the file parses that far, else every tree panel whose uid
   * the text names. pull leaves these files as they are, so --prune keeps what they use.
   */
  brokenFileUses: Map<string, FileLibraryUses>;
  listing: DirectoryListing;
  /** Dashboard and library panel files the config's include/exclude leave out (absolute path → why): not this run's to write, list or prune. */
  unselected: Map<string, string>;
  /** The config's include/exclude, which also judge the files pull would write (none: every file is selected). */
  selection?: Selection;
}

/**
 * Everything pull needs to know about the tree on disk: every dashboard file (the whole
 * tree, whatever include/exclude say, so a uid is found wherever it lives; the files they leave
 * out are named in `unselected`), every `_folder.json`
 * (also in directories without dashboards) and the names already taken in each directory.
 */
export async function readLocalTree(options: {
  root: string;
  cwd: string;
  inputs: Record<string, string>;
  minRefreshInterval: string;
  configFile?: string;
  environment?: string;
  selection?: Selection;
  /**
   * Each environment's include/exclude (Settings.environmentSelections) and the groups of one org: a uid two files hold
   * clashes only where one environment deploys both, as bare `check` judges it (per-environment variants of a dashboard).
   */
  environmentSelections?: DeployedSelections;
  environmentsSharingOrg?: readonly string[][];
}): Promise<LocalTree> {
  const root = resolve(options.cwd, options.root);
  const discovered = await discoverTree({ root, include: [], exclude: [], configFile: options.configFile, cwd: options.cwd });
  const selections = options.environmentSelections !== undefined && Object.keys(options.environmentSelections).length > 0 ? options.environmentSelections : undefined;
  const treeFiles = [...discovered.dashboardFiles, ...discovered.libraryFiles].map((absPath) => toSlashes(relative(root, absPath)));
  const deployedTogether = judgeDeployedTogether(treeFiles, selections, options.environmentsSharingOrg);
  const { tree, diagnostics } = await readTree({ ...options, include: [], exclude: [], forPull: true, discovered, deployedTogether });
  const folderFiles: FolderFiles = new Map();
  const unreadFolderFiles = new Map<string, string>();
  for (const absPath of discovered.folderFiles) {
    const { folder, diagnostics: folderProblems } = await readFolderFile(absPath, absPath);
    const unread = folderProblems.find((problem) => problem.rule === 'file-unreadable' || problem.rule === 'file-too-large');
    if (unread !== undefined) unreadFolderFiles.set(toSlashes(relative(tree.root, dirname(absPath))), unread.message);
    folderFiles.set(toSlashes(relative(tree.root, dirname(absPath))), folder ? { uid: folder.uid, title: folder.title, ...(folder.parentOnly ? { parentOnly: true as const } : {}) } : null);
  }
  const indexed = new Set(tree.dashboards.map((d) => d.absPath));
  const brokenFileByUid = new Map<string, string>();
  const brokenFileUses = new Map<string, FileLibraryUses>();
  const brokenFilesWithoutUid: string[] = [];
  const treePanelUids = [...new Set(tree.libraryPanels.map((panel) => panel.uid))];
  for (const absPath of discovered.dashboardFiles.filter((path) => !indexed.has(path))) {
    const file = toSlashes(relative(options.cwd, absPath));
    const { uid, panels, unparsed } = await readBrokenFile(absPath, treePanelUids);
    if (uid !== undefined && !brokenFileByUid.has(uid)) brokenFileByUid.set(uid, file);
    if (unparsed && uid === undefined) brokenFilesWithoutUid.push(toSlashes(relative(tree.root, absPath)));
    if (panels.length > 0) brokenFileUses.set(absPath, { uid: uid ?? file, panels });
  }
  const unselected = options.selection ? findUnselectedFiles(tree.root, discovered, options.selection) : new Map<string, string>();
  return { tree, diagnostics, folderFiles, unreadFolderFiles, brokenFileByUid, brokenFilesWithoutUid, brokenFileUses, listing: await listDirectories(tree.root), unselected, selection: options.selection };
}

export function emptyLocalTree(root: string, selection?: Selection): LocalTree {
  return {
    tree: { root, folders: [], idleFolders: [], dashboards: [], libraryPanels: [] },
    diagnostics: [],
    folderFiles: new Map(),
    unreadFolderFiles: new Map(),
    brokenFileByUid: new Map(),
    brokenFilesWithoutUid: [],
    brokenFileUses: new Map(),
    listing: new Map(),
    unselected: new Map(),
    selection,
  };
}

/**
 * The uid a file with errors names (from the parse when it gets that far, else from a lenient scan
 * of the text, so a syntax error before the uid does not make pull write the dashboard a second
 * file), and the library panels it may use.
 */
async function readBrokenFile(absPath: string, treePanelUids: string[]): Promise<{ uid?: string; panels: string[]; unparsed: boolean }> {
  const { text } = await readUtf8File(absPath, absPath);
  if (text === undefined) return { panels: [], unparsed: true };
  const { content } = parseDashboardText(text, absPath, {});
  if (!content) return { uid: scanBrokenUid(text), panels: treePanelUids.filter((uid) => text.includes(JSON.stringify(uid))), unparsed: true };
  return { uid: content.uid !== '' ? content.uid : undefined, panels: libraryPanelUids(content.spec), unparsed: false };
}

/**
 * Names in every directory (lower-case, as a case-insensitive file system sees them).
 * Symlinks are listed but never followed; dot-directories and node_modules are not
 * descended into (the tree reader skips them too).
 */
async function listDirectories(root: string): Promise<DirectoryListing> {
  const listing: DirectoryListing = new Map();
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(join(root, dir), { withFileTypes: true });
    const names = new Map<string, 'dir' | 'file' | 'other'>();
    listing.set(dir, names);
    for (const entry of entries) {
      const kind = entry.isSymbolicLink() ? 'other' : entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : 'other';
      const lower = entry.name.toLowerCase();
      // Two entries that differ only in case (case-sensitive disk): the name is taken either way.
      names.set(lower, names.has(lower) ? 'other' : kind);
      if (kind === 'dir' && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
        await walk(dir === '' ? entry.name : `${dir}/${entry.name}`);
      }
    }
  };
  await walk('');
  return listing;
}
