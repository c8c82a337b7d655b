import { pulledDashboardFile, pulledLibraryPanelFile } from '../files/pulled-file.js';
import { whyUnselected, type Selection } from './find-unselected-files.js';

/** A restored dashboard (`title`) or library panel (`name`) no file of the tree holds, nor git names a file of, and the folder it is in now. */
export type PulledOrphan = { uid: string; folderUid: string | null } & ({ title: string | null } | { name: string });

/**
 * Pure: of restored uids no file holds, those `pull <uid>` would not write, by orphan (a dashboard and a library panel may
 * share a uid), each with the file it would be
 * (root-relative) and why this run's selection leaves it out (whyUnselected, as pull's `skipped` line words it): restore's
 * "run dashsync pull <uid> to write it" is not true of them (an environment naming its own files in a folder it shares).
 * Only those in a folder the tree holds (`treeDirs`) or at the General level: elsewhere the file's directory is pull's to name.
 */
export function findUnpullableRestores<T extends PulledOrphan>(orphans: readonly T[], treeDirs: ReadonlyMap<string, string>, selection: Selection): Map<T, { file: string; why: string }> {
  const view = { treeDirs, liveFolders: new Map() };
  const placed = orphans.filter((orphan) => orphan.folderUid === null || treeDirs.has(orphan.folderUid));
  const files = new Map(placed.map((orphan) => [orphan, 'name' in orphan ? pulledLibraryPanelFile(orphan, view) : pulledDashboardFile(orphan, view)]));
  const why = whyUnselected([...new Set(files.values())], selection);
  return new Map([...files].flatMap(([orphan, file]) => (why.has(file) ? [[orphan, { file, why: why.get(file)! }] as const] : [])));
}
