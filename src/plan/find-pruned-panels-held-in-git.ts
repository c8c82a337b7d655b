import { relative, resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import { findRemovedTreeFiles, type RemovedDashboardFile } from '../git/find-removed-dashboard-files.js';
import type { HistoryDeletionsReader } from '../git/read-history-deletions.js';
import { readRemovedFileVersions } from '../git/read-removed-file-versions.js';
import type { LiveLibraryPanel } from '../grafana/port.js';
import { normalizeLibraryPanel } from '../normalize/normalize-library-panel.js';
import { judgedSave } from './decide-drift.js';
import { COMMITS_COMPARED } from './find-held-in-git.js';
import { committedHoldsPanel } from './find-library-panels-held.js';

/**
 * Which library panels prune may delete, made by dashsync and changed in Grafana since, git already holds: one of the last
 * COMMITS_COMPARED committed versions of the `_library/` file that last held the uid (before its removal) is the live
 * element, as findLibraryPanelsHeld compares a written panel's. Such a change was pulled and committed before the file was
 * removed: the delete loses nothing git lacks (findDeletesHeldInGit does the same for dashboards). A file removed without
 * `git rm` whose index text is not HEAD's holds nothing a commit holds. Nothing to compare: no git process. `historyDeletions`: the plan's one walk.
 */
export async function findPrunedPanelsHeldInGit(
  panels: readonly LiveLibraryPanel[],
  settings: Pick<Settings, 'cwd' | 'root' | 'inputs'> & Partial<Pick<Settings, 'configFile' | 'environment'>>,
  historyDeletions: HistoryDeletionsReader,
): Promise<Set<string>> {
  const edited = new Map(panels.filter((panel) => panel.created?.byDashsync === true && judgedSave(panel).byDashsync === false).map((panel) => [panel.uid, panel]));
  const held = new Set<string>();
  if (edited.size === 0) return held;
  const found = await findRemovedTreeFiles(settings.root, { dashboards: [], libraryPanels: [...edited.keys()] }, { historyDeletions });
  const compared = new Map<string, RemovedDashboardFile>([...found.libraryPanels].filter(([, file]) => !(file.removal.kind === 'unstaged' && file.removal.fromIndex)));
  if (compared.size === 0) return held;
  const versions = await readRemovedFileVersions(settings.root, compared, COMMITS_COMPARED);
  for (const [uid, file] of compared) {
    const live = normalizeLibraryPanel(edited.get(uid)!);
    const path = relative(settings.cwd, resolve(settings.root, file.path));
    if ((versions.get(uid) ?? []).some((version) => committedHoldsPanel(version.text, path, settings, live))) held.add(uid);
  }
  return held;
}
