import { posix } from 'node:path';
import { LIBRARY_DIR } from '../files/discover-tree.js';
import { joinTreePath } from '../files/tree-paths.js';
import type { LibraryPanelEntry, Tree } from '../files/types.js';
import type { LiveFolder as Folder, LiveLibraryPanel } from '../grafana/port.js';
import type { RemovedDashboardFile } from '../git/find-removed-dashboard-files.js';
import type { DirectoryListing } from './map-folder-dirs.js';
import { placeFreshFiles } from './place-fresh-files.js';
import type { LibraryOnlyInGit, LibraryPanelTarget, LiveLibraryUse, PullScope } from './types.js';
import { unpulledFolderNote } from './unpulled-folder-note.js';
import { compareCodeUnits } from '../compare-code-units.js';

/**
 * Pure: the library panels a pull writes — those the pulled dashboards use, those `pull <uid…>`
 * names (`named`), (pulling everything or what the tree manages) those the tree already holds, and
 * those no dashboard uses in a folder whose every panel the pull takes (`takesEveryPanelIn`: `--all`
 * and a bootstrap everywhere, `--folder` and a refresh in their folders), which the next
 * `plan --prune folders` would otherwise delete. Library variables and panels in a folder Grafana does
 * not list are left out (the latter with a note).
 */
export function selectLibraryPanels(
  uses: LiveLibraryUse[],
  pulledUids: ReadonlySet<string>,
  scope: PullScope,
  tree: Tree,
  liveFolders: ReadonlyMap<string, Folder>,
  notes: string[],
  named: ReadonlySet<string> = new Set(),
  takesEveryPanelIn: (folderUid: string | null) => boolean = () => false,
): LiveLibraryPanel[] {
  const inTree = new Set(tree.libraryPanels.map((panel) => panel.uid));
  const refreshTree = scope.kind === 'all' || scope.kind === 'managed';
  const selected: LiveLibraryPanel[] = [];
  for (const { panel, users } of uses) {
    if (panel.kind !== 1) continue;
    const unused = users.length === 0 && takesEveryPanelIn(panel.folderUid);
    if (!users.some((uid) => pulledUids.has(uid)) && !named.has(panel.uid) && !(refreshTree && inTree.has(panel.uid)) && !unused) continue;
    const unpulled = unpulledFolderNote(`library panel ${panel.uid}`, panel.folderUid, liveFolders);
    if (unpulled !== null) {
      notes.push(unpulled);
      continue;
    }
    selected.push(panel);
  }
  return selected.sort((a, b) => compareCodeUnits(a.uid, b.uid));
}

/**
 * Pure: the file of each pulled library panel — `<folder's directory>/_library/<name>.json`. A
 * uid the tree holds keeps its file unless its folder changed (then it moves, keeping its file name where the new
 * `_library/` has it free, as a dashboard's file does); a new one gets the
 * path of its removed file where that is free in the same `_library/` (placeFreshFiles, as for
 * dashboards), else a sanitised name no other file of that `_library/` holds.
 */
export function placeLibraryPanels(
  panels: LiveLibraryPanel[],
  dirOf: (folderUid: string | null) => string,
  tree: Tree,
  listing: DirectoryListing,
  rootRelative: (entry: LibraryPanelEntry) => string,
  removedFiles?: ReadonlyMap<string, RemovedDashboardFile>,
): LibraryPanelTarget[] {
  const entryByUid = new Map<string, LibraryPanelEntry>();
  for (const entry of [...tree.libraryPanels].sort((a, b) => compareCodeUnits(a.file, b.file))) if (!entryByUid.has(entry.uid)) entryByUid.set(entry.uid, entry);
  const targets: LibraryPanelTarget[] = [];
  const fresh = new Map<string, LiveLibraryPanel[]>();
  for (const panel of panels) {
    const dir = dirOf(panel.folderUid);
    const existing = entryByUid.get(panel.uid);
    if (existing && existing.dir === dir) {
      const file = rootRelative(existing);
      targets.push({ uid: panel.uid, name: panel.name, file, previousFile: null, existingFile: file });
    } else {
      const libraryDir = joinTreePath(dir, LIBRARY_DIR);
      fresh.set(libraryDir, [...(fresh.get(libraryDir) ?? []), panel]);
    }
  }
  for (const [libraryDir, group] of fresh) {
    const placed = placeFreshFiles({
      dir: libraryDir,
      hits: group.map((panel) => ({ uid: panel.uid, title: panel.name })),
      listing,
      removedFiles,
      held: (uid) => entryByUid.has(uid),
      heldName: (uid) => {
        const entry = entryByUid.get(uid);
        return entry === undefined ? undefined : posix.basename(rootRelative(entry));
      },
    });
    for (const panel of group) {
      const existing = entryByUid.get(panel.uid);
      const previousFile = existing ? rootRelative(existing) : null;
      const { file, formerFile } = placed.get(panel.uid)!;
      targets.push({ uid: panel.uid, name: panel.name, file, previousFile, existingFile: previousFile, ...(formerFile ? { formerFile } : {}) });
    }
  }
  return targets.sort((a, b) => compareCodeUnits(a.file, b.file));
}

/**
 * Pure: the `_library/` files in the pull's scope whose uid no live library element has (any
 * kind: a uid Grafana holds as a library variable is not gone). `pull <uid…>` answers for those
 * dashboards only, so it reports none. A uid held by two files counts once, by its first file
 * (the other is left as it is, as for dashboards).
 */
export function findLibraryOnlyInGit(
  tree: Tree,
  liveUids: ReadonlySet<string>,
  scope: PullScope,
  covers: (entry: { uid: string; folderUid: string | null }) => boolean,
  rootRelative: (entry: LibraryPanelEntry) => string,
): LibraryOnlyInGit[] {
  if (scope.kind === 'uids') return [];
  const seen = new Set<string>();
  const gone: LibraryOnlyInGit[] = [];
  for (const entry of [...tree.libraryPanels].sort((a, b) => compareCodeUnits(a.file, b.file))) {
    if (seen.has(entry.uid)) continue;
    seen.add(entry.uid);
    if (liveUids.has(entry.uid) || !covers(entry)) continue;
    gone.push({ file: rootRelative(entry), uid: entry.uid, name: entry.name, folderUid: entry.folderUid });
  }
  return gone;
}
