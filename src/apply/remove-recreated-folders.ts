import type { GrafanaPort } from '../grafana/port.js';
import { describeFolderCounts } from './describe-folder-counts.js';
import type { FolderRef } from './read-folder-chain.js';

/** What became of the folders a restore created when the item it created them for did not go in. */
export interface FolderCleanup {
  /** Deleted again, deepest first. */
  removed: FolderRef[];
  /** Left in place, deepest first, with why: something is in it now, or Grafana refused or failed the read or delete. */
  kept: { folder: FolderRef; why: string }[];
}

/**
 * Deletes again the folders this restore created (`created`, top level first), deepest first, so
 * that a refused save leaves no empty folders behind. Only a folder Grafana reports empty is
 * deleted (a folder delete cascades and cannot be undone): one that something went into meanwhile
 * is kept, and so are the ones above it. Never throws: the refusal that led here is what the
 * caller reports, with this beside it.
 */
export async function removeRecreatedFolders(grafana: Pick<GrafanaPort, 'folderContents' | 'deleteFolder'>, created: readonly FolderRef[]): Promise<FolderCleanup> {
  const cleanup: FolderCleanup = { removed: [], kept: [] };
  for (const folder of [...created].reverse()) {
    try {
      const contents = await grafana.folderContents(folder.uid);
      if (contents === null) continue;
      const inside = Object.entries(contents.counts).filter(([, n]) => n > 0);
      if (inside.length > 0 || contents.found) {
        const what = inside.length > 0 ? describeFolderCounts(inside) : `${contents.found!.kind} ${contents.found!.uid}`;
        cleanup.kept.push({ folder, why: `not empty: ${what}` });
        continue;
      }
      await grafana.deleteFolder(folder.uid);
      cleanup.removed.push(folder);
    } catch (error) {
      cleanup.kept.push({ folder, why: error instanceof Error ? error.message : String(error) });
    }
  }
  return cleanup;
}
