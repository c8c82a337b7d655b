import { backupSourceOf } from './read-newest-backup-file.js';
import type { GrafanaPort, LiveFolder, LiveLibraryPanel, TrashUnread, WriteTally } from '../grafana/port.js';
import type { NameRelease } from './release-library-panel-name.js';
import type { LibraryPanelAction } from '../plan/types.js';
import { answeredServerError, mayHaveLanded, notDeletedWhenReadBack, stillThereWhenReadBack, readBack } from './read-back.js';
import { describeV2Keep, type V2LibraryPanelUsers } from './read-uncounted-v2-users.js';
import { describeMissingChain, readFolderChain } from './read-folder-chain.js';
import { libraryPanelConflict, libraryPanelSavedAgainConflict } from './save-library-panel-action.js';
import { backUpBeforeDelete } from './write-file-durably.js';
import { judgeLibraryPanelHolders } from '../grafana/library-elements/judge-library-panel-holders.js';
import { connectionsListedInFull } from '../grafana/library-elements/connections-listed-in-full.js';
import { describeLibraryPanelUsers } from '../report/describe-library-panel-users.js';
import type { ApplyConflict, DeletedAs } from './types.js';
import { writeLibraryPanelBackup } from './write-library-panel-backup.js';
import { quoteText } from '../report/escape-untrusted.js';
import type { RecentlyDeletedUsersAtApply } from './read-recently-deleted-users-once.js';
import type { TrashEntriesSeen } from '../grafana/trash-entries-seen.js';
import { describeUnseenTrashEntries } from '../report/describe-trash-sight.js';
import type { Shell } from '../describe-error.js';
import { renderNextCommand } from '../report/next-command.js';

export type LibraryPanelDeleteResult =
  /**
   * `note`: what the delete did besides (Grafana 11.6 let go of dashboards in "Recently deleted" that used it). `as`: the
   * name and version it had when deleted, where they are not the plan's (a handover renamed it).
   */
  | { kind: 'deleted'; backup: string; note?: string; as?: DeletedAs; warning?: string }
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
  context: LibraryPanelBackupContext & {
    force: boolean;
    /** The v2 users Grafana does not count (readUncountedV2UsersOnce); absent: none. */
    v2Users?: () => Promise<V2LibraryPanelUsers>;
    /** What became of the renames of this run's panels that hand their name over (releaseLibraryPanelName), by uid. */
    released?: ReadonlyMap<string, NameRelease>;
    /** The users of the run's library panel deletes waiting in "Recently deleted" now (readRecentlyDeletedUsersOnce); absent: not read. */
    recentlyDeletedUsers?: () => Promise<RecentlyDeletedUsersAtApply | TrashUnread | null>;
    /** `dashsync restore <uid>` with the run's flags (its --env, --backup-dir…), as a line names it; absent: without flags. */
    restoreCommand?: (uid: string) => string;
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
  // At the planned version, yet another save than the plan saw (Grafana's database restored from a backup): not the panel it judged.
  const savedAgain = context.force || release !== undefined ? null : libraryPanelSavedAgainConflict(action, live);
  if (savedAgain !== null) return { kind: 'conflict', conflict: savedAgain };
  // Not its count: 13.0 before PR #121903 says 0 for a panel in use; the connections are what Grafana checks.
  // Still under the name a handover rename gave it (this run's or an earlier one's): its kept line says so.
  const heldAs = action.handsNameOver && live.name === action.handsNameOver.renameTo ? live.name : undefined;
  const holders = await judgeHolders(grafana, (await grafana.libraryPanelConnections(action.uid)) ?? [], tally);
  if (holders.blocking.length > 0) return { kind: 'skipped', reason: describeKept(holders, action, heldAs) };
  // 12.x before 12.4 would delete it under a v2 dashboard (--force too): one that took it since the plan keeps it.
  const v2Keep = context.v2Users && describeV2Keep(action.uid, await context.v2Users());
  if (v2Keep) return { kind: 'skipped', reason: v2Keep };
  // Unified storage lets it go under dashboards in "Recently deleted": read again, so that one deleted after the plan is named too.
  const waiting = await waitingInTrash(action, context.recentlyDeletedUsers);
  const backup = release?.kind === 'released' && release.backup !== null && live.revision === release.revision ? release.backup : await backUpLibraryPanel(live, context);
  let deleted;
  try {
    deleted = await grafana.deleteLibraryPanel(action.uid, tally);
  } catch (error) {
    // A delete that may have landed (its answer lost, or a resend refused), or answered 5xx: gone is deleted.
    const answered = answeredServerError(error);
    if (!mayHaveLanded(error) && !answered) throw error;
    const gone = await readBack(error, async () => (await grafana.getLibraryPanel(action.uid, tally)) === null);
    if (gone === null) return { kind: 'unknown', error };
    if (gone) return { kind: 'deleted', backup, ...deletedAs(action, live), ...describeWaiting(action, holders.trashed, waiting, restoreOf(context, action.uid)) };
    if (answered) throw notDeletedWhenReadBack(error);
    return stillThereWhenReadBack(error);
  }
  if (deleted.kind === 'connected') {
    // Grafana lists every connection to an org Admin (or a token that reads every dashboard): a refusal with none listed is a dashboard saved with it just now.
    const refused = (await connectionsListedInFull(grafana)) ? 'listed-in-full' : 'filtered';
    return { kind: 'skipped', reason: describeKept(await judgeHolders(grafana, deleted.dashboardUids, tally), action, heldAs, refused) };
  }
  return { kind: 'deleted', backup, ...deletedAs(action, live), ...describeWaiting(action, holders.trashed, waiting, restoreOf(context, action.uid)) };
}

