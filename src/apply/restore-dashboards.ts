import { keepAnswer } from '../grafana/ask-once.js';
import { AnswerCutOffError, GrafanaHttpError, NotLandedError, ReadBackInterruptedError, RequestInterruptedError, SaveUnconfirmedError } from '../errors.js';
import type { BackupFromElsewhere } from './read-newest-backup-file.js';
import { restoreSourceOf, type RestoreSource } from './restore-source.js';
import type { GrafanaPort, LiveDashboard, RecentlyDeleted, SaveOutcome, TrashEntry, TrashToggle } from '../grafana/port.js';
import { libraryPanelUids } from '../files/find-library-panel-refs.js';
import { backedUpModelDigest } from '../normalize/backed-up-model-digest.js';
import { failedToConnectLibraryPanels, missingLibraryPanelsOf } from './library-panels-not-connected.js';
import { placeFromBackup } from './place-from-backup.js';
import type { FolderRef } from './read-folder-chain.js';
import { isAnsweredRefusal, noteReadBackUnreachable } from './read-back.js';
import { recreateFolder, type FolderRecreation } from './recreate-folder.js';
import { removeRecreatedFolders, type FolderCleanup } from './remove-recreated-folders.js';
import { askTrash, readBackTrashRestore, whenTrashFolderGone, type NotMoved, type RestoreFolder, type TrashAnswer, type UidHolder } from './restore-from-trash.js';
import { readNewestDashboardBackupIn, type OtherEnvironmentBackups } from './find-other-environment-backups.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';
import type { TreeFolder } from '../files/find-tree-folder.js';
import { backupTitle, heldOfBackup, pushOfBackup, type DashboardBackup } from './write-backup.js';
import { findOtherHolder, type OtherHolder } from './judge-held-dashboard.js';
import { trashEntriesHidden, type TrashEntriesSeen } from '../grafana/trash-entries-seen.js';
import { trashNotRead } from '../grafana/trash-not-read.js';
import { isTrashUnread, trashEntriesListed } from '../grafana/trash-listing.js';
import type { Release } from '../grafana/parse-release.js';
import { grafana11TrashHolds, readGrafana11Trash, type Grafana11Trash } from './grafana11-trash.js';

