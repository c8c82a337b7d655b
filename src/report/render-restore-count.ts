import type { RestoreEvent } from '../apply/run-restores.js';
import { plural } from '../plural.js';

/** How the uids of a restore ended, counted as their lines are printed. */
export interface RestoreTally {
  dashboards: number;
  libraryPanels: number;
  /** The uid was in Grafana already (nothing to restore). */
  present: number;
  failed: number;
  /** Folders that were gone and that the restores created again (each once, however many uids went into it). */
  foldersCreated: number;
}

export function newRestoreTally(): RestoreTally {
  return { dashboards: 0, libraryPanels: 0, present: 0, failed: 0, foldersCreated: 0 };
}

export function countRestoreEvent(tally: RestoreTally, event: RestoreEvent): void {
  if (event.kind === 'dashboard') {
    const { outcome } = event;
    if (outcome.kind === 'restored-from-trash' || outcome.kind === 'restored-from-backup') {
      tally.dashboards += 1;
      tally.foldersCreated += outcome.folderRecreated?.created.length ?? 0;
    } else if (outcome.kind === 'exists') tally.present += 1;
    else tally.failed += 1;
  } else if (event.kind === 'library-panel') {
    const { outcome } = event;
    if (outcome.kind === 'restored') {
      tally.libraryPanels += 1;
      tally.foldersCreated += outcome.folderRecreated?.created.length ?? 0;
    }
    else if (outcome.kind === 'exists' && outcome.elementKind === 1) tally.present += 1;
    else tally.failed += 1;
  } else if (event.kind === 'failed') tally.failed += 1;
}

/**
 * `Restore: 220 restored (200 dashboards, 20 library panels), 3 folders created again; 1 already in Grafana, 2 failed`: after
 * a run of more than one uid. Pure.
 */
export function renderRestoreCount(tally: RestoreTally): string {
  const restored = tally.dashboards + tally.libraryPanels;
  const kinds =
    tally.dashboards && tally.libraryPanels
      ? ` (${tally.dashboards} ${tally.dashboards === 1 ? 'dashboard' : 'dashboards'}, ${tally.libraryPanels} ${tally.libraryPanels === 1 ? 'library panel' : 'library panels'})`
      : tally.libraryPanels
        ? ` (${tally.libraryPanels === 1 ? 'library panel' : 'library panels'})`
        : '';
  const problems = [tally.present ? `${tally.present} already in Grafana` : '', tally.failed ? `${tally.failed} failed` : ''].filter(Boolean);
  const folders = tally.foldersCreated ? `, ${plural(tally.foldersCreated, 'folder')} created again` : '';
  return `Restore: ${restored} restored${kinds}${folders}${problems.length ? `; ${problems.join(', ')}` : ''}`;
}
