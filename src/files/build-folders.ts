import type { Diagnostic } from '../errors.js';
import { folderOfDirectory } from './folder-uid.js';
import type { FolderFileContent } from './read-folder-file.js';
import type { FolderEntry } from './types.js';
import { parentOf } from './tree-paths.js';
import { clashEnvironments, describeDeployedWith } from './deployed-together.js';
import { decodeGdgFolderName } from './decode-gdg-folder-name.js';
import { FOLDER_FILE } from './discover-tree.js';
import { describeFolderUidSharers } from './find-uid-sharers.js';
import { quoteText } from '../report/escape-untrusted.js';

/**
 * The deepest directory level the tree holds: Grafana's default, a folder with 4 folders above it (MaxNestedFolderDepth
 * = 4 ancestors in 11.2, 12.3+ and 13 by default, through /api/folders and folder.grafana.app alike: src/sandbox/README.md
 * "Folder depth").
 */
export const MAX_FOLDER_DEPTH = 5;

/** The rule of a directory holding only its `_folder.json` (describeFolderHoldingNothing), which plan repeats. */
export const FOLDER_HOLDS_NOTHING_RULE = 'folder-holds-nothing';

export interface FolderFileInfo {
  /** Path shown to the user. */
  file: string;
  /** null when the file was invalid (already reported); the folder then falls back to derived values. */
  folder: FolderFileContent | null;
}

export interface BuildFoldersInput {
  /** Root-relative directories that hold dashboards ('' = the root itself). */
  dashboardDirs: Iterable<string>;
  /** `_folder.json` files by root-relative directory. */
  folderFiles: Map<string, FolderFileInfo>;
  /** Root-relative directories of files this run's include/exclude leave out: still the tree's (prune). */
  unselectedDirs?: Iterable<string>;
  /** How a directory is shown to the user (relative to the working directory). */
  displayDir: (dir: string) => string;
  /** The environments that deploy both directories' folders (DeployedTogether); without it, every folder is deployed together. */
  together?: (dir: string, otherDir: string) => string[] | undefined;
}

/**
 * One FolderEntry per directory that holds dashboards directly or below, parents before
 * children, and one per directory that holds only a `_folder.json` or only files outside the
 * run's selection (`idle`: no folder is made for it, but prune knows it is still there). Pure. Reports what Grafana would refuse:
 * nesting deeper than 4, a folder titled "General", and two directories with the same folder uid.
 */
export function buildFolders(input: BuildFoldersInput): { folders: FolderEntry[]; idle: FolderEntry[]; diagnostics: Diagnostic[] } {
  const dashboardDirs = [...input.dashboardDirs];
  const unselectedDirs = [...new Set(input.unselectedDirs)];
  const holding = new Set([...dashboardDirs, ...unselectedDirs]);
  const dirs = new Set<string>();
  for (const dir of dashboardDirs) {
    for (let current = dir; current !== ''; current = parentOf(current)) dirs.add(current);
  }
  const sorted = [...dirs].sort();
  const diagnostics: Diagnostic[] = [];
  const byDir = new Map<string, FolderEntry>();
  const dirsByUid = new Map<string, string[]>();
  const together = input.together ?? (() => []);
  // Where a directory's folder uid comes from, as shown: its _folder.json, else the directory (a uid derived from its path).
  const folderSource = (dir: string): string => {
    const info = input.folderFiles.get(dir);
    return info?.folder ? info.file : input.displayDir(dir);
  };

  for (const dir of sorted) {
    const info = input.folderFiles.get(dir);
    const fromFile = info?.folder ?? null;
    const entry = folderEntry(dir, fromFile, byDir, holding);
    byDir.set(dir, entry);
    const where = fromFile ? info!.file : input.displayDir(dir);
    const depth = dir.split('/').length;
    if (depth === MAX_FOLDER_DEPTH + 1) {
      diagnostics.push(error(input.displayDir(dir), 'folder-too-deep', undefined,
        `folder nesting is ${depth} levels deep here; Grafana allows at most ${MAX_FOLDER_DEPTH} levels of folders (4 above the deepest): move these dashboards up`));
    }
    if (entry.parentOnly && !entry.passThrough) {
      diagnostics.push(error(info!.file, 'folder-file-invalid', undefined,
        `"parentOnly": true says this tree holds folder ${quoteText(entry.title)} only as a parent, but ${input.displayDir(dir)} holds files of its own: remove "parentOnly" from _folder.json, or move those files`));
    }
    if (entry.title.toLowerCase() === 'general') {
      const fix = fromFile
        ? 'choose another "title" in _folder.json'
        : 'if it holds the General level\'s dashboards (as gdg exports them), move its files to the root; else rename the directory or give it a _folder.json with another title';
      diagnostics.push(error(where, 'folder-title-reserved', fromFile?.at.title, `a folder cannot be titled ${quoteText(entry.title)} (Grafana reserves "General"): ${fix}`));
    }
    const gdgTitle = fromFile ? undefined : decodeGdgFolderName(entry.title);
    if (gdgTitle !== undefined) diagnostics.push(describeGdgFolderName(input.displayDir(dir), entry.title, gdgTitle));
    const earlier = dirsByUid.get(entry.uid) ?? [];
    // Said on the later directory only, naming the first one deployed with it (check says it on the others).
    const other = earlier.map((otherDir) => ({ otherDir, environments: together(dir, otherDir) })).find((o) => o.environments !== undefined);
    if (other !== undefined) {
      diagnostics.push({
        ...error(where, 'folder-uid-duplicate', fromFile?.at.uid,
          describeFolderUidSharers(entry.uid, [describeDeployedWith(folderSource(other.otherDir), other.environments!)])),
        uid: entry.uid,
        ...clashEnvironments([other]),
      });
    }
    dirsByUid.set(entry.uid, [...earlier, dir]);
  }
  const idle: FolderEntry[] = [];
  const idleDirs = new Set(input.folderFiles.keys());
  const aboveUnselected = new Set<string>();
  for (const dir of unselectedDirs) {
    for (let current = dir; current !== ''; current = parentOf(current)) aboveUnselected.add(current);
  }
  for (const dir of aboveUnselected) idleDirs.add(dir);
  for (const dir of [...idleDirs].filter((dir) => dir !== '' && !dirs.has(dir)).sort()) {
    const entry = folderEntry(dir, input.folderFiles.get(dir)?.folder ?? null, byDir, holding);
    byDir.set(dir, entry);
    idle.push(entry);
    const info = input.folderFiles.get(dir);
    if (info?.folder && !entry.parentOnly && !aboveUnselected.has(dir)) diagnostics.push(describeFolderHoldingNothing(info.file, entry));
  }
  return { folders: sorted.map((dir) => byDir.get(dir)!), idle, diagnostics };
}