export type RestoreOutcome =
  /**
   * `into`: the folder --folder named (null = General); `moved`: Grafana 11 gave it back into its old folder and a
   * save moved it to General, now at that version; `folderRecreated`: the folder it was deleted from was gone and
   * was created again from the backup.
   */
  | ({ uid: string; kind: 'restored-from-trash'; into?: RestoreFolder; moved?: number; folderRecreated?: FolderRecreation } & RestoredState)
  /**
   * `--folder general` on Grafana 11: "Recently deleted" gave it back into its old folder (`folder`, where it is now, at
   * `version`), and the save that was to move it to the General level did not go through (`why`).
   */
  | { uid: string; kind: 'restored-not-moved'; title: string | null; version: number; folder: FolderRef; why: string }
  /** "Recently deleted" holds it, but its folder is gone and no backup from `source` in `backupDir` names that folder. */
  | { uid: string; kind: 'trash-folder-gone'; backupDir: string; source: string }
  /** --folder general on Grafana 11: it gives the dashboard back into its old folder only, and that is gone. */
  | { uid: string; kind: 'trash-general-folder-gone' }
  /**
   * `folderRecreated`: its folder was gone and was created again under the parents the backup records; `folderMissing`:
   * `Title (uid)` of a folder that was gone when the backup records no parents, so it went to General.
   */
  | {
      uid: string;
      kind: 'restored-from-backup';
      backup: string;
      /** The backup's title (a classic model's or a v2 spec's); null when it holds none. */
      title: string | null;
      version: number;
      /** Its folder by uid and title (the backup's, --folder's, or the one created again); null = General. */
      folder: FolderRef | null;
      folderRecreated?: FolderRecreation;
      folderMissing: string | null;
      /**
       * Grafana's "Recently deleted" is on, but this API cannot ask it (`/api` of Grafana 12.0–12.3; from 12.4 restore refuses
       * instead: `trash-not-read`): only if its dashboards are on unified storage, which this API does not show, it may have held
       * the dashboard with its id, which the backup's new dashboard does not have, and which that save took the place of (Grafana
       * lists a trashed name no more once a dashboard holds it: src/sandbox/README.md) (its history starts again either way: unified
       * storage lists a name's history from its latest delete on).
       */
      trashPassedOver?: 'storage-unseen';
      /** The backup records dashsync's push, but its dashboard is no longer the one backed up (edited by hand): saved as an ordinary save. */
      editedSinceBackup?: true;
      /**
       * The backup holds the author's labels and annotations (keys), which this save through `/api` (api "legacy") did not put
       * back: `/api` keeps none (own-63). A backup never holds a manager mark (grafana.app/managedBy): src/sandbox/README.md.
       */
      metadataDropped?: string[];
      /** The backup was another environment's (its prune deleted the dashboard from this Grafana and org). */
      otherEnvironment?: OtherEnvironmentBackups;
      /**
       * The save's answer was lost, and Grafana holds the backup's dashboard (read back): `resent`, its resend was refused as
       * "exists"; `cut-off`, Grafana answered it 2xx and the answer was cut off mid-body (never resent: AnswerCutOffError).
       */
      answerLost?: 'resent' | 'cut-off';
      /** Grafana answered the save 2xx, and Ctrl-C cut off the read back after it: `version` is the answer's. */
      readBackCut?: true;
      /**
       * Grafana saved it, then answered 500 for a library panel it uses that it does not have (read back): those uids (none
       * named when the list could not be read). The panel shows an error until that library panel is back.
       */
      libraryPanelsMissing?: string[];
    }
  | { uid: string; kind: 'exists'; version: number }
  /**
   * Grafana holds another dashboard under the uid (`holder`), made after the delete of the backup (`backup`, whose title is
   * `backupTitle`, deleted at `deletedAt`): the backed-up dashboard is not in Grafana, and nothing was written.
   */
  | { uid: string; kind: 'held-by-another'; holder: OtherHolder; backup: string; backupTitle: string | null; deletedAt: string }
  /**
   * The backup holds a dashboard this run cannot write (`reason`; `needsApis`: a v2 dashboard, and this run uses
   * `/api`, which writes classic dashboards only): nothing was written for it.
   */
  | { uid: string; kind: 'unwritable'; backup: string; apiVersion: string; reason: string; needsApis: boolean }
  /**
   * This run goes through `/api` alone on a Grafana whose "Recently deleted" only `/apis` reads (`release`: trashNotRead), so
   * whether it holds the dashboard, perhaps edited after `backup` was taken, cannot be told; Grafana would let the backup's
   * save take that copy's place for good (src/sandbox/README.md: a trashed name is listed no more once a dashboard holds it),
   * so nothing was written. --from-backup puts the backup back anyway; api auto asks "Recently deleted" first.
   */
  | { uid: string; kind: 'trash-not-read'; backup: string; release: Release; into?: RestoreFolder }
  /**
   * --from-backup named `backup` (taken when dashsync deleted the dashboard, `backupDeletedAt`), and "Recently deleted" holds
   * the uid with other content, deleted after that backup was taken (or at a time its list does not tell): `entry`, perhaps
   * edited in Grafana after the backup. Grafana lists a trashed name no more once a dashboard holds it, so the backup's save
   * would lose that copy for good: nothing was written. --over-recently-deleted puts the backup back anyway.
   */
  | { uid: string; kind: 'trash-newer'; backup: string; backupDeletedAt: string; entry: TrashEntry; into?: RestoreFolder }
  /**
   * The backup would go in where "Recently deleted" showed no entry of the uid to credentials it shows only their own
   * entries (`seen`, trashEntriesHidden: an Editor's token on unified storage): a copy someone else deleted after the backup
   * may wait there unseen, and the backup's save would take its place for good. Nothing was written; --over-recently-deleted
   * puts the backup back anyway (review-67a H1). `seen: 'unread'`: `/apis`' trash list was asked for and could not be read
   * (`why`), so any copy there is unseen, whatever the credentials (review-68a H2).
   */
  | ({ uid: string; kind: 'trash-hidden'; backup: string; given?: true; into?: RestoreFolder } & TrashHiddenSeen)
  /**
   * --from-backup named `backup`, and Grafana 11's "Recently deleted" lists the uid: it keeps the uid taken, so Grafana would
   * refuse the backup's save while the entry is there (grafana11-trash.ts). Told before any write (no folder made for it).
   */
  | { uid: string; kind: 'trash-keeps-uid'; backup: string; into?: RestoreFolder }
  /**
   * While it was being restored it left "Recently deleted", and a dashboard this restore did not put there holds the
   * uid (someone else restored or created it): left as it is. `cleanup`: the folders this restore had created for it.
   */
  | { uid: string; kind: 'taken'; holder: UidHolder; cleanup: FolderCleanup | null }
  /**
   * Grafana refused the backup's save (`message` says why and what to do); `cleanup`: what became of the folders this
   * restore had created for it (null: it created none).
   */
  | { uid: string; kind: 'refused'; message: string; cleanup: FolderCleanup | null }
  /**
   * Neither Grafana's "Recently deleted" (`trash` says why) nor `backupDir` (a backup from `source`; nor the other
   * environments' directories) holds it; `elsewhere`: its backups in `backupDir` from another Grafana or org, newest first.
   */
  | { uid: string; kind: 'not-found'; trash: TrashVerdict; backupDir: string; source: string; elsewhere: BackupFromElsewhere[] };

/**
 * A dashboard "Recently deleted" gave back, as Grafana holds it now (read back: its answer says none of it): `title` (null
 * when it holds none), `version`, and `folder` (null = General). All null / undefined when that read did not find it
 * (`unread` says why: Ctrl-C, a 401, …; `readBackCut`: Ctrl-C): the dashboard is back all the same, and the line says why
 * it names no more.
 */
