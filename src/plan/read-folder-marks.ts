import pLimit from 'p-limit';
import { AuthError, HistoryUnreadableError, PermissionError } from '../errors.js';
import type { ListedDashboard, GrafanaPort, LiveFolder } from '../grafana/port.js';
import { folderSubtree } from './decide-managed-folders.js';

/**
 * For each folder asked about: whether every dashboard inside it (subfolders included; at
 * least one) was last saved by dashsync, read from Grafana's version history. Stops reading a
 * folder at its first dashboard someone else saved. Credentials that may not read the history
 * leave the folder unmarked (false): unproven is unmanaged.
 */
export async function readFolderMarks(
  grafana: GrafanaPort,
  folderUids: readonly string[],
  live: { folders: ReadonlyMap<string, LiveFolder>; dashboards: readonly ListedDashboard[] },
  concurrency: number,
): Promise<Map<string, boolean>> {
  const limit = pLimit(concurrency);
  const marks = await Promise.all(
    folderUids.map(async (uid) => {
      const subtree = folderSubtree(uid, live.folders);
      const inside = live.dashboards.filter((dashboard) => dashboard.folderUid !== null && subtree.has(dashboard.folderUid));
      let found = false;
      for (const dashboard of inside) {
        const byDashsync = await limit(() => savedByDashsync(grafana, dashboard.uid));
        if (byDashsync === false) return [uid, false] as const;
        found ||= byDashsync === true;
      }
      return [uid, found] as const;
    }),
  );
  return new Map(marks);
}

/** null when the dashboard is gone since it was listed. */
async function savedByDashsync(grafana: GrafanaPort, uid: string): Promise<boolean | null> {
  const dashboard = await grafana.getDashboard(uid);
  if (!dashboard) return null;
  if (dashboard.lastSave.byDashsync !== null) return dashboard.lastSave.byDashsync;
  try {
    return (await grafana.readLastSave(dashboard)).byDashsync === true;
  } catch (error) {
    if (error instanceof PermissionError || error instanceof AuthError || error instanceof HistoryUnreadableError) return false;
    throw error;
  }
}
