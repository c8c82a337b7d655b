import { posix } from 'node:path';
import { joinTreePath, parentOf } from '../files/tree-paths.js';
import type { RemovedDashboardFile } from '../git/find-removed-dashboard-files.js';
import { assignNames, type NameCandidate } from '../files/assign-names.js';
import type { DirectoryListing } from './map-folder-dirs.js';
import type { FormerFile } from './types.js';
import { compareCodeUnitsBy } from '../compare-code-units.js';

export interface PlaceFreshFilesInput {
  /** Root-relative directory of the dashboards' folder ('' = root). */
  dir: string;
  /** The dashboards that need a file name in `dir`: new ones, and those whose folder changed. */
  hits: readonly NameCandidate[];
  listing: DirectoryListing;
  /** By uid: the file each new dashboard (or library panel) was in before it was removed (findRemovedTreeFiles). */
  removedFiles?: ReadonlyMap<string, RemovedDashboardFile>;
  /** Whether a file of the tree holds the uid (its file moves; an old removed one is no business of it). */
  held: (uid: string) => boolean;
  /** The name of the file of the tree that holds the uid, which a move keeps where `dir` has it free (undefined: none holds it). */
  heldName?: (uid: string) => string | undefined;
}

/**
 * Pure: the file name of each of `hits` in `dir`. A dashboard whose file moves here from another folder's directory keeps
 * its name where nothing here takes it (a name given in git, `git mv a/x.json a/y.json`, is not undone by a move made in
 * Grafana). A new dashboard whose removed file sat in `dir`, at a name nothing there
 * takes now, gets that file back at its old path; the others get assignNames' names, around those. The removed file of a
 * new dashboard that does not get it is named all the same (`formerFile.left`): another file took it, or it is in another
 * folder's directory.
 */
export function placeFreshFiles(input: PlaceFreshFilesInput): Map<string, { file: string; formerFile?: FormerFile }> {
  const { dir, listing } = input;
  const onDisk = (name: string) => listing.get(dir)?.has(name) ?? false;
  const reclaimed = new Set<string>();
  const placed = new Map<string, { file: string; formerFile?: FormerFile }>();
  const formers = new Map<string, FormerFile>();
  const byUid = [...input.hits].sort(compareCodeUnitsBy(({ uid }) => uid));
  for (const { uid } of byUid) {
    const name = input.heldName?.(uid);
    if (name === undefined || onDisk(name.toLowerCase()) || reclaimed.has(name.toLowerCase())) continue;
    reclaimed.add(name.toLowerCase());
    placed.set(uid, { file: joinTreePath(dir, name) });
  }
  for (const { uid } of byUid) {
    const removed = input.held(uid) ? undefined : input.removedFiles?.get(uid);
    if (removed === undefined) continue;
    const former = { file: removed.path, removal: removed.removal };
    const name = posix.basename(removed.path).toLowerCase();
    if (parentOf(removed.path) !== dir) formers.set(uid, { ...former, left: 'elsewhere' });
    else if (removed.taken || onDisk(name) || reclaimed.has(name)) formers.set(uid, { ...former, left: 'taken' });
    else {
      reclaimed.add(name);
      placed.set(uid, { file: removed.path, formerFile: former });
    }
  }
  const names = assignNames({
    candidates: input.hits.filter((hit) => !placed.has(hit.uid)),
    kind: 'dashboard',
    extension: '.json',
    isTaken: (name) => reclaimed.has(name) || onDisk(name),
  });
  for (const [uid, name] of names) {
    const formerFile = formers.get(uid);
    placed.set(uid, { file: joinTreePath(dir, name), ...(formerFile ? { formerFile } : {}) });
  }
  return placed;
}