interface RestoredState {
  title: string | null;
  version: number | null;
  folder?: FolderRef | null;
  unread?: string;
  readBackCut?: true;
}

/** Pure: what the line names of a dashboard read back after its restore from "Recently deleted". */
function restoredStateOf(live: LiveDashboard): RestoredState {
  return { title: backupTitle({ dashboard: live.model }), version: live.version, folder: live.folderUid === null ? null : { uid: live.folderUid, title: live.folderTitle } };
}

/**
 * A dashboard "Recently deleted" just gave back, as `read` found it (the read back of an unconfirmed restore), else read
 * now; a read that does not find it leaves its title, folder and version out, and says why.
 */
async function readRestoredState(grafana: GrafanaPort, uid: string, read?: LiveDashboard): Promise<RestoredState> {
  if (read !== undefined) return restoredStateOf(read);
  try {
    const live = await grafana.getDashboard(uid);
    return live === null ? { title: null, version: null, unread: 'the read back after it found no dashboard under the uid (deleted again since?)' } : restoredStateOf(live);
  } catch (error) {
    if (error instanceof RequestInterruptedError) return { title: null, version: null, unread: 'Ctrl-C cut off the read back after it', readBackCut: true };
    return { title: null, version: null, unread: `the read back after it failed (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** Why "Recently deleted" did not give the dashboard back, as far as this Grafana tells. */
export type TrashVerdict =
  /**
   * Switched off in this Grafana: its feature toggle (null: a hidden release, so either name) is off. Grafana 11 only:
   * from 12 the toggle shows or hides Grafana's page, and unified storage keeps deleted dashboards whatever it says.
   */
  | { kind: 'off'; toggle: TrashToggle | null }
  /**
   * Asked, no entry for the uid. `known`: the settings were read (false: they could not be); `pageOff`: Grafana 12 and
   * later with `restoreDashboards` off, whose trash holds deleted dashboards all the same (on unified storage); `seen`:
   * asked through `/apis` with credentials not known to be shown every entry (TrashEntriesSeen), so an entry someone
   * else deleted may be there all the same.
   */
  | { kind: 'no-entry'; known: boolean; pageOff?: true; seen?: Exclude<TrashEntriesSeen, 'all'>; legacyStorage?: true }
  /** The credentials may not use it (HTTP 403; Grafana 11's trash routes are for org Admins). */
  | { kind: 'denied' }
  /**
   * This API cannot take a dashboard back from it (`/api` of Grafana 12 and later, whatever the toggle: only `/apis` can).
   * `storageUnseen`: it holds deleted dashboards only on unified storage, which this API does not show
   * (Capabilities.trashHangsOnStorage). `pageOff`: `restoreDashboards` is off, which hides only Grafana's page.
   */
  | { kind: 'other-api'; storageUnseen: boolean; pageOff?: true }
  /** This API cannot ask, and the settings could not be read. */
  | { kind: 'cannot-ask' };

/**
 * Pure: the verdict from whether the trash was asked (`asked`, `denied`), what the settings say, and whether its contents
 * hang on an unseen storage. From Grafana 12 (`restoreDashboards`) the toggle only shows Grafana's page: unified storage
 * keeps deleted dashboards whatever it says (src/sandbox/README.md, "Recently deleted").
 */
function judgeTrash(asked: 'yes' | 'no' | 'denied', setting: RecentlyDeleted, storageUnseen: boolean): TrashVerdict {
  const pageOnly = setting.toggle === 'restoreDashboards';
  if (setting.on === false && !pageOnly) return { kind: 'off', toggle: setting.toggle };
  if (asked === 'denied') return { kind: 'denied' };
  if (asked === 'yes') return { kind: 'no-entry', known: setting.on !== null, ...(setting.on === false ? { pageOff: true as const } : {}) };
  if (setting.on) return { kind: 'other-api', storageUnseen };
  return pageOnly && setting.on === false ? { kind: 'other-api', storageUnseen, pageOff: true } : { kind: 'cannot-ask' };
}

/**
 * Whether Grafana answers this org's dashboards from its legacy SQL storage (a stock 12), whose delete keeps nothing in
 * "Recently deleted": the first listed dashboard read through `/apis` says so (LiveDashboard.metadataNotKept). Asked only
 * where a restore found neither an entry nor a backup; false where it cannot tell (no dashboard left, `/api`, a failed read).
 */
export async function dashboardsOnLegacyStorage(grafana: GrafanaPort): Promise<boolean> {
  try {
    for await (const summary of grafana.listDashboards()) {
      for await (const { live } of grafana.readDashboards([summary.uid], { concurrency: 1 })) return live !== null && live.apiVersion !== null && live.metadataNotKept === true;
      return false;
    }
  } catch (error) {
    if (error instanceof RequestInterruptedError) throw error;
  }
  return false;
}

/** Capabilities.trashHangsOnStorage; false when the release cannot be read (the words then stay as they were). */
function trashHangsOnStorage(grafana: GrafanaPort): Promise<boolean> {
  return grafana.describeServer().then((server) => server.capabilities.trashHangsOnStorage, () => false);
}

/**
 * Brings back a dashboard deleted by a prune: from Grafana's "Recently deleted" where the
 * server has one, otherwise by re-posting the newest local backup taken from this Grafana
 * and org. Into `into` when given (--folder: a folder that exists, or null for General);
 * else into its old folder, created again (under its old parents, as the backup records
 * them) when it is gone; a backup that records no parents goes to General then. `given`:
 * the backup the operator named (--from-backup), from any Grafana: "Recently deleted" is not asked. `source`: whose
 * backups are taken (default this Grafana and org; --backup-source names another URL of it). `otherBackupDirs`: the
 * other environments' directories, searched too: the newest backup from `source` in any of them is taken.
 */
export async function restoreDashboard(
  uid: string,
  context: {
    grafana: GrafanaPort;
    backupDir: string;
    otherBackupDirs?: readonly OtherEnvironmentBackups[];
    message: string;
    into?: RestoreFolder;
    /** `overTrash`: --over-recently-deleted, put back even over a newer copy in "Recently deleted" (newerTrashEntry). */
    given?: { path: string; backup: DashboardBackup; overTrash?: true };
    /** --over-recently-deleted: put a backup back even where "Recently deleted" may hide a newer copy from these credentials. */
    overTrash?: true;
    source?: RestoreSource;
    /** The run's, repeated in a command an error names. */
    selection?: RunSelection;
    /** The run's working directory, which a backup that cannot be read is named from. */
    cwd?: string;
    /** The folder of a uid as the tree's `_folder.json` names it (findTreeFolder): a trash entry's gone folder no backup names is created from it. */
    treeFolder?: (folderUid: string) => Promise<TreeFolder | null>;
  },
): Promise<RestoreOutcome> {
  const { grafana, into } = context;
  const dirs = { own: context.backupDir, others: context.otherBackupDirs ?? [], ...(context.cwd !== undefined && { cwd: context.cwd }) };
  const existing = await grafana.getDashboard(uid);
  const { match: backupSource, shown: source } = context.source ?? (await restoreSourceOf(grafana));
  const { given } = context;
  if (existing) return await judgeHeld(uid, existing, given ?? (await readNewestDashboardBackupIn(dirs, uid, backupSource).catch(() => null)), grafana);
  if (given && given.overTrash !== true) {
    // Read before newerTrashEntry, which cannot tell a list it could not read from an empty one.
    const listing = await grafana.recentlyDeletedEntries();
    if (isTrashUnread(listing)) return { uid, kind: 'trash-hidden', backup: given.path, seen: 'unread', why: listing.unread, given: true, ...chosenFolder(into) };
    const entry = await newerTrashEntry(grafana, uid, given.backup);
    if (entry !== null) return { uid, kind: 'trash-newer', backup: given.path, backupDeletedAt: given.backup.deletedAt, entry, ...chosenFolder(into) };
  }
  // Whether it was deleted as dashsync had pushed it, for the trash restore; a backup that cannot be read matters only when the trash has nothing.
  // The trash entry is that push only when its content is the model backed up with it (restoreFromTrash compares them).
  const newestRead = given ? null : await readNewestDashboardBackupIn(dirs, uid, backupSource).catch(() => 'unreadable' as const);
  const newest = newestRead === 'unreadable' ? null : newestRead;
  const pushed = newest?.backup.pushed ?? null;
  const asPushed =
    pushed?.objectUid && pushed.modelSha256 !== undefined
      ? { message: context.message, sha256: pushed.sha256, objectUid: pushed.objectUid, modelSha256: pushed.modelSha256 }
      : undefined;
  // Any other entry goes back with a note of the save it holds, as the backup recorded it (none recorded, or no backup: said so).
  const asRestore = { message: context.message, held: newest ? heldOfBackup(newest.backup) : newestRead === 'unreadable' ? null : ('no-backup' as const) };
  // A named backup is restored as a backup found after "Recently deleted" had no entry.
  const asked: TrashAnswer = given ? { kind: 'yes' } : await askTrash(grafana, uid, into, context, asPushed, asRestore);
  const chosen = into === undefined ? {} : { into };
  if (asked.kind === 'restored') {
    if (asked.notMoved) return notMovedOutcome(uid, asked.notMoved);
    const moved = asked.moved === undefined ? {} : { moved: asked.moved };
    return { uid, kind: 'restored-from-trash', ...chosen, ...moved, ...(await readRestoredState(grafana, uid, asked.live)) };
  }
  if (asked.kind === 'taken') return { uid, kind: 'taken', holder: asked.holder, cleanup: null };
  if (asked.kind === 'gone-again') {
    return { uid, kind: 'refused', message: `"Recently deleted" gave it back, and it was deleted again before it could be moved to the General level; run restore again`, cleanup: null };
  }

  const elsewhere: BackupFromElsewhere[] = [];
  const found: { path: string; backup: DashboardBackup; otherEnvironment?: OtherEnvironmentBackups } | null = given ?? (await readNewestDashboardBackupIn(dirs, uid, backupSource, elsewhere));
  if (asked.kind === 'folder-gone') {
    // Grafana keeps the dashboard (id, versions; on 11 its library panel connections) but restores only into an existing
    // folder: the backup taken when it was pruned names that folder and the ones above it, so they are created again first.
    const decided = whenTrashFolderGone(into, found?.backup.folderUid ?? null);
    if (decided === 'general-folder-gone') return { uid, kind: 'trash-general-folder-gone' };
    if (decided === 'into-gone') {
      const message = `folder ${into?.uid} was deleted while ${uid} was being restored into it; run restore again with --folder naming an existing folder`;
      return { uid, kind: 'refused', message, cleanup: null };
    }
    const fromTree = decided === 'folder-gone' ? await treeFolderOfTrashEntry(grafana, uid, context.treeFolder) : null;
    const recreate = fromTree ?? (decided === 'recreate' && found ? found.backup : null);
    if (recreate === null) return { uid, kind: 'trash-folder-gone', backupDir: context.backupDir, source };
    const folderRecreated = await recreateFolder(grafana, recreate);
    // As after a refused backup save: the folders created for it that are still empty are deleted again.
    let back: Awaited<ReturnType<typeof readBackTrashRestore>> | { kind: 'ours'; live?: undefined };
    try {
      const answer = await grafana.restoreFromTrash(uid, undefined, asPushed, asRestore);
      back = answer === 'restored' ? { kind: 'ours' } : await readBackTrashRestore(grafana, uid, answer);
    } catch (error) {
      if (!isAnsweredRefusal(error)) throw error;
      const cleanup = await removeCreatedFolders(grafana, folderRecreated);
      if (cleanup === null) throw error;
      return { uid, kind: 'refused', message: error.message, cleanup };
    }
    if (back.kind === 'absent') {
      const message = `dashboard ${uid} left Grafana's "Recently deleted" while it was being restored; run restore again`;
      return { uid, kind: 'refused', message, cleanup: await removeCreatedFolders(grafana, folderRecreated) };
    }
    // Someone else's dashboard may sit in the folders just created for this one: they stay while they hold anything.
    if (back.kind === 'taken') return { uid, kind: 'taken', holder: back.holder, cleanup: await removeCreatedFolders(grafana, folderRecreated) };
    return { uid, kind: 'restored-from-trash', folderRecreated, ...(await readRestoredState(grafana, uid, back.live)) };
  }
  if (!found) {
    // Only now, and once per run: whether "Recently deleted" is on at all, so that the line says the truth.
    const trash = judgeTrash(asked.kind, await grafana.recentlyDeleted(), await trashHangsOnStorage(grafana));
    const seen = trash.kind === 'no-entry' ? await trashEntriesHidden(grafana) : undefined;
    // Legacy SQL storage keeps no entry for anyone: an Admin's token would see none either (walk-69 L2).
    if (trash.kind === 'no-entry' && seen !== undefined && (await dashboardsOnLegacyStorage(grafana))) {
      return { uid, kind: 'not-found', trash: { ...trash, legacyStorage: true }, backupDir: context.backupDir, source, elsewhere };
    }
    if (trash.kind === 'no-entry' && seen !== undefined) return { uid, kind: 'not-found', trash: { ...trash, seen }, backupDir: context.backupDir, source, elsewhere };
    return { uid, kind: 'not-found', trash, backupDir: context.backupDir, source, elsewhere };
  }
  const { backup } = found;
  // Grafana 11 keeps a trashed dashboard's uid taken: a named backup of a uid its trash lists cannot go in (the save is refused),
  // so it is told before any write. A backup found after the trash was asked is of a uid the trash did not give back.
  const trash11 = given === undefined ? undefined : await readGrafana11Trash(grafana);
  if (trash11 !== undefined && grafana11TrashHolds(trash11, uid)) return { uid, kind: 'trash-keeps-uid', backup: found.path, ...chosenFolder(into) };
  // A named backup's uid may be listed (the credentials' own delete, judged by newerTrashEntry above): only an unlisted one is in
  // doubt; so is any backup where Grafana 11's trash refused these credentials the take-back (`denied`: trashMayHideNewerCopy).
  // Not one whose delete was for good, where the storage cannot be told otherwise (deletedForGoodUntold).
  if (
    (asked.kind === 'yes' || asked.kind === 'denied') &&
    given?.overTrash !== true &&
    context.overTrash !== true &&
    !(given && trashEntriesListed(await grafana.recentlyDeletedEntries())?.has(uid) === true) &&
    !(await deletedForGoodUntold(grafana, backup.deletedFromLegacySql === true))
  ) {
    const seen = await trashMayHideNewerCopy(grafana, trash11);
    if (seen !== undefined) return { uid, kind: 'trash-hidden', backup: found.path, ...seen, ...(given !== undefined && { given: true as const }), ...chosenFolder(into) };
  }
  const content = { schema: backup.schema ?? 'v1', apiVersion: backup.apiVersion ?? null, metadata: backup.metadata ?? { labels: {}, annotations: {} } };
  // Deleted as dashsync had pushed it through /apis, and the backup still holds that model: saved there as that push again
  // (its record and content note), so the next plan knows it. A backup edited since is restored as an ordinary save.
  const push = pushOfBackup(backup);
  const target = grafana.writeTargetFor({ ...content, recorded: push !== null });
  if ('refused' in target) {
    return { uid, kind: 'unwritable', backup: found.path, apiVersion: backup.apiVersion ?? 'a classic dashboard', reason: target.refused, needsApis: grafana.api === 'legacy' };
  }
  // Before any write of it: a backup this run found (--from-backup, asked 'yes', is the operator's choice of it).
  const unread = asked.kind === 'no' ? trashNotRead(grafana.api, (await grafana.describeServer()).version) : null;
  if (unread !== null) return { uid, kind: 'trash-not-read', backup: found.path, release: unread, ...chosenFolder(into) };
  const { folderUid, folder, folderRecreated, folderMissing } = await placeFromBackup(grafana, { ...backup, folderUid: backup.folderUid || null }, into);
  // A save refused after folders were created for it would leave them empty: the ones still empty are deleted again.
  const cleanUp = () => removeCreatedFolders(grafana, folderRecreated);
  // Whether Grafana holds the backup's dashboard in the folder it was sent to (after a save whose answer says otherwise).
  const holdsBackup = (live: LiveDashboard | null): live is LiveDashboard =>
    live !== null && live.folderUid === folderUid && backedUpModelDigest(live.model) === backedUpModelDigest(backup.dashboard);
  let saved: SaveOutcome;
  // Saved although the answer said otherwise (read back): `answerLost`, a resend refused as "exists"; `libraryPanelsMissing`, a 500
  // after the save. `readBackCut`: saved, and Ctrl-C cut off the read back after it.
  let landed: { answerLost?: 'resent' | 'cut-off'; libraryPanelsMissing?: string[]; readBackCut?: true } = {};
  try {
    // Not dashsync's push, and the backup records whose save it held: the message names that save (restore-note.ts).
    const held = push ? null : heldOfBackup(backup);
    const pushedAgain = push ? { contentSha256: push.sha256 } : held ? { restoredBackup: { held } } : {};
    const nextCommand = (words: readonly string[]) => renderNextCommand(context.selection, words);
    saved = await grafana.saveDashboard({ uid, model: backup.dashboard, ...content, target, folderUid, message: context.message, expect: 'absent', nextCommand, restoring: true, ...pushedAgain });
  } catch (error) {
    // Grafana 11 and 12 save the dashboard, then answer 500 when a library panel it uses is missing: read back, as apply does;
    // so is a save Grafana answered 2xx whose answer was cut off mid-body.
    const cutOff = error instanceof AnswerCutOffError;
    // Answered 2xx in words that do not show the save, and something there: the backup's dashboard, or another save.
    const unconfirmed = error instanceof SaveUnconfirmedError;
    // Its read back met no answer already (Grafana gone: the run stops): not read again.
    const readAgain = (cutOff || unconfirmed || failedToConnectLibraryPanels(error)) && !(error instanceof GrafanaHttpError && error.readBackUnreachable !== undefined);
    // A read back that meets no answer is kept on the save's error: the run stops there (runRestores).
    const live = readAgain ? await grafana.getDashboard(uid).catch((readError: unknown) => (noteReadBackUnreachable(error, readError), null)) : null;
    if (error instanceof ReadBackInterruptedError) {
      // Grafana answered the save: only the read back after it was cut off (Ctrl-C), and the answer tells the version.
      saved = { kind: 'saved', revision: String(error.savedVersion), version: error.savedVersion };
      landed = { readBackCut: true };
    } else if (holdsBackup(live)) {
      saved = { kind: 'saved', revision: live.revision, version: live.version };
      landed = cutOff ? { answerLost: 'cut-off' } : unconfirmed ? {} : { libraryPanelsMissing: await missingLibraryPanelsOf(grafana, libraryPanelUids(backup.dashboard)) };
    } else {
      // An answer that never came may mean a save that landed: then the folders hold it, and nothing is cleaned up (the run
      // reports a cut-off answer not found as sent unknown); nor after a read back that met no answer (the run stops there).
      // One read back and found not saved (NotLandedError) left them as empty as a refusal does (rev-75 F9).
      if (!(error instanceof NotLandedError) && (!isAnsweredRefusal(error) || error.readBackUnreachable !== undefined)) throw error;
      const cleanup = await cleanUp();
      if (cleanup === null) throw error;
      return { uid, kind: 'refused', message: error.message, cleanup };
    }
  }
  // A resend refused because the uid exists, and Grafana holds the backup's dashboard: the first send landed, its answer lost.
  if (saved.kind === 'conflict' && saved.retried && holdsBackup(saved.current)) {
    saved = { kind: 'saved', revision: saved.current.revision, version: saved.current.version };
    landed = { answerLost: 'resent' };
  }
  if (saved.kind === 'refused') {
    // Grafana 11: the trash keeps the uid taken, so the backup cannot go in while the entry is there.
    const message =
      asked.kind === 'denied'
        ? `dashboard ${uid} is in Grafana's "Recently deleted", which keeps its uid taken and gives it back to org Admins only (HTTP 403): run restore with an org Admin's credentials`
        : saved.message;
    return { uid, kind: 'refused', message, cleanup: await cleanUp() };
  }
  // Someone created it meanwhile, perhaps into the folders just created: they stay.
  if (saved.kind === 'conflict') return { uid, kind: 'exists', version: saved.current?.version ?? 0 };
  // Only now, and only where this API could not ask: whether the copy with its history was passed over.
  // The dashboard is back whatever this read answers: a failed read (Ctrl-C, a 401) only leaves the note out.
  const trashOn = asked.kind === 'no' && (await grafana.recentlyDeleted().catch(() => ({ on: null }))).on === true;
  const trashPassedOver = trashOn && (await trashHangsOnStorage(grafana)) ? 'storage-unseen' : undefined;
  return {
    uid,
    kind: 'restored-from-backup',
    backup: found.path,
    title: backupTitle(backup),
    version: saved.version,
    folder,
    ...(folderRecreated ? { folderRecreated } : {}),
    folderMissing,
    ...(trashPassedOver ? { trashPassedOver } : {}),
    ...(backup.pushed !== undefined && backup.pushed.modelSha256 !== undefined && push === null ? { editedSinceBackup: true as const } : {}),
    ...(target.api === 'legacy' && metadataKeys(backup).length > 0 ? { metadataDropped: metadataKeys(backup) } : {}),
    ...(found.otherEnvironment ? { otherEnvironment: found.otherEnvironment } : {}),
    ...landed,
  };
}

