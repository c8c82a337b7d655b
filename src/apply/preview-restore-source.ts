import type { TreeFolder } from '../files/find-tree-folder.js';
import type { GrafanaPort, RecentlyDeletedFolder, TrashEntry } from '../grafana/port.js';
import { dashboardsOnLegacyStorage, deletedForGoodUntold, newerTrashEntry, trashMayHideNewerCopy, type TrashHiddenSeen } from './restore-dashboards.js';
import { isTrashUnread, trashEntriesListed } from '../grafana/trash-listing.js';
import { trashEntriesHidden, type TrashEntriesSeen } from '../grafana/trash-entries-seen.js';
import type { BackupDirs, OtherEnvironmentBackups } from './find-other-environment-backups.js';
import { describeBackup, listBackedUpUids, withNameHolder, type BackedUpUid } from './list-backed-up-uids.js';
import type { NamedBackup } from './read-named-backup.js';
import type { BackupMatch } from './read-newest-backup-file.js';
import type { RestoreFolder } from './restore-from-trash.js';
import type { Release } from '../grafana/parse-release.js';
import { trashNotRead } from '../grafana/trash-not-read.js';
import { grafana11TrashHolds, readGrafana11Trash } from './grafana11-trash.js';

/** Where a dry run says a uid would come from, as restore takes it: "Recently deleted" first for a dashboard, else its newest backup. */
export type PreviewedSource =
  /**
   * `folderUntold`: its list does not name the folder it was deleted from (Grafana 11), and no backup does: whether that
   * folder is gone, which makes the run refuse it, is not known.
   */
  /**
   * `historyRestarts`: unified storage's "Recently deleted" (Grafana 12 and 13, through `/apis`): it gives the dashboard back
   * with its id, and its version history lists only what comes after (Grafana lists a name's history from its latest
   * delete on). Grafana 11's keeps both.
   */
  /** `deleted`: when and by whom its entry was deleted, where its list says (`/apis`), the deleter as people know them. */
  | { kind: 'recently-deleted'; folderUntold?: true; historyRestarts?: true; deleted?: TrashEntry }
  /**
   * `trashUnread`: this API takes dashboards back from "Recently deleted", but its list could not be read (true: a 403 below org Admin on 11;
   * a text: the failure of `/apis`' list).
   * `trashNotRead`: this run goes through `/api` alone where only `/apis` reads "Recently deleted" (trashNotRead): the run refuses it.
   * `trashNewer`: --from-backup's backup, and "Recently deleted" holds the uid deleted after it, with other content (newerTrashEntry): the run refuses it.
   * `trashHidden`: "Recently deleted" lists no entry of the uid, and shows these credentials only their own (trashMayHideNewerCopy): the run refuses it.
   * `trashKeepsUid`: --from-backup's backup, and Grafana 11's "Recently deleted" lists the uid, which it keeps taken (grafana11-trash.ts): the run refuses it.
   */
  | { kind: 'backup'; path: string; otherEnvironment?: OtherEnvironmentBackups; trashUnread?: true | string; trashNotRead?: Release; trashNewer?: TrashEntry; trashHidden?: TrashHiddenSeen & { given?: true }; trashKeepsUid?: true };

/**
 * What "Recently deleted" holds as a dry run sees it: its dashboard uids (`held`), each with the folder it was deleted from,
 * and whether a dashboard taken back keeps its version history (`keepsHistory`: Grafana 11's soft delete); null where this
 * API takes none back; `unread` when its list could not be read with these credentials (Grafana 11's answers org Admins only),
 * `{ unread }` when it failed (`/apis`: the failure, as the run's refusal names it); `notRead` where this run cannot read one that may hold
 * dashboards (trashNotRead: api "legacy" on 12.4 and later), whose backups the run refuses to put back.
 */
export type TrashForPreview = { held: ReadonlyMap<string, RecentlyDeletedFolder>; keepsHistory: boolean; dated?: ReadonlyMap<string, TrashEntry> } | { notRead: Release } | { unread: string } | 'unread' | null;

/**
 * Reads "Recently deleted" for a dry run, only when a dashboard is to be previewed (`needed`): its listing is the run's one
 * (the port keeps it: GrafanaPort.keepRecentlyDeleted), which the hidden-trash check that follows reads too. `dated`: each
 * entry's delete with its deleter named (one name lookup), which only a dry run's lines show; the run itself (restore
 * --all's refusals and note) reads the uids and folders alone (fixt-71).
 */