/** A directory's folder: its `_folder.json` where it has one, else derived from the path; below its parent's folder. */
function folderEntry(dir: string, fromFile: FolderFileContent | null, byDir: Map<string, FolderEntry>, holding: ReadonlySet<string>): FolderEntry {
  return {
    dir,
    ...folderOfDirectory(dir, fromFile),
    parentUid: byDir.get(parentOf(dir))?.uid ?? null,
    source: fromFile ? 'folder-file' : 'derived',
    ...(holding.has(dir) ? {} : { passThrough: true as const }),
    ...(fromFile?.parentOnly ? { parentOnly: true as const } : {}),
  };
}

/**
 * A directory gdg named after its folder's title, URL-encoded: its folder would get the encoded name as its title (and a uid
 * derived from the path, not the live folder's), so the plan would make a second folder beside gdg's.
 */
function describeGdgFolderName(displayDir: string, name: string, title: string): Diagnostic {
  return {
    file: displayDir,
    severity: 'warning',
    rule: 'folder-name-url-encoded',
    message:
      `directory name "${name}" looks like gdg's URL-encoded folder title ${JSON.stringify(title)}: dashsync titles a folder by its directory name as written, so its folder would be titled "${name}", ` +
      `with a uid derived from the path, not the live folder's. Pull the dashboards (dashsync pull writes each folder's ${FOLDER_FILE} with its live uid and title), ` +
      `or give this directory a ${FOLDER_FILE} {"uid":"<the live folder's uid>","title":${JSON.stringify(title)}}`,
  };
}

/**
 * A directory holding only its `_folder.json` (nothing below it either): no folder is made or changed for it until a
 * dashboard or library panel file is there (the folder of a directory whose dashboards went stays as Grafana has it),
 * which an operator creating a team's folder ahead of its dashboards would not otherwise learn.
 */
function describeFolderHoldingNothing(file: string, entry: FolderEntry): Diagnostic {
  return {
    file,
    severity: 'warning',
    rule: FOLDER_HOLDS_NOTHING_RULE,
    message:
      `folder ${quoteText(entry.title)} (uid ${entry.uid}) holds no dashboard or library panel file, so plan and apply neither create nor change it ` +
      'until one is added here (a folder of this uid made in Grafana, e.g. to set its permissions ahead of its dashboards, is left as it is)',
  };
}

function error(file: string, rule: string, at: { line: number; col: number } | undefined, message: string): Diagnostic {
  return { file, ...at, severity: 'error', rule, message };
}