/**
 * The entry "Recently deleted" holds for `uid` where putting `backup` back would lose it: other content than the backup's
 * (or content its list does not give), deleted after the backup was taken or at a time the list does not tell. Null where
 * there is none, where it is the backup's own delete (the same content), and where this API cannot read the trash's times
 * (`/api`: trash-not-read covers 12.4 on; the list unread: nothing to tell).
 */
export async function newerTrashEntry(grafana: Pick<GrafanaPort, 'recentlyDeletedEntries' | 'nameSavers'>, uid: string, backup: Pick<DashboardBackup, 'dashboard' | 'deletedAt'>): Promise<TrashEntry | null> {
  const entry = trashEntriesListed(await grafana.recentlyDeletedEntries())?.get(uid);
  if (entry === undefined) return null;
  if (entry.modelSha256 !== undefined && entry.modelSha256 === backedUpModelDigest(backup.dashboard)) return null;
  const deleted = entry.deletedAt === null ? Number.NaN : Date.parse(entry.deletedAt);
  // The list dates to the second: an entry of the backup's own second counts as after it. The backup is dated by this
  // machine's clock, the entry by Grafana's: one dated up to CLOCK_MARGIN_MS before the backup counts as after it too, so a
  // clock ahead of Grafana's does not let a newer copy go (review-67a L1). Dashsync's own delete of the backed-up content
  // has the same content (above), so another entry that old appears only where that one is gone (a purge).
  if (!Number.isNaN(deleted) && deleted < Math.floor(Date.parse(backup.deletedAt) / 1000) * 1000 - CLOCK_MARGIN_MS) return null;
  // The deleter as people know them (their login), as the plan's in-recently-deleted note names them.
  const names = entry.deletedBy === '' ? new Map<string, string>() : await grafana.nameSavers([entry.deletedBy]).catch(() => new Map<string, string>());
  return { ...entry, deletedBy: names.get(entry.deletedBy) ?? entry.deletedBy };
}