/**
 * The dashboards in "Recently deleted" that use it where Grafana no longer counts them (unified storage): those the plan
 * named (LibraryPanelAction.inRecentlyDeleted) and those apply finds there now, which include any deleted after the plan
 * (`since`); `seen`: how much of that trash these credentials are shown (TrashEntriesSeen). Only the plan's where the
 * trash could not be read again; `unread`: its list was asked for and could not be read (its failure).
 */
interface WaitingInTrash {
  uids: string[];
  since: string[];
  seen: TrashEntriesSeen;
  unread?: string;
}

async function waitingInTrash(action: LibraryPanelAction, read: (() => Promise<RecentlyDeletedUsersAtApply | TrashUnread | null>) | undefined): Promise<WaitingInTrash> {
  const planned = (action.inRecentlyDeleted ?? []).map((user) => user.uid);
  const now = read === undefined ? null : await read();
  if (now === null) return { uids: planned, since: [], seen: 'all' };
  if ('unread' in now) return { uids: planned, since: [], seen: 'all', unread: now.unread };
  const found = (now.users.get(action.uid) ?? []).map((user) => user.uid);
  const since = found.filter((uid) => !planned.includes(uid));
  return { uids: [...new Set([...planned, ...found])].sort(), since, seen: now.seen };
}

/**
 * The deleted line's note (and, for dashboards deleted after the plan, a warning): Grafana 11.6 let go of `trashed11`
 * (PR #99612); on unified storage (12.4, 13) Grafana does not count those in `waiting` at all.
 */
function describeWaiting(action: LibraryPanelAction, trashed11: readonly string[], waiting: WaitingInTrash, restore: string): { note?: string; warning?: string } {
  if (trashed11.length > 0) return { note: describeTrashedLetGo(trashed11, 'Grafana 11.6 and later let go', restore) };
  const partly = waiting.seen === 'all' ? '' : `; ${describeUnseenTrashEntries(waiting.seen, 'others')}`;
  const found = waiting.uids.length === 0 ? undefined : describeTrashedLetGo(waiting.uids, 'Grafana does not count them there', restore) + partly;
  // A list that could not be read is said as such, not read as "no dashboard there uses it".
  const unread = waiting.unread === undefined ? undefined : describeTrashUsersUnread(waiting.unread, found === undefined ? 'a dashboard' : 'others', restore);
  const note = found === undefined ? unread : unread === undefined ? found : `${found}; ${unread}`;
  if (waiting.since.length === 0) return note === undefined ? {} : { note };
  const which = waiting.since.length === 1 ? `dashboard ${waiting.since[0]}, deleted after the plan, uses` : `dashboards ${waiting.since.join(', ')}, deleted after the plan, use`;
  const warning =
    `library panel ${action.uid} ${quoteText(action.title)}: ${which} it from Grafana's "Recently deleted", which the plan did not name; ` +
    `deleted all the same, as a new plan would (Grafana lets it go under them): ${restore} brings it back from the backup just written, ` +
    `before one of them is taken back from there`;
  return { ...(note === undefined ? {} : { note }), warning };
}

