import { backupSourceOf } from './read-newest-backup-file.js';
import type { GrafanaPort, LiveFolder, LiveLibraryPanel, WriteTally } from '../grafana/port.js';
import type { NameRelease } from './release-library-panel-name.js';
import type { LibraryPanelAction } from '../plan/types.js';
import { mayHaveLanded, readBack } from './read-back.js';
import { describeV2Keep, type V2LibraryPanelUsers } from './read-uncounted-v2-users.js';
import { describeMissingChain, readFolderChain } from './read-folder-chain.js';
import { libraryPanelConflict } from './save-library-panel-action.js';
import { backUpBeforeDelete } from './write-file-durably.js';
import type { ApplyConflict } from './types.js';
import { writeLibraryPanelBackup } from './write-library-panel-backup.js';

export type LibraryPanelDeleteResult =
  | { kind: 'deleted'; backup: string }
  | { kind: 'skipped'; reason: string }
  /** Not tried: its handover rename failed, conflicted or went unconfirmed, and that outcome is its line already (one entry per panel). */
  | { kind: 'reported' }
  | { kind: 'conflict'; conflict: ApplyConflict }
  /** The delete went out and Grafana stopped answering before it could be read back. */
  | { kind: 'unknown'; error: unknown };

/**
 * Prunes one library panel: re-reads it, refuses when it changed since the plan (unless
 * --force), never deletes one that a dashboard uses (Grafana would refuse; the reason names the
 * dashboards that hold it; v2 ones too where Grafana does not count them), writes the backup with the folders above its own (as a dashboard's), says so (`onBackup`), then deletes
 * (a delete whose answer was lost is read back: deleted when the panel is gone, `unknown` when Grafana cannot be read).
 */
export async function deleteLibraryPanelAction(
  action: LibraryPanelAction,
  context: {
    grafana: GrafanaPort;
    backupDir: string;
    force: boolean;
    /** As for a dashboard's delete: the backup is on disk; `warning`: it records no folder chain, and why. */
    onBackup?: (path: string, warning?: string) => void;
    /** Folders read for the backups' parent chains, shared by the deletes of one run. */
    folders?: Map<string, Promise<LiveFolder | null>>;
    /** The v2 users Grafana does not count (readUncountedV2UsersOnce); absent: none. */
    v2Users?: () => Promise<V2LibraryPanelUsers>;
    /** What became of the renames of this run's panels that hand their name over (releaseLibraryPanelName), by uid. */
    released?: ReadonlyMap<string, NameRelease>;
  },
  tally: WriteTally,
): Promise<LibraryPanelDeleteResult> {
  const { grafana } = context;
  const release = context.released?.get(action.uid);
  if (release?.kind === 'failed') return { kind: 'reported' };
  const live = await grafana.getLibraryPanel(action.uid);
  if (!live) return { kind: 'skipped', reason: 'library panel already gone from Grafana; nothing to delete' };
  // Renamed by this run to hand its name over: that rename is the change it expects, and its backup holds it as it was before.
  const expected = release?.kind === 'released' && release.revision !== null ? release.revision : action.live?.revision;
  if (!context.force && expected !== undefined && live.revision !== expected) return { kind: 'conflict', conflict: libraryPanelConflict(action, live) };
  // Not its count: 13.0 before PR #121903 says 0 for a panel in use; the connections are what Grafana checks.
  // Still under the name a handover rename gave it (this run's or an earlier one's): its kept line says so.
  const heldAs = action.handsNameOver && live.name === action.handsNameOver.renameTo ? live.name : undefined;
  const holders = await blockingHolders(grafana, (await grafana.libraryPanelConnections(action.uid)) ?? [], tally);
  if (holders.length > 0) return { kind: 'skipped', reason: await inUse(grafana, holders, action, heldAs) };
  // 12.x before 12.4 would delete it under a v2 dashboard (--force too): one that took it since the plan keeps it.
  const v2Keep = context.v2Users && describeV2Keep(action.uid, await context.v2Users());
  if (v2Keep) return { kind: 'skipped', reason: v2Keep };
  const backup = release?.kind === 'released' && release.backup !== null && live.revision === release.revision ? release.backup : await backUpLibraryPanel(live, context);
  let deleted;
  try {
    deleted = await grafana.deleteLibraryPanel(action.uid, tally);
  } catch (error) {
    // A delete that may have landed (its answer lost, or a resend refused): gone is deleted.
    if (!mayHaveLanded(error)) throw error;
    const gone = await readBack(async () => (await grafana.getLibraryPanel(action.uid, tally)) === null);
    if (gone === null) return { kind: 'unknown', error };
    if (gone) return { kind: 'deleted', backup };
    throw error;
  }
  if (deleted.kind === 'connected') return { kind: 'skipped', reason: await inUse(grafana, deleted.dashboardUids, action, heldAs, tally) };
  return { kind: 'deleted', backup };
}