/** How far this machine's clock (a backup's deletedAt) may run ahead of Grafana's (a trash entry's) and still be judged right. */
const CLOCK_MARGIN_MS = 60 * 60 * 1000;

/**
 * What of "Recently deleted" these credentials may not be shown: entries others deleted (`own`, `unknown`:
 * trashEntriesHidden), or the whole list, which was asked for and could not be read (`unread`, `why`: its failure), or
 * which Grafana 11 lists to org Admins only (`admin-only`: its entries keep their uids taken, so the backup's save is
 * refused while one is there; readGrafana11Trash).
 */
export type TrashHiddenSeen = { seen: Exclude<TrashEntriesSeen, 'all'> | 'admin-only' } | { seen: 'unread'; why: string };

/** The credentials' part of trashMayHideNewerCopy, which does not change in a run: kept per port. */
const hiddenSightOf = new WeakMap<object, Promise<{ seen: Exclude<TrashEntriesSeen, 'all'> | 'admin-only' } | undefined>>();

/**
 * Whether "Recently deleted" may hold entries these credentials are not shown, where it keeps deleted dashboards at all
 * (`/apis` on unified storage: recentlyDeletedEntries is null on legacy storage, which it settles before its first list,
 * and on `/api`); what the credentials are shown is read once per port (neither the storage nor the credentials change in
 * a run). A list that could not be read hides its entries too: `unread`, where these credentials would otherwise be in
 * doubt (a named backup checks it for every credential: restoreDashboard), taken from the port's listing on each call,
 * which lists again after a write whose outcome is unknown (rev-70b L2). Grafana 11's, which these credentials may not
 * list: `admin-only` (`trash11`: as the caller read it already, not listed again: restl-69).
 */
