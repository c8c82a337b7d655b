import { GrafanaHttpError } from '../errors.js';
import type { GrafanaPort, LiveLibraryPanel } from '../grafana/port.js';
import { quoteText } from '../report/escape-untrusted.js';

/**
 * Grafana 12.2+ refuses a `/apis` folder delete while the folder or a subfolder holds a library
 * panel (DeleteLegacy: 400 "Folder cannot be deleted: folder is not empty", nothing deleted); the
 * same answer stands for alert rules. The folder is still there.
 */
export function isFolderNotEmptyRefusal(error: unknown): error is GrafanaHttpError {
  return error instanceof GrafanaHttpError && error.status === 400 && /folder is not empty/i.test(error.grafanaMessage);
}

/** The library panels (kind 1) that sit in the folder itself; [] when the list cannot be read (the line then names none). */
export async function readLibraryPanelsIn(grafana: Pick<GrafanaPort, 'listLibraryPanels'>, folderUid: string): Promise<LiveLibraryPanel[]> {
  try {
    return (await grafana.listLibraryPanels()).filter((panel) => panel.kind === 1 && panel.folderUid === folderUid).sort((a, b) => a.uid.localeCompare(b.uid));
  } catch {
    return [];
  }
}

/**
 * Pure: why a folder the plan deletes was kept — `why` is what Grafana showed (its counts, or
 * its refusal) — naming the library panels inside that the plan does not delete (made or moved
 * there after the plan, or kept by it), and what to do about them, then `rerun` (the apply that plans anew
 * with this run's flags: `dashsync apply --prune all`).
 */
export function describeKeptFolder(title: string, why: string, panels: LiveLibraryPanel[], rerun: string): string {
  if (panels.length === 0) return `folder ${quoteText(title)} kept: ${why}`;
  const one = panels.length === 1;
  const named = panels.map((panel) => `${panel.uid} ${quoteText(panel.name)}`).join(', ');
  return `folder ${quoteText(title)} kept: ${why}; it holds library panel${one ? '' : 's'} ${named}, which this plan does not delete: give ${one ? 'it a file' : 'them files'} in the tree, or move or delete ${one ? 'it' : 'them'} in Grafana, then run ${rerun}`;
}
