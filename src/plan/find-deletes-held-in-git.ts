import { relative, resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import { findRemovedTreeFiles } from '../git/find-removed-dashboard-files.js';
import type { GrafanaPort, LastSave } from '../grafana/port.js';
import { RESTORE_MESSAGE } from './decide-drift.js';
import { findDashboardsHeld } from './find-held-in-git.js';

/**
 * Which prune deletes' live edits (readEditedSincePush) git already holds: the file git last held the uid in, as a commit
 * held it (a removal committed, or `git rm` not committed yet), is the live dashboard (compared as findHeldInGit compares
 * an update's). Such an edit was pulled and committed before the file was removed: the delete loses nothing git lacks.
 * A file removed without `git rm` whose index text is not HEAD's holds nothing a commit holds.
 */
export async function findDeletesHeldInGit(
  edited: ReadonlyMap<string, LastSave>,
  liveFolderOf: (uid: string) => string | null | undefined,
  grafana: Pick<GrafanaPort, 'readDashboards'>,
  settings: Pick<Settings, 'cwd' | 'root' | 'inputs' | 'minRefreshInterval' | 'concurrency'> & Partial<Pick<Settings, 'configFile' | 'environment'>>,
  signal?: AbortSignal,
): Promise<Set<string>> {
  if (edited.size === 0) return new Set();
  const removed = (await findRemovedTreeFiles(settings.root, { dashboards: [...edited.keys()], libraryPanels: [] })).dashboards;
  const candidates = [...removed].flatMap(([uid, file]) => {
    const save = edited.get(uid)!;
    const liveFolderUid = liveFolderOf(uid);
    if (liveFolderUid === undefined || (file.removal.kind === 'unstaged' && file.removal.fromIndex)) return [];
    const path = relative(settings.cwd, resolve(settings.root, file.path));
    // The live folder as the file's: a delete has no move to judge.
    return [{ candidate: { uid, file: path, folderUid: liveFolderUid, liveFolderUid, version: save.version, restored: RESTORE_MESSAGE.test(save.message ?? '') }, text: file.text }];
  });
  const texts = new Map(candidates.map(({ candidate, text }) => [candidate.file, [{ text, path: candidate.file, commit: '' }]]));
  const held = await findDashboardsHeld(candidates.map(({ candidate }) => candidate), (file) => texts.get(file), grafana, settings, () => undefined, signal);
  return new Set(held.keys());
}