export async function trashMayHideNewerCopy(grafana: GrafanaPort, trash11?: Grafana11Trash): Promise<TrashHiddenSeen | undefined> {
  const sight = await keepAnswer(hiddenSightOf, grafana, async () => {
    if ((trash11 === undefined ? await readGrafana11Trash(grafana) : trash11) === 'admin-only') return { seen: 'admin-only' as const };
    const seen = await trashEntriesHidden(grafana);
    return seen === undefined ? undefined : { seen };
  });
  if (sight === undefined || sight.seen === 'admin-only') return sight;
  const listing = await grafana.recentlyDeletedEntries();
  if (listing === null) return undefined;
  return isTrashUnread(listing) ? { seen: 'unread', why: listing.unread } : sight;
}

/**
 * Whether a backup whose delete was for good (DashboardBackup.deletedFromLegacySql: Grafana answered it from legacy SQL storage)
 * meets an empty "Recently deleted" list that could not tell the storage (GrafanaPort.trashStorageUntold: the org lists no
 * dashboard, as after a prune that emptied it). Legacy SQL storage keeps no trash: nothing can wait there unseen (review-69a M3).
 * Reads the run's listing (recentlyDeletedEntries) first where it was not made yet.
 */
export async function deletedForGoodUntold(grafana: Pick<GrafanaPort, 'trashStorageUntold' | 'recentlyDeletedEntries'>, deletedFromLegacySql: boolean): Promise<boolean> {
  if (!deletedFromLegacySql || grafana.trashStorageUntold === undefined) return false;
  await grafana.recentlyDeletedEntries();
  return grafana.trashStorageUntold();
}

