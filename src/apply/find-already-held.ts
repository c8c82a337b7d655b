import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import pLimit from 'p-limit';
import type { Settings } from '../config/types.js';
import { FOLDER_FILE, LIBRARY_DIR } from '../files/discover-tree.js';
import { libraryPanelNamesOf } from '../files/find-stale-library-ref-names.js';
import { deriveFolderUid } from '../files/folder-uid.js';
import { readFolderFile } from '../files/read-folder-file.js';
import { toSlashes } from '../files/tree-paths.js';
import type { GrafanaPort } from '../grafana/port.js';
import { liveInstanceFor } from '../plan/read-instance-datasources.js';
import { readDesired } from '../plan/read-desired.js';
import { libraryPanelActions, type Plan } from '../plan/types.js';
import { liveHoldsFile } from './save-dashboard-action.js';

type HeldSettings = Pick<Settings, 'cwd' | 'inputs' | 'minRefreshInterval' | 'concurrency'> & Partial<Pick<Settings, 'configFile' | 'environment'>>;

/**
 * Of the files changed since a saved plan that it does not push (shown from cwd), those whose dashboard Grafana already
 * holds exactly as the file is now, in the folder its directory gives (an apply since deployed it, most often the run of
 * another pull request merged since): each read as the plan reads it, its dashboard read once, and compared as the plan
 * and a save compare (liveHoldsFile: diffWithLive, the same normalisation). Called only once the plan's own files were
 * verified. Not judged, so named by the note as before: a library panel's file, a `_folder.json`, a file that no longer
 * reads as a dashboard, one removed, one whose dashboard cannot be read. Returns file → uid.
 */
export async function findAlreadyHeld(files: readonly string[], plan: Pick<Plan, 'actions' | 'root'>, settings: HeldSettings, grafana: GrafanaPort): Promise<Map<string, string>> {
  const root = resolve(settings.cwd, plan.root);
  const libraryPanelNames = libraryPanelNamesOf(libraryPanelActions(plan).map((panel) => ({ uid: panel.uid, name: panel.title, file: panel.file })));
  const limit = pLimit(Math.max(1, settings.concurrency));
  const held = await Promise.all(
    files.map((file) =>
      limit(async () => {
        const path = resolve(settings.cwd, file);
        const inTree = toSlashes(relative(root, path)).split('/');
        if (basename(path) === FOLDER_FILE || inTree.includes(LIBRARY_DIR) || !existsSync(path)) return null;
        try {
          const desired = await readDesired(file, settings);
          if (desired.uid === '') return null;
          const readAt = desired.schema === 'v2' ? desired.apiVersion?.split('/')[1] : undefined;
          const write = grafana.writeTargetFor(desired);
          if ('refused' in write) return null;
          const live = await grafana.getDashboard(desired.uid, undefined, readAt);
          if (live === null) return null;
          const comparison = { ...(await liveInstanceFor(grafana, desired)), libraryPanelNames };
          const folderUid = await folderOfDir(toSlashes(relative(root, dirname(path))));
          return (await liveHoldsFile(grafana, live, desired, write, folderUid, settings.minRefreshInterval, comparison)) ? desired.uid : null;
        } catch {
          // Unreadable, invalid, or its dashboard not read: the note names it as not deployed, as before.
          return null;
        }
      }),
    ),
  );
  return new Map(files.flatMap((file, at) => {
    const uid = held[at];
    return uid === null || uid === undefined ? [] : [[file, uid] as const];
  }));

  /** The folder uid the tree gives a directory (relative to the root): its `_folder.json`'s, else the one derived from its path; General for the root. */
  async function folderOfDir(dir: string): Promise<string | null> {
    if (dir === '' || dir === '.') return null;
    const folderFile = join(root, dir, FOLDER_FILE);
    if (!existsSync(folderFile)) return deriveFolderUid(dir);
    return (await readFolderFile(folderFile, toSlashes(relative(settings.cwd, folderFile)))).folder?.uid ?? deriveFolderUid(dir);
  }
}