export async function readTrashForPreview(
  grafana: Pick<GrafanaPort, 'api' | 'describeServer' | 'recentlyDeletedUids' | 'recentlyDeletedEntries' | 'nameSavers' | 'recentlyDeleted'>,
  needed: boolean,
  { dated: withDates = true }: { dated?: boolean } = {},
): Promise<TrashForPreview> {
  if (!needed) return null;
  const unread = await trashNotReadBy(grafana);
  if (unread !== null) return unread;
  const { capabilities } = await grafana.describeServer();
  if (!capabilities.trash) return null;
  // Each entry dated by its own delete where the list says (`/apis`), so that a later delete cannot read as the one its backup
  // was taken at; one listing of "Recently deleted" gives the uids, their folders and those dates alike.
  const listing = await grafana.recentlyDeletedEntries();
  if (isTrashUnread(listing)) return { unread: listing.unread };
  const entries = trashEntriesListed(listing);
  const held = entries === null ? await grafana.recentlyDeletedUids() : new Map([...entries].map(([uid, entry]) => [uid, entry.folder]));
  // A list these credentials may not read (11 answers 401 below org Admin) holds nothing where the settings say the toggle
  // is off: said as apply says it ("off in this Grafana"), not hedged (walk-68b L2). Grafana 12's page toggle is not the trash.
  if (held === null) return (await trashSwitchedOff(grafana)) ? null : 'unread';
  const dated = !withDates || entries === null || entries.size === 0 ? null : await namedDeleters(grafana, entries);
  return { held, keepsHistory: capabilities.softDeleteTrash, ...(dated !== null && { dated }) };
}

/** Whether the settings say "Recently deleted" is switched off (its toggle, not 12's page toggle `restoreDashboards`). */
async function trashSwitchedOff(grafana: Pick<GrafanaPort, 'recentlyDeleted'>): Promise<boolean> {
  const setting = await grafana.recentlyDeleted().catch(() => null);
  return setting !== null && setting.on === false && setting.toggle !== 'restoreDashboards';
}

/** The entries, each deleter named as people know them (the deleter's login where it can be read). */
async function namedDeleters(grafana: Pick<GrafanaPort, 'nameSavers'>, entries: ReadonlyMap<string, TrashEntry>): Promise<ReadonlyMap<string, TrashEntry>> {
  const deleters = [...new Set([...entries.values()].map((entry) => entry.deletedBy).filter((by) => by !== ''))];
  const names = deleters.length === 0 ? new Map<string, string>() : await grafana.nameSavers(deleters).catch(() => new Map<string, string>());
  return new Map([...entries].map(([uid, entry]) => [uid, { ...entry, deletedBy: names.get(entry.deletedBy) ?? entry.deletedBy }]));
}

/** Whether this run cannot read a "Recently deleted" that may hold dashboards (trashNotRead), without a request beyond `/api/health`. */
export async function trashNotReadBy(grafana: Pick<GrafanaPort, 'api' | 'describeServer'>): Promise<{ notRead: Release } | null> {
  const notRead = trashNotRead(grafana.api, (await grafana.describeServer()).version);
  return notRead === null ? null : { notRead };
}

/** Its uids, each with its folder, where "Recently deleted" was read; null where it was not. */
export function heldInTrash(trash: TrashForPreview): ReadonlyMap<string, RecentlyDeletedFolder> | null {
  return trash === null || trash === 'unread' || 'unread' in trash || 'notRead' in trash ? null : trash.held;
}

function fromTrash(trash: { keepsHistory: boolean; dated?: ReadonlyMap<string, TrashEntry> }, uid: string): PreviewedSource {
  const deleted = trash.dated?.get(uid);
  return { kind: 'recently-deleted', ...(!trash.keepsHistory && { historyRestarts: true as const }), ...(deleted !== undefined && { deleted }) };
}

/**
 * Pure: where restore would take `entry` from (restoreDashboard asks "Recently deleted" before any backup; a library panel
 * has only its backup; a named backup is taken as it is, `given`). Null when there is neither (no readable backup, nothing in the trash).
 */
export function previewSource(
  entry: { uid: string; kind: 'dashboard' | 'library-panel'; backup: string | null; otherEnvironment?: OtherEnvironmentBackups },
  trash: TrashForPreview,
  given = false,
): PreviewedSource | null {
  if (!given && entry.kind === 'dashboard' && trash !== null && trash !== 'unread' && 'held' in trash && trash.held.has(entry.uid)) return fromTrash(trash, entry.uid);
  if (entry.backup === null) return null;
  const other = entry.otherEnvironment === undefined ? {} : { otherEnvironment: entry.otherEnvironment };
  const ofDashboard = !given && entry.kind === 'dashboard';
  const notRead = ofDashboard && trash !== null && trash !== 'unread' && 'notRead' in trash ? { trashNotRead: trash.notRead } : {};
  return { kind: 'backup', path: entry.backup, ...other, ...(ofDashboard && trash !== null && (trash === 'unread' || 'unread' in trash) ? { trashUnread: trash === 'unread' ? (true as const) : trash.unread } : {}), ...notRead };
}

