import { whyUnselected, type Selection } from './find-unselected-files.js';
import type { DirectoryListing } from './map-folder-dirs.js';
import type { DashboardTarget, FolderTarget, LibraryPanelTarget, SkippedTarget } from './types.js';

export interface PlacedTargets {
  folders: FolderTarget[];
  dashboards: DashboardTarget[];
  libraryPanels: LibraryPanelTarget[];
}

/**
 * Pure: the planned writes without those whose new file the selection leaves out (a new dashboard
 * or library panel, or a move to its live folder's directory), each a skipped target instead. A
 * file there would belong to no run with this selection: plan would not read it, and the next pull
 * would skip it as another run's. A folder directory is no longer made for them alone (one on disk
 * already stays planned, so its `_folder.json` stays in line with Grafana — unless `onlyUsedFolders`:
 * a refresh writes no `_folder.json` of a directory none of its files is in).
 * A dashboard whose move the selection leaves out (its live folder's directory is another environment's, docs/environments.md's
 * folder per environment) is not skipped: its file keeps its place and takes Grafana's content (`inPlace`), so an edit made
 * there can be pulled; the next apply puts it back in its directory's folder. So is a library panel's `_library/` file.
 */
export function holdOutUnselectedTargets(
  placed: PlacedTargets,
  selection: Selection | undefined,
  listing: DirectoryListing,
  options: { onlyUsedFolders: boolean } = { onlyUsedFolders: false },
): PlacedTargets & { skipped: SkippedTarget[]; inPlace: DashboardInPlace[] } {
  const fresh = [...placed.dashboards, ...placed.libraryPanels].filter((target) => target.existingFile === null || target.previousFile !== null);
  const outside = selection ? whyUnselected(fresh.map((target) => target.file), selection) : new Map<string, string>();
  if (outside.size === 0) return { ...placed, skipped: [], inPlace: [] };

  const skipped: SkippedTarget[] = [];
  const holdOut = (target: DashboardTarget | LibraryPanelTarget, title: string, resource?: 'library-panel'): boolean => {
    const why = outside.get(target.file);
    if (why === undefined) return false;
    const unwritten = target.previousFile === null ? ({ kind: 'new' } as const) : ({ kind: 'move', from: target.previousFile } as const);
    skipped.push({ uid: target.uid, title, file: target.file, why, unwritten, ...(resource ? { resource } : {}) });
    return true;
  };
  const inPlace: DashboardInPlace[] = [];
  const dashboards = placed.dashboards.flatMap((target): DashboardTarget[] => {
    const why = outside.get(target.file);
    if (why === undefined) return [target];
    if (target.previousFile === null || !holdsOwnPlace(target.previousFile, selection)) return holdOut(target, target.title) ? [] : [target];
    const folder = placed.folders.find((candidate) => candidate.dir === parentDir(target.file));
    inPlace.push({ uid: target.uid, title: target.title, file: target.previousFile, liveDir: parentDir(target.file), why, ...(folder && { folder: { uid: folder.uid, title: folder.title } }) });
    return [{ ...target, file: target.previousFile, previousFile: null }];
  });
  // A library panel likewise: its `_library/` file keeps its place (the folder is that of the directory holding `_library/`).
  const libraryPanels = placed.libraryPanels.flatMap((target): LibraryPanelTarget[] => {
    const why = outside.get(target.file);
    if (why === undefined) return [target];
    if (target.previousFile === null || !holdsOwnPlace(target.previousFile, selection)) return holdOut(target, target.name, 'library-panel') ? [] : [target];
    const liveDir = parentDir(parentDir(target.file));
    const folder = placed.folders.find((candidate) => candidate.dir === liveDir);
    inPlace.push({ uid: target.uid, title: target.name, file: target.previousFile, liveDir, why, ...(folder && { folder: { uid: folder.uid, title: folder.title } }), resource: 'library-panel' });
    return [{ ...target, file: target.previousFile, previousFile: null }];
  });
  const usedDirs = new Set<string>();
  for (const { file } of [...dashboards, ...libraryPanels]) {
    for (let slash = file.lastIndexOf('/'); slash > 0; slash = file.lastIndexOf('/', slash - 1)) usedDirs.add(file.slice(0, slash));
  }
  const folders = placed.folders.filter((folder) => (listing.has(folder.dir) && !options.onlyUsedFolders) || usedDirs.has(folder.dir));
  return { folders, dashboards, libraryPanels, skipped, inPlace };
}

/** A dashboard (or library panel) whose file stays where it is though its live folder is that of `liveDir`, which the selection leaves out (`why`: a file there). */
export interface DashboardInPlace {
  uid: string;
  /** A library panel's: its name. */
  title: string;
  /** Root-relative: the file that keeps its place. */
  file: string;
  /** Root-relative: the directory of the dashboard's live folder. */
  liveDir: string;
  why: string;
  folder?: { uid: string; title: string };
  /** A library panel's `_library/` file; absent: a dashboard's. */
  resource?: 'library-panel';
}

function parentDir(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '' : file.slice(0, slash);
}

/** Whether the selection holds the file a dashboard is in now (else its move is another run's, skipped as before). */
function holdsOwnPlace(file: string, selection: Selection | undefined): boolean {
  return selection === undefined || !whyUnselected([file], selection).has(file);
}
