import { relative, resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import { discoverTree, type DiscoveredTree } from '../files/discover-tree.js';
import { hashBytes } from '../files/hash-text.js';
import { useFileBytes } from '../files/read-file-bytes.js';
import { dashboardUid, isNotADashboard, readUid } from '../files/read-unselected-uids.js';
import { toSlashes } from '../files/tree-paths.js';
import { readDesiredLibraryPanel } from '../plan/read-desired-library-panel.js';
import type { Plan } from '../plan/types.js';

/**
 * The tree's selected dashboard and library panel files (absolute paths) that are not what a saved plan read, told by the
 * plan's own digests where git cannot tell (the plan's commit is not in this clone: a pull request's test merge applied
 * after the merge, or a depth-1 checkout; no repository): a file it read whose bytes differ now or that is gone, and a
 * file it never read (added since), unless it is dashsync's config file or another tool's file (package.json: isNotADashboard),
 * which no plan reads. Each file's digest is the one the plan records for every file it read, unchanged
 * ones included. `_folder.json` files are not compared: the plan keeps no digest of them. Null when the tree cannot be listed.
 */
export async function findChangedByDigest(
  plan: Pick<Plan, 'actions' | 'root'>,
  settings: Pick<Settings, 'cwd' | 'configFile' | 'inputs' | 'include' | 'exclude'>,
): Promise<string[] | null> {
  const read = new Map<string, { kind: 'dashboard' | 'library-panel'; file: string; contentHash: string }>();
  for (const action of plan.actions) {
    if ((action.kind === 'dashboard' || action.kind === 'library-panel') && action.file !== null && action.contentHash !== null) {
      read.set(resolve(settings.cwd, action.file), { kind: action.kind, file: action.file, contentHash: action.contentHash });
    }
  }
  let tree: DiscoveredTree;
  try {
    tree = await discoverTree({
      root: resolve(settings.cwd, plan.root),
      include: settings.include,
      exclude: settings.exclude,
      configFile: settings.configFile,
      cwd: settings.cwd,
      emptySelectionIsError: false,
    });
  } catch {
    return null;
  }
  const now = new Set([...tree.dashboardFiles, ...tree.libraryFiles].map((path) => resolve(path)));
  const dashboardFiles = new Set(tree.dashboardFiles.map((path) => resolve(path)));
  const added = [...now].filter((path) => !read.has(path) && !(dashboardFiles.has(path) && isNotADashboard(readUid(path, toSlashes(relative(settings.cwd, path)), dashboardUid))));
  const changed = [...read].filter(([path, recorded]) => !now.has(path) || !holdsPlannedDigest(recorded, settings)).map(([path]) => path);
  return [...changed, ...added].sort();
}

/** Whether a file the plan read still holds the digest it recorded (false when it cannot be read). */
export function holdsPlannedDigest(recorded: { kind: 'dashboard' | 'library-panel'; file: string; contentHash: string }, settings: Pick<Settings, 'cwd' | 'inputs'>): boolean {
  try {
    // A library panel's digest is of its text as read (readDesiredLibraryPanel, as apply checks it); a dashboard's of its bytes.
    if (recorded.kind === 'library-panel') return readDesiredLibraryPanel(recorded.file, settings).hash === recorded.contentHash;
    return useFileBytes(resolve(settings.cwd, recorded.file), hashBytes) === recorded.contentHash;
  } catch {
    return false;
  }
}