/**
 * What `restore <uid…> --dry-run` says of one uid: `would` — it would be restored (`entry`: its newest backup as `--all`
 * lists it, absent for a dashboard only "Recently deleted" holds; `from`: where from); or why not: Grafana holds it
 * (`exists`), neither a backup from this source nor "Recently deleted" has it (`not-found`, `trash` as read), or
 * "Recently deleted" has it and its folder is gone (`trash-folder-gone`, `trash-general-folder-gone`).
 */
export type UidPreview =
  /** `folderFromTree`: its folder is gone, no backup names it, and the tree's `_folder.json` does: created again from it (markGoneFolders). */
  | { uid: string; kind: 'dashboard' | 'library-panel'; verdict: 'would'; entry: BackedUpUid | null; from: PreviewedSource | null; folderFromTree?: TreeFolder }
  /**
   * `unreadable`: what is wrong with its newest backup, which cannot be read (nothing to restore all the same); `named`:
   * --from-backup named a backup of it, which the run refuses to put over what Grafana holds.
   */
  | { uid: string; kind: 'dashboard' | 'library-panel'; verdict: 'exists'; unreadable?: string; named?: true }
  /**
   * `hidden`: "Recently deleted" was listed, and entries may be hidden from these credentials (trashEntriesHidden);
   * `legacyStorage` instead where the dashboards read as legacy SQL storage's, which keeps no entry for anyone (as the run says it).
   */
  | { uid: string; kind: 'dashboard'; verdict: 'not-found'; trash: TrashForPreview; hidden?: Exclude<TrashEntriesSeen, 'all'>; legacyStorage?: true }
  /**
   * "Recently deleted" holds it, but the folder it would go back into (`folderUid`) is gone, and the run would refuse it
   * (whenTrashFolderGone: no backup names that folder, or --folder general on Grafana 11): markGoneFolders.
   */
  | { uid: string; kind: 'dashboard'; verdict: 'trash-folder-gone' | 'trash-general-folder-gone'; folderUid: string };

/**
 * Previews `restore <uid…>` (reads only): each uid's newest backup from `source` across `dirs` and what Grafana holds,
 * as listBackedUpUids reads them for `--all`; a uid with no such backup is a dashboard "Recently deleted" may hold.
 * `named`: --from-backup's backup of the one uid, taken as it is (never "Recently deleted"). With the previews, "Recently
 * deleted" as read for them (markGoneFolders needs it).
 */