/** --folder's place, as a refusal's advice repeats it (absent: the backup's own folder). */
function chosenFolder(into: RestoreFolder | undefined): { into?: RestoreFolder } {
  return into === undefined ? {} : { into };
}

/** The keys of the author's labels and annotations a backup holds (none through `/api`), sorted. */
function metadataKeys(backup: DashboardBackup): string[] {
  const { labels, annotations } = backup.metadata ?? { labels: {}, annotations: {} };
  return [...new Set([...Object.keys(labels), ...Object.keys(annotations)])].sort();
}

/**
 * A uid Grafana holds: nothing to restore when it is the backed-up dashboard (or no backup tells), else the other dashboard
 * that holds it, its saver named as people know them.
 */
async function judgeHeld(uid: string, live: LiveDashboard, found: { path: string; backup: DashboardBackup } | null, grafana: GrafanaPort): Promise<RestoreOutcome> {
  const holder = found === null ? null : await findOtherHolder(grafana, live, found.backup);
  if (found === null || holder === null) return { uid, kind: 'exists', version: live.version };
  const names = holder.savedBy === '' ? new Map<string, string>() : await grafana.nameSavers([holder.savedBy]);
  return {
    uid,
    kind: 'held-by-another',
    holder: { ...holder, savedBy: names.get(holder.savedBy) ?? holder.savedBy },
    backup: found.path,
    backupTitle: backupTitle(found.backup),
    deletedAt: found.backup.deletedAt,
  };
}

