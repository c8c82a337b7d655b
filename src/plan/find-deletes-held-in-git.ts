import { relative, resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import { findRemovedTreeFiles, type RemovedDashboardFile } from '../git/find-removed-dashboard-files.js';
import type { HistoryDeletionsReader } from '../git/read-history-deletions.js';
import { readRemovedFileVersions } from '../git/read-removed-file-versions.js';
import type { GrafanaPort, LastSave } from '../grafana/port.js';
import { RESTORE_MESSAGE } from './decide-drift.js';
import { COMMITS_COMPARED, findDashboardsHeld } from './find-held-in-git.js';

/** What git says of prune deletes edited in Grafana: the uids the tree held in a file since removed, and of those the ones whose live edit a commit holds. */
export interface DeletesInGit {
  /** A removed file of the tree held the uid (the tree deployed it once). */
  treeHeld: Set<string>;
  /** The live dashboard is a committed version of that file: the edit was pulled and committed before the file went. */
  held: Set<string>;
  /**
   * The files were looked for in a shallow clone (the tree's repository, as the walk found it): a removal or a committed
   * version older than its history is not there to compare with, so a full clone may hold an edit this one reports.
   */
  shallow: boolean;
}

/**
 * Which prune deletes' live edits (readEditedSincePush) git already holds: one of the last COMMITS_COMPARED committed
 * versions of the file git last held the uid in (before its removal, committed or `git rm` not committed yet: as an update's
 * file is compared, renames followed) is the live dashboard, compared as findHeldInGit compares an update's. Such an edit was
 * pulled and committed before the file was removed: the delete loses nothing git lacks. A file removed without `git rm`
 * whose index text is not HEAD's holds nothing a commit holds. `historyDeletions`: the plan's one walk of the deleted files (rev-70c L5).
 */
export async function findDeletesHeldInGit(
  edited: ReadonlyMap<string, LastSave>,
  liveFolderOf: (uid: string) => string | null | undefined,
  grafana: Pick<GrafanaPort, 'readDashboards' | 'defaultDatasource' | 'namedDatasources' | 'describeServer' | 'writeTargetFor'>,
  settings: Pick<Settings, 'cwd' | 'root' | 'inputs' | 'minRefreshInterval' | 'concurrency'> & Partial<Pick<Settings, 'configFile' | 'environment'>>,
  historyDeletions: HistoryDeletionsReader,
  signal?: AbortSignal,
): Promise<DeletesInGit> {
  if (edited.size === 0) return { treeHeld: new Set(), held: new Set(), shallow: false };
  // Whether the clone is shallow: the walk's own rev-parse says it, of the tree's repository (no git process of its own).
  const [found, walk] = await Promise.all([findRemovedTreeFiles(settings.root, { dashboards: [...edited.keys()], libraryPanels: [] }, { historyDeletions }), historyDeletions(settings.root)]);
  const shallow = walk.ok && walk.shallow;
  const removed = found.dashboards;
  const compared = new Map<string, RemovedDashboardFile>();
  const candidates = [...removed].flatMap(([uid, file]) => {
    const save = edited.get(uid)!;
    const liveFolderUid = liveFolderOf(uid);
    if (liveFolderUid === undefined || (file.removal.kind === 'unstaged' && file.removal.fromIndex)) return [];
    compared.set(uid, file);
    const path = relative(settings.cwd, resolve(settings.root, file.path));
    // The live folder as the file's: a delete has no move to judge.
    return [{ uid, file: path, folderUid: liveFolderUid, liveFolderUid, version: save.version, restored: RESTORE_MESSAGE.test(save.message ?? '') }];
  });
  const versions = await readRemovedFileVersions(settings.root, compared, COMMITS_COMPARED);
  const byFile = new Map(candidates.map((candidate) => [candidate.file, versions.get(candidate.uid)]));
  const { held } = await findDashboardsHeld(candidates, (file) => byFile.get(file), grafana, settings, () => undefined, signal);
  return { treeHeld: new Set(removed.keys()), held: new Set(held.keys()), shallow };
}
