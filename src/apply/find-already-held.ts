import { existsSync } from 'node:fs';
import { basename, dirname, join, posix, relative, resolve } from 'node:path';
import pLimit from 'p-limit';
import type { Settings } from '../config/types.js';
import { FOLDER_FILE, LIBRARY_DIR } from '../files/discover-tree.js';
import { libraryPanelNamesOf } from '../files/find-stale-library-ref-names.js';
import { folderOfDirectory } from '../files/folder-uid.js';
import { readFolderFile } from '../files/read-folder-file.js';
import { parentOf, toSlashes } from '../files/tree-paths.js';
import { folderAsWanted } from '../grafana/folder-as-seen.js';
import type { GrafanaPort } from '../grafana/port.js';
import { liveInstanceFor } from '../plan/read-instance-datasources.js';
import { readDesired } from '../plan/read-desired.js';
import { readDesiredLibraryPanel } from '../plan/read-desired-library-panel.js';
import { libraryPanelActions, type Plan } from '../plan/types.js';
import { liveHoldsFile } from './save-dashboard-action.js';
import { libraryPanelHolds } from './save-library-panel-action.js';

/** What Grafana holds of a file: its dashboard, library panel or folder, by uid. */
export interface HeldResource {
  uid: string;
  kind: 'dashboard' | 'library-panel' | 'folder';
}

type HeldSettings = Pick<Settings, 'cwd' | 'inputs' | 'minRefreshInterval' | 'concurrency'> & Partial<Pick<Settings, 'configFile' | 'environment'>>;

/**
 * Of the files changed since a saved plan that it does not push (shown from cwd), those Grafana already holds exactly as the
 * file is now (an apply since deployed them, most often the run of another pull request merged since), each read as the plan
 * reads it, read from Grafana once, and compared as the save compares: a dashboard (liveHoldsFile: diffWithLive, the same
 * normalisation) in the folder its directory gives; a library panel file (libraryPanelHolds: its name and model) in the folder
 * of the directory its `_library/` sits in; a `_folder.json` (folderAsWanted: its title, under the folder of the directory
 * above). Each directory's folder is read once. Called only once the plan's own files were verified. Not judged, so named by
 * the note as before: a file that no longer reads as one, one removed, one Grafana cannot be asked about. Returns file → what it holds.
 */
export async function findAlreadyHeld(files: readonly string[], plan: Pick<Plan, 'actions' | 'root'>, settings: HeldSettings, grafana: GrafanaPort): Promise<Map<string, HeldResource>> {
  const root = resolve(settings.cwd, plan.root);
  const libraryPanelNames = libraryPanelNamesOf(libraryPanelActions(plan).map((panel) => ({ uid: panel.uid, name: panel.title, file: panel.file })));
  const limit = pLimit(Math.max(1, settings.concurrency));
  const folders = new Map<string, Promise<{ uid: string; title: string } | null>>();
  const held = await Promise.all(
    files.map((file) =>
      // Unreadable, invalid, or Grafana not read: the note names it as not deployed, as before.
      limit(() => judge(file).catch(() => null)),
    ),
  );
  return new Map(files.flatMap((file, at) => {
    const found = held[at];
    return found === null || found === undefined ? [] : [[file, found] as const];
  }));

  async function judge(file: string): Promise<HeldResource | null> {
    const path = resolve(settings.cwd, file);
    if (!existsSync(path)) return null;
    const dir = toSlashes(relative(root, dirname(path))).replace(/^\.$/, '');
    if (basename(path) === FOLDER_FILE) return dir.split('/').includes(LIBRARY_DIR) ? null : folderHeld(dir);
    if (posix.basename(dir) === LIBRARY_DIR && !parentOf(dir).split('/').includes(LIBRARY_DIR)) return libraryPanelHeld(file, parentOf(dir));
    if (dir.split('/').includes(LIBRARY_DIR)) return null;
    const desired = await readDesired(file, settings);
    if (desired.uid === '') return null;
    const readAt = desired.schema === 'v2' ? desired.apiVersion?.split('/')[1] : undefined;
    const write = grafana.writeTargetFor(desired);
    if ('refused' in write) return null;
    const live = await grafana.getDashboard(desired.uid, undefined, readAt);
    if (live === null) return null;
    const comparison = { ...(await liveInstanceFor(grafana, desired)), libraryPanelNames };
    return (await liveHoldsFile(grafana, live, desired, write, await folderUidOf(dir), settings.minRefreshInterval, comparison)) ? { uid: desired.uid, kind: 'dashboard' } : null;
  }

  async function libraryPanelHeld(file: string, dir: string): Promise<HeldResource | null> {
    const { content } = readDesiredLibraryPanel(file, settings);
    return libraryPanelHolds(await grafana.getLibraryPanel(content.uid), content, await folderUidOf(dir)) ? { uid: content.uid, kind: 'library-panel' } : null;
  }

  async function folderHeld(dir: string): Promise<HeldResource | null> {
    const folder = await folderOf(dir);
    if (folder === null) return null;
    return folderAsWanted(await grafana.getFolder(folder.uid), { title: folder.title, parentUid: await folderUidOf(parentOf(dir)) }) ? { uid: folder.uid, kind: 'folder' } : null;
  }

  async function folderUidOf(dir: string): Promise<string | null> {
    return (await folderOf(dir))?.uid ?? null;
  }

  /** The folder the tree gives a directory (relative to the root), read once per directory; General (null) for the root. */
  function folderOf(dir: string): Promise<{ uid: string; title: string } | null> {
    let found = folders.get(dir);
    if (found === undefined) {
      found = readFolderOf(dir);
      folders.set(dir, found);
    }
    return found;
  }

  async function readFolderOf(dir: string): Promise<{ uid: string; title: string } | null> {
    if (dir === '') return null;
    const folderFile = join(root, dir, FOLDER_FILE);
    const named = existsSync(folderFile) ? (await readFolderFile(folderFile, toSlashes(relative(settings.cwd, folderFile)))).folder : null;
    return folderOfDirectory(dir, named);
  }
}