/**
 * The folder a dashboard in "Recently deleted" was deleted from, as the tree's `_folder.json` names it, in recreateFolder's
 * form; null when its entry does not name it (Grafana 11's list) or no `_folder.json` does.
 */
async function treeFolderOfTrashEntry(
  grafana: GrafanaPort,
  uid: string,
  treeFolder: ((folderUid: string) => Promise<TreeFolder | null>) | undefined,
): Promise<{ folderUid: string; folderTitle: string; folderParents: FolderRef[]; from: string } | null> {
  if (treeFolder === undefined) return null;
  const folderUid = (await grafana.recentlyDeletedUids())?.get(uid);
  const named = typeof folderUid === 'string' ? await treeFolder(folderUid) : null;
  return named === null ? null : { folderUid: named.folder.uid, folderTitle: named.folder.title, folderParents: named.parents, from: named.file };
}

/** Pure: the outcome of a dashboard Grafana 11 gave back into its old folder that was not moved on to the General level. */
function notMovedOutcome(uid: string, { live, folder, why }: NotMoved): RestoreOutcome {
  return { uid, kind: 'restored-not-moved', title: backupTitle({ dashboard: live.model }), version: live.version, folder, why };
}

/** The folders a restore created for a dashboard that did not go in, deleted again while empty; null when it created none. */
async function removeCreatedFolders(grafana: GrafanaPort, recreation: FolderRecreation | undefined): Promise<FolderCleanup | null> {
  return recreation && recreation.created.length > 0 ? await removeRecreatedFolders(grafana, recreation.created) : null;
}