/** `as`, when the panel deleted was not named or at the version the plan saw (a handover renamed it, in this run or an earlier one). */
function deletedAs(action: LibraryPanelAction, live: LiveLibraryPanel): { as?: DeletedAs } {
  return live.name === action.title && live.version === action.live?.version ? {} : { as: { title: live.name, version: live.version } };
}

/** What backUpLibraryPanel needs: where the backup goes, and the run's reads and words around it. */
export interface LibraryPanelBackupContext {
  grafana: GrafanaPort;
  backupDir: string;
  /** The run's working directory, which a failed backup names the backup directory from. */
  cwd?: string;
  /** Whose words a failed backup's advice takes (the CLI's by default). */
  shell?: Shell;
  /** As for a dashboard's delete: the backup is on disk; `warning`: it records no folder chain, and why. */
  onBackup?: (path: string, warning?: string) => void;
  /** Folders read for the backups' parent chains, shared by the deletes of one run. */
  folders?: Map<string, Promise<LiveFolder | null>>;
}

/** Writes the backup of a library panel about to be deleted (or renamed to be deleted), with the folders above its own; says so (`onBackup`). */
export async function backUpLibraryPanel(live: LiveLibraryPanel, context: LibraryPanelBackupContext): Promise<string> {
  const chain = await readFolderChain(context.grafana, live.folderUid, context.folders);
  const source = await backupSourceOf(context.grafana);
  const backup = await backUpBeforeDelete(context.backupDir, () => writeLibraryPanelBackup(context.backupDir, live, source, chain.parents), context.cwd, context.shell);
  context.onBackup?.(backup, chain.parents === null ? describeMissingChain(`library panel ${live.uid}`, live.folderUid ?? '', chain) : undefined);
  return backup;
}

/** The connected dashboards as apply finds them, read once: which keep the panel (`blocking`), and what each is. */
interface JudgedHolders {
  live: { uid: string; title: string }[];
  trashed: string[];
  unreadable: string[];
  /** Grafana 11 before 11.6 (and elsewhere) every one; from 11.6 not those in "Recently deleted" (PR #99612 drops their connections). */
  blocking: string[];
  trashHolds: boolean;
}

/**
 * Where "Recently deleted" keeps connections (Grafana 11) each connected dashboard is read once (judgeLibraryPanelHolders):
 * one there is trashed, one that answers 403 a live dashboard these credentials cannot read (Grafana's delete still counts it).
 * Elsewhere Grafana's delete disconnects, so every connected one is live and none is read.
 */
async function judgeHolders(grafana: GrafanaPort, dashboardUids: string[], tally: WriteTally): Promise<JudgedHolders> {
  const { softDeleteTrash, trashHoldsLibraryPanels } = (await grafana.describeServer()).capabilities;
  if (!softDeleteTrash || dashboardUids.length === 0) {
    return { live: dashboardUids.map((uid) => ({ uid, title: '' })), trashed: [], unreadable: [], blocking: dashboardUids, trashHolds: trashHoldsLibraryPanels };
  }
  const judged = await judgeLibraryPanelHolders(grafana, dashboardUids, { concurrency: HOLDER_READS, tally });
  const live: JudgedHolders['live'] = [];
  const trashed: string[] = [];
  const unreadable: string[] = [];
  for (const [uid, holder] of judged) {
    if (holder.state === 'live') live.push({ uid, title: holder.title });
    else if (holder.state === 'trashed') trashed.push(uid);
    else unreadable.push(uid);
  }
  const blocking = trashHoldsLibraryPanels ? dashboardUids : [...live.map((holder) => holder.uid), ...unreadable];
  return { live, trashed, unreadable, blocking, trashHolds: trashHoldsLibraryPanels };
}