/** Writes the backup of a library panel about to be deleted (or renamed to be deleted), with the folders above its own; says so (`onBackup`). */
export async function backUpLibraryPanel(
  live: LiveLibraryPanel,
  context: { grafana: GrafanaPort; backupDir: string; folders?: Map<string, Promise<LiveFolder | null>>; onBackup?: (path: string, warning?: string) => void },
): Promise<string> {
  const chain = await readFolderChain(context.grafana, live.folderUid, context.folders);
  const source = backupSourceOf(context.grafana);
  const backup = await backUpBeforeDelete(context.backupDir, () => writeLibraryPanelBackup(context.backupDir, live, source, chain.parents));
  context.onBackup?.(backup, chain.parents === null ? describeMissingChain(`library panel ${live.uid}`, live.folderUid ?? '', chain) : undefined);
  return backup;
}

/**
 * The connected dashboards that keep the panel: on Grafana 11.6 and later 11.x not those in "Recently deleted", whose
 * connections the delete drops (PR #99612; Grafana still lists them). Elsewhere all of them.
 */
async function blockingHolders(grafana: GrafanaPort, dashboardUids: string[], tally: WriteTally): Promise<string[]> {
  const { softDeleteTrash, trashHoldsLibraryPanels } = (await grafana.describeServer()).capabilities;
  if (!softDeleteTrash || trashHoldsLibraryPanels || dashboardUids.length === 0) return dashboardUids;
  const live = await Promise.all(dashboardUids.map(async (uid) => ((await grafana.getDashboard(uid, tally)) ? uid : null)));
  return live.filter((uid) => uid !== null);
}

/**
 * Why it stays. Where "Recently deleted" holds library panels (Grafana 11 keeps a soft-deleted
 * dashboard's connections), a connected dashboard Grafana no longer gives is waiting there —
 * typically one this prune just deleted: those are named apart, with what frees the panel.
 */
async function inUse(grafana: GrafanaPort, dashboardUids: string[], action: LibraryPanelAction, heldAs: string | undefined, tally?: WriteTally): Promise<string> {
  const titles = new Map(action.usedBy.map((user) => [user.uid, user.title]));
  const name = (uid: string) => (titles.get(uid) ? `${uid} "${titles.get(uid)}"` : uid);
  const { softDeleteTrash, trashHoldsLibraryPanels } = (await grafana.describeServer()).capabilities;
  const trashed = softDeleteTrash
    ? new Set((await Promise.all(dashboardUids.map(async (uid) => ((await grafana.getDashboard(uid, tally)) ? null : uid)))).filter((uid) => uid !== null))
    : new Set<string>();
  // From 11.6 the trashed ones do not block the delete: the live ones do (all of them, should none be live any more).
  const live = dashboardUids.filter((uid) => !trashed.has(uid));
  const blocking = live.length > 0 || trashHoldsLibraryPanels ? live : dashboardUids;
  const parts = [
    ...(blocking.length > 0 ? [`dashboards still use it (${blocking.map(name).join(', ')})`] : []),
    ...(trashed.size > 0 && trashHoldsLibraryPanels
      ? [`dashboards in Grafana's "Recently deleted" still use it (${[...trashed].map(name).join(', ')}; Grafana 11 before 11.6 counts them until they are purged, which --delete-mode hard does)`]
      : []),
  ];
  const kept = heldAs === undefined ? 'library panel kept' : `library panel kept under its handover name "${heldAs}"`;
  return `${kept}: ${parts.join('; ')}, and Grafana refuses to delete a library panel in use`;
}
