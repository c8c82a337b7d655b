import type { GrafanaPort } from '../grafana/port.js';
import type { LibraryPanelAction } from '../plan/types.js';
import { libraryPanelConflict } from './save-library-panel-action.js';
import { backUpBeforeDelete } from './write-file-durably.js';
import type { ApplyConflict } from './types.js';
import { writeLibraryPanelBackup } from './write-library-panel-backup.js';

export type LibraryPanelDeleteResult = { kind: 'deleted'; backup: string } | { kind: 'skipped'; reason: string } | { kind: 'conflict'; conflict: ApplyConflict };

/**
 * Prunes one library panel: re-reads it, refuses when it changed since the plan (unless
 * --force), never deletes one that a dashboard uses (Grafana would refuse; the reason names the
 * dashboards that hold it), writes the backup, says so (`onBackup`), then deletes.
 */
export async function deleteLibraryPanelAction(
  action: LibraryPanelAction,
  context: { grafana: GrafanaPort; backupDir: string; force: boolean; onBackup?: (path: string) => void },
): Promise<LibraryPanelDeleteResult> {
  const { grafana } = context;
  const live = await grafana.getLibraryPanel(action.uid);
  if (!live) return { kind: 'skipped', reason: 'library panel already gone from Grafana; nothing to delete' };
  if (!context.force && action.live && live.revision !== action.live.revision) return { kind: 'conflict', conflict: libraryPanelConflict(action, live) };
  const holders = live.connectedDashboards > 0 ? ((await grafana.libraryPanelConnections(action.uid)) ?? []) : [];
  if (holders.length > 0) return { kind: 'skipped', reason: inUse(holders, action) };
  const backup = await backUpBeforeDelete(context.backupDir, () => writeLibraryPanelBackup(context.backupDir, live, { url: grafana.url, orgId: grafana.orgId ?? null }));
  context.onBackup?.(backup);
  const deleted = await grafana.deleteLibraryPanel(action.uid);
  if (deleted.kind === 'connected') return { kind: 'skipped', reason: inUse(deleted.dashboardUids, action) };
  return { kind: 'deleted', backup };
}

function inUse(dashboardUids: string[], action: LibraryPanelAction): string {
  const titles = new Map(action.usedBy.map((user) => [user.uid, user.title]));
  const named = dashboardUids.map((uid) => (titles.get(uid) ? `${uid} "${titles.get(uid)}"` : uid)).join(', ');
  return `library panel kept: dashboards still use it (${named}), and Grafana refuses to delete a library panel in use`;
}
