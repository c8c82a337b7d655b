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
 */
export function holdOutUnselectedTargets(
  placed: PlacedTargets,
  selection: Selection | undefined,
  listing: DirectoryListing,
  options: { onlyUsedFolders: boolean } = { onlyUsedFolders: false },
): PlacedTargets & { skipped: SkippedTarget[] } {
  const fresh = [...placed.dashboards, ...placed.libraryPanels].filter((target) => target.existingFile === null || target.previousFile !== null);
  const outside = selection ? whyUnselected(fresh.map((target) => target.file), selection) : new Map<string, string>();
  if (outside.size === 0) return { ...placed, skipped: [] };

  const skipped: SkippedTarget[] = [];
  const holdOut = (target: DashboardTarget | LibraryPanelTarget, title: string, resource?: 'library-panel'): boolean => {
    const why = outside.get(target.file);
    if (why === undefined) return false;
    const unwritten = target.previousFile === null ? ({ kind: 'new' } as const) : ({ kind: 'move', from: target.previousFile } as const);
    skipped.push({ uid: target.uid, title, file: target.file, why, unwritten, ...(resource ? { resource } : {}) });
    return true;
  };
  const dashboards = placed.dashboards.filter((target) => !holdOut(target, target.title));
  const libraryPanels = placed.libraryPanels.filter((target) => !holdOut(target, target.name, 'library-panel'));
  const usedDirs = new Set<string>();
  for (const { file } of [...dashboards, ...libraryPanels]) {
    for (let slash = file.lastIndexOf('/'); slash > 0; slash = file.lastIndexOf('/', slash - 1)) usedDirs.add(file.slice(0, slash));
  }
  const folders = placed.folders.filter((folder) => (listing.has(folder.dir) && !options.onlyUsedFolders) || usedDirs.has(folder.dir));
  return { folders, dashboards, libraryPanels, skipped };
}