/**
 * The deleted line's note where dashboards waiting in "Recently deleted" used it: Grafana 11.6 let go of them (PR #99612),
 * and on unified storage (12.4, 13) Grafana does not count them at all (`why`).
 */
function describeTrashedLetGo(trashed: readonly string[], why: string, restore: string): string {
  const which = trashed.length === 1 ? `dashboard ${trashed[0]} waits` : `dashboards ${trashed.join(', ')} wait`;
  return `${which} in Grafana's "Recently deleted" and no longer ${trashed.length === 1 ? 'holds' : 'hold'} it (${why}): one taken back from there needs ${restore} first, or it shows an error in its place`;
}

/** That "Recently deleted" could not be listed (`why`), so whether `which` there uses the panel it let go of is not known. */
function describeTrashUsersUnread(why: string, which: 'a dashboard' | 'others', restore: string): string {
  return `whether ${which} in Grafana's "Recently deleted" ${which === 'others' ? 'use' : 'uses'} it cannot be told (its list could not be read: ${why}): one taken back from there needs ${restore} first, or it shows an error in its place`;
}

/** The restore of this panel a line names, with the run's flags where the context renders them. */
function restoreOf(context: { restoreCommand?: (uid: string) => string }, uid: string): string {
  return context.restoreCommand?.(uid) ?? renderNextCommand(undefined, ['restore', uid]);
}

/** Connected dashboards read at a time when apply judges a library panel's holders. */
const HOLDER_READS = 4;

/**
 * Why it stays, from what apply found: the live dashboards that use it (those not among its users when the plan was made,
 * e.g. taken back from "Recently deleted" since, are said to be new), those these credentials cannot read, and, where
 * "Recently deleted" holds library panels (Grafana 11 before 11.6), those waiting there (typically ones this prune just
 * deleted), with what frees the panel. `refused`: Grafana refused the delete itself, so one it counts may be hidden from
 * credentials below org Admin (`filtered`), or, to an org Admin, who is shown every connection, saved just now or (12 and 13,
 * UNCONFIRMED) a row of a dashboard deleted long ago that the delete still counts.
 */
function describeKept(holders: JudgedHolders, action: LibraryPanelAction, heldAs: string | undefined, refused?: 'filtered' | 'listed-in-full'): string {
  const planned = new Map(action.usedBy.map((user) => [user.uid, user.title]));
  const named = (uid: string) => describeLibraryPanelUsers([{ uid, title: planned.get(uid) ?? '' }]);
  const known = holders.live.filter((holder) => planned.has(holder.uid)).map((holder) => ({ uid: holder.uid, title: planned.get(holder.uid) || holder.title }));
  const newSince = holders.live.filter((holder) => !planned.has(holder.uid));
  const live = [
    ...(known.length > 0 ? [describeLibraryPanelUsers(known)] : []),
    ...(newSince.length > 0 ? [`new since the plan, saved with it or taken back from "Recently deleted": ${describeLibraryPanelUsers(newSince)}`] : []),
  ];
  const trashedBlock = holders.trashHolds && holders.trashed.length > 0;
  const parts = [
    ...(live.length > 0 ? [`dashboards still use it (${live.join('; ')})`] : []),
    ...(holders.unreadable.length > 0 ? [`dashboards these credentials cannot read still use it (${holders.unreadable.join(', ')})`] : []),
    ...(trashedBlock
      ? [`dashboards in Grafana's "Recently deleted" still use it (${holders.trashed.map(named).join(', ')}; Grafana 11 before 11.6 counts them until they are purged, which --delete-mode hard does)`]
      : []),
  ];
  if (parts.length === 0 && refused === 'filtered') parts.push('Grafana counts a dashboard that uses it which these credentials cannot see');
  // A row of a dashboard that no longer exists never refuses it (every release's delete ignores such rows: src/sandbox/README.md).
  if (parts.length === 0 && refused === 'listed-in-full') {
    parts.push('Grafana counts a connection to it that its connections list did not show: a dashboard saved with it after apply read them (plan again to see which)');
  }
  const kept = heldAs === undefined ? 'library panel kept' : `library panel kept under its handover name ${quoteText(heldAs)}`;
  return `${kept}: ${parts.join('; ')}, and Grafana refuses to delete a library panel in use`;
}