export async function previewRestores(
  uids: readonly string[],
  context: { grafana: GrafanaPort; dirs: BackupDirs; source: BackupMatch; named?: NamedBackup; into?: RestoreFolder; concurrency?: number },
): Promise<{ previews: UidPreview[]; trash: TrashForPreview }> {
  const { grafana, named } = context;
  if (named !== undefined) {
    const { uid } = named.backup;
    const live = named.kind === 'dashboard' ? await grafana.getDashboard(uid) : await grafana.getLibraryPanel(uid);
    if (live !== null) return { previews: [{ uid, kind: named.kind, verdict: 'exists', named: true }], trash: null };
    const described: BackedUpUid = { uid, kind: named.kind, deletedAt: named.backup.deletedAt, backup: named.path, ...(await describeBackup(named)) };
    // A library panel's name is judged as for any other backup: the run refuses one another panel holds in its folder.
    const entry = named.kind === 'library-panel' ? withNameHolder(described, await grafana.listLibraryPanels(), context.into) : described;
    // As the run asks it: a copy in "Recently deleted" deleted after the backup is not put back over (unless told to).
    const asked = named.kind === 'dashboard' && named.overTrash !== true;
    const from = previewSource(entry, null, true);
    const listing = named.kind === 'dashboard' ? await grafana.recentlyDeletedEntries() : null;
    // As restoreDashboard: a list that could not be read refuses the named backup, whatever the credentials.
    const unread: TrashHiddenSeen | undefined = asked && isTrashUnread(listing) ? { seen: 'unread', why: listing.unread } : undefined;
    const newer = asked && unread === undefined ? await newerTrashEntry(grafana, uid, named.backup) : null;
    if (newer !== null && from?.kind === 'backup') return { previews: [{ uid, kind: named.kind, verdict: 'would', entry, from: { ...from, trashNewer: newer } }], trash: null };
    // As the run refuses it before any write: Grafana 11's trash lists the uid, and keeps it taken.
    const trash11 = named.kind === 'dashboard' && from?.kind === 'backup' ? await readGrafana11Trash(grafana) : undefined;
    if (trash11 !== undefined && from?.kind === 'backup' && grafana11TrashHolds(trash11, uid)) {
      return { previews: [{ uid, kind: named.kind, verdict: 'would', entry, from: { ...from, trashKeepsUid: true } }], trash: null };
    }
    const listed = trashEntriesListed(listing)?.has(uid) === true;
    const forGood = named.kind === 'dashboard' && (await deletedForGoodUntold(grafana, named.backup.kind === 'dashsync-backup' && named.backup.deletedFromLegacySql === true));
    const hidden = unread ?? (asked && !listed && !forGood ? await trashMayHideNewerCopy(grafana, trash11) : undefined);
    return { previews: [{ uid, kind: named.kind, verdict: 'would', entry, from: hidden !== undefined && from?.kind === 'backup' ? { ...from, trashHidden: { ...hidden, given: true } } : from }], trash: null };
  }
  const selection = await listBackedUpUids(context.dirs, grafana, context.source, null, { only: new Set(uids), into: context.into, concurrency: context.concurrency });
  const unbacked = uids.filter((uid) => !selection.absent.some((entry) => entry.uid === uid) && !selection.presentUids.some((entry) => entry.uid === uid));
  const trash = await readTrashForPreview(grafana, unbacked.length > 0 || selection.absent.some((entry) => entry.kind === 'dashboard'));
  const previews: UidPreview[] = [];
  let hidden: Promise<Exclude<TrashEntriesSeen, 'all'> | undefined> | undefined;
  let legacy: Promise<boolean> | undefined;
  for (const uid of new Set(uids)) {
    for (const entry of selection.absent.filter((found) => found.uid === uid)) previews.push({ uid, kind: entry.kind, verdict: 'would', entry, from: previewSource(entry, trash) });
    for (const present of selection.presentUids.filter((found) => found.uid === uid)) {
      const unreadable = selection.unreadableHeld.find((held) => held.uid === uid && held.kind === present.kind)?.flaw;
      previews.push({ uid, kind: present.kind, verdict: 'exists', ...(unreadable !== undefined && { unreadable }) });
    }
    if (!unbacked.includes(uid)) continue;
    if ((await grafana.getDashboard(uid)) !== null) previews.push({ uid, kind: 'dashboard', verdict: 'exists' });
    else if (trash !== null && trash !== 'unread' && 'held' in trash && trash.held.has(uid)) previews.push({ uid, kind: 'dashboard', verdict: 'would', entry: null, from: fromTrash(trash, uid) });
    else if ((await grafana.getLibraryPanel(uid))?.kind === 1) previews.push({ uid, kind: 'library-panel', verdict: 'exists' });
    else {
      // As the run says it: an entry someone else deleted may be hidden from these credentials (read once per run).
      hidden ??= heldInTrash(trash) !== null ? trashEntriesHidden(grafana) : Promise.resolve(undefined);
      const unseen = await hidden;
      // As the run: legacy SQL storage keeps no entry for anyone, an Admin's token would see none either (walk-69 L2).
      if (unseen !== undefined) legacy ??= dashboardsOnLegacyStorage(grafana);
      const unkept = unseen !== undefined && (await legacy) === true;
      previews.push({ uid, kind: 'dashboard', verdict: 'not-found', trash, ...(unkept ? { legacyStorage: true as const } : unseen === undefined ? {} : { hidden: unseen }) });
    }
  }
  return { previews, trash };
}

/**
 * As the run refuses them (restoreDashboard's trash-hidden): the previewed dashboards whose backup would go in where "Recently
 * deleted" was listed without them and shows these credentials only their own entries, or where Grafana 11's lists them
 * nothing (`admin-only`: it may keep the uid taken). `overTrash`: --over-recently-deleted.
 */
export async function markHiddenTrash(grafana: GrafanaPort, previews: readonly UidPreview[], trash: TrashForPreview, overTrash: boolean): Promise<UidPreview[]> {
  // Grafana 11's trash, which these credentials may not list (read as 'unread'), keeps the uids it holds taken: in doubt too.
  const asked = heldInTrash(trash) !== null || (trash === 'unread' && (await grafana.describeServer()).capabilities.softDeleteTrash);
  const forGood = heldInTrash(trash) !== null && (await deletedForGoodUntold(grafana, true));
  const inDoubt = (preview: UidPreview) =>
    preview.verdict === 'would' &&
    preview.kind === 'dashboard' &&
    preview.from?.kind === 'backup' &&
    preview.from.trashHidden === undefined &&
    !(forGood && preview.entry?.deletedFromLegacySql === true);
  if (overTrash || !asked || !previews.some(inDoubt)) return [...previews];
  const hidden = await trashMayHideNewerCopy(grafana);
  if (hidden === undefined) return [...previews];
  return previews.map((preview) => (inDoubt(preview) && preview.verdict === 'would' && preview.from?.kind === 'backup' ? { ...preview, from: { ...preview.from, trashHidden: hidden } } : preview));
}
