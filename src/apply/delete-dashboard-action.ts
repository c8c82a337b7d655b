import { LEGACY_STORAGE_12 } from '../grafana/trash-not-read.js';
import { backupSourceOf } from './read-newest-backup-file.js';
import type { DeleteMode } from '../config/types.js';
import { describeDeleteRefusal, ownerBlocksDelete } from '../grafana/ownership.js';
import type { GrafanaPort, LiveFolder, WriteTally } from '../grafana/port.js';
import { sameRevision } from '../grafana/k8s/to-live-dashboard.js';
import { resavedUnchangedSincePlan } from '../grafana/k8s/labels-since-legacy-plan.js';
import { savedAgainSincePlan } from '../grafana/saved-again-at-version.js';
import { sameIncarnation } from '../grafana/same-incarnation.js';
import type { DashboardAction } from '../plan/types.js';
import { answeredServerError, mayHaveLanded, notDeletedWhenReadBack, stillThereWhenReadBack, readBack } from './read-back.js';
import { describeMissingChain, readFolderChain } from './read-folder-chain.js';
import { describeConflict } from './save-dashboard-action.js';
import { backUpBeforeDelete } from './write-file-durably.js';
import type { ApplyConflict } from './types.js';
import { readBackedUpSaves } from './read-held-push.js';
import { recordDeleteOutcome, writeBackup, type DeleteOutcomeRecord } from './write-backup.js';
import { shorten } from '../report/shorten-path.js';
import type { Shell } from '../describe-error.js';
import { judgeOwnerBeforeDelete, type OwnerAtApply } from './judge-owner-before-delete.js';

export type DeleteOutcome =
  /** `trash`: where Grafana keeps it now, for the line that reports the delete (see describeTrashAfterDelete). */
  | { kind: 'deleted'; backup: string; trash: TrashAfterDelete }
  | { kind: 'skipped'; reason: string }
  /** A delete the saved plan could not judge (ownerNotJudged) that dashsync did not push, or whose history these credentials may not read either: not deleted, no backup. */
  | { kind: 'held'; owner: Exclude<OwnerAtApply, 'pushed'> }
  | { kind: 'conflict'; conflict: ApplyConflict }
  /** The DELETE went out and Grafana stopped answering before it could be read back. */
  | { kind: 'unknown'; error: unknown };

export interface DeleteContext {
  grafana: GrafanaPort;
  backupDir: string;
  /** The working directory: its git tells whether HEAD contains the commit a conflict's save pushed. */
  cwd: string;
  deleteMode: DeleteMode;
  /** --force: delete even when the dashboard changed since the plan (the backup keeps the new version). */
  force: boolean;
  /**
   * The backup is on disk and the delete is about to be sent (a log shows it before the delete); `warning`: what the
   * backup lacks (the folders above its folder could not be read), for a line of its own.
   */
  onBackup?: (path: string, warning?: string) => void;
  /** Folders read for the backups' parent chains, shared by the deletes of one run. */
  folders?: Map<string, Promise<LiveFolder | null>>;
  /** Whose words a failed backup's advice takes (the CLI's by default). */
  shell?: Shell;
}

/**
 * Prunes one dashboard: re-reads it, refuses when it changed since the plan (someone's new
 * work is never deleted unseen, unless --force), writes the live JSON to the backup
 * directory (fsync'd) with the folders above its own (a warning with it when they could not be read), says so (`onBackup`), then deletes; a DELETE that failed after it may
 * have landed is read back. `hard` also purges the "Recently deleted" entry where
 * the server keeps one. A dashboard someone else owns is never deleted, nor one whose owner the plan could not judge
 * (`ownerNotJudged`) that its history does not show dashsync saved last (`held`).
 */
export async function deleteDashboardAction(action: DashboardAction, context: DeleteContext, tally: WriteTally): Promise<DeleteOutcome> {
  const { grafana } = context;
  const live = await grafana.getDashboard(action.uid);
  if (!live) return { kind: 'skipped', reason: 'already gone from Grafana; nothing to delete' };
  if (live.uid !== action.uid) throw new OtherDashboardAnsweredError(action.uid, live.uid);
  if (ownerBlocksDelete(live.owner)) return { kind: 'skipped', reason: describeDeleteRefusal(live.owner!) };
  // Owner not judged by the plan (its credentials may not read the history): judged here, before any backup or change check.
  if (action.ownerNotJudged) {
    const owner = await judgeOwnerBeforeDelete(grafana, live);
    if (owner !== 'pushed') return { kind: 'held', owner };
  }
  // Saved again since with nothing of it changed (a no-op save, a tool's annotation): the dashboard the plan reviewed.
  const resaved = action.live !== null && resavedUnchangedSincePlan(action.live.revision, live, action.live.metadataDigest);
  const changed =
    action.live &&
    (savedAgainSincePlan(action.live, live) || (!resaved && (!sameRevision(live.revision, action.live.revision) || !sameIncarnation(action.live.internalId, live.internalId))));
  if (!context.force && changed) return { kind: 'conflict', conflict: await describeConflict(grafana, action, live, context.cwd) };
  const chain = await readFolderChain(grafana, live.folderUid, context.folders);
  const judged = { ...(action.madeInGrafana && { madeInGrafana: action.madeInGrafana }), ...(action.editedInGrafana && { editedInGrafana: action.editedInGrafana }), ...(action.live && { liveVersion: action.live.version }) };
  const { pushed, held } = await readBackedUpSaves(grafana, live, judged);
  const source = await backupSourceOf(grafana);
  const backup = await backUpBeforeDelete(context.backupDir, () => writeBackup(context.backupDir, live, source, chain.parents, new Date(), pushed, held, action.replacedBy ?? null), context.cwd, context.shell);
  context.onBackup?.(backup, chain.parents === null ? describeMissingChain(action.uid, live.folderUid ?? '', chain) : undefined);
  const sentBefore = tally.sent;
  // A delete that failed and was found gone when read back: `hard`'s purge after it was not confirmed (never sent, or unanswered).
  let purgeConfirmed = true;
  // The backup records what its delete came to: a plan ties a "Recently deleted" entry only to a delete that landed (fixg-72 left).
  const record = (outcome: DeleteOutcomeRecord) => recordDeleteOutcome(backup, outcome);
  try {
    // The revision just read: where the API checks it (/apis), a save in between refuses the delete.
    const deleted = await grafana.deleteDashboard(action.uid, { purge: context.deleteMode === 'hard', expect: live.revision }, tally);
    // Not found at the first send: someone else deleted it after it was read (a racing run, a person). After a resend, the
    // first send may have landed: that delete is this run's own.
    if (!deleted && tally.sent - sentBefore <= 1) {
      await record('not-deleted');
      return { kind: 'skipped', reason: `already gone from Grafana: deleted after this run read it (by another run or someone else); its backup ${shorten(backup, context.cwd)} stays` };
    }
  } catch (error) {
    const answered = answeredServerError(error);
    if (!mayHaveLanded(error) && !answered) {
      await record('not-deleted');
      throw error;
    }
    const gone = await readBack(error, async () => (await grafana.getDashboard(action.uid, tally)) === null);
    if (gone !== true) await record(gone === null ? 'unknown' : 'not-deleted');
    if (gone === null) return { kind: 'unknown', error };
    if (!gone && answered) throw notDeletedWhenReadBack(error);
    if (!gone) return stillThereWhenReadBack(error);
    purgeConfirmed = false;
  }
  await record('deleted');
  const storage = live.metadataNotKept === true ? 'legacy' : live.apiVersion === null ? 'unseen' : 'unified';
  return { kind: 'deleted', backup, trash: await trashAfterDelete(grafana, action.uid, context.deleteMode, storage, purgeConfirmed) };
}

/**
 * The read before a delete answered with another uid: Grafana answers a uid with that very dashboard, so this is
 * another server or a proxy that rewrites answers. Its backup would be filed under the other uid and the DELETE would
 * go to one nobody read, so nothing is written or sent.
 */
class OtherDashboardAnsweredError extends Error {
  constructor(asked: string, answered: string) {
    super(
      `not deleted: the read of ${JSON.stringify(asked)} answered with the dashboard ${JSON.stringify(answered)}; nothing was written. ` +
        'Check that the URL leads to Grafana itself, not to another server or a proxy that rewrites its answers',
    );
  }
}

/**
 * `kept`: in "Recently deleted" (`kept-for-admins`: Grafana 11's, which these credentials may not list, so only an org
 * Admin can take it back; `kept-despite-hard`: although --delete-mode hard asked to purge it; `kept-page-off`: Grafana
 * 12 and later on unified storage, whose `restoreDashboards` toggle is off, which hides only Grafana's page);
 * `purged`: emptied from there too; `not-purged`: `hard` on Grafana 11, the delete failed (a 5xx, no answer) and the read
 * back found it gone, so the purge after it was never sent or not answered, and "Recently deleted" lists it: only deleted
 * (fixe-74 left); `purge-not-known`: the same, where that list could not be read (fixe-73 left: this said `purged`);
 * `off`: switched off here; `legacy-storage`: gone for good, whatever the toggle says, as Grafana answered the dashboard from its legacy SQL storage, whose delete removes the row (a stock 12.x);
 * `storage-unseen`: kept there only if Grafana keeps its dashboards in unified storage, which this API does not show
 * (Grafana 12 through /api: Capabilities.trashHangsOnStorage); `unknown`: the settings did not say.
 */
export type TrashAfterDelete = 'kept' | 'kept-for-admins' | 'kept-despite-hard' | 'kept-page-off' | 'purged' | 'not-purged' | 'purge-not-known' | 'off' | 'legacy-storage' | 'storage-unseen' | 'unknown';

/** Whether Grafana refuses these credentials 11's trash listing (org Admins only): asked once per port in a run. */
const trashRefused = new WeakMap<GrafanaPort, Promise<boolean>>();

function refusesTrashListing(grafana: GrafanaPort): Promise<boolean> {
  let refused = trashRefused.get(grafana);
  if (refused === undefined) {
    refused = grafana.trashedDashboardUids().then((listed) => listed === 'refused', () => false);
    trashRefused.set(grafana, refused);
  }
  return refused;
}

/**
 * Whether Grafana also kept the deleted dashboard in "Recently deleted": from its settings (read
 * once per run, on the first delete). Only Grafana 11's `/api` trash can be purged (`hard`), and only there does the
 * toggle decide. 12 and later keep it there whatever the mode and whatever `restoreDashboards` says (it only shows
 * Grafana's page: the resource server's delete writes the deletion marker the trash list reads) — on unified storage
 * only: a dashboard read from the legacy SQL storage (`fromLegacySql`, 12's default) is deleted for good
 * (src/sandbox/README.md, "List, history, trash" and "Recently deleted").
 */
async function trashAfterDelete(grafana: GrafanaPort, uid: string, deleteMode: DeleteMode, storage: 'legacy' | 'unified' | 'unseen', purgeConfirmed: boolean): Promise<TrashAfterDelete> {
  // The delete is done: nothing about these reads may turn it into a failure.
  const setting = await grafana.recentlyDeleted().catch(() => null);
  const on = setting?.on ?? null;
  if (storage === 'legacy') return on === false ? 'off' : 'legacy-storage';
  const pageOnly = setting?.toggle === 'restoreDashboards';
  if (!pageOnly && on === null) return 'unknown';
  if (!pageOnly && !on) return 'off';
  const capabilities = await grafana.describeServer().then((server) => server.capabilities, () => null);
  if (capabilities === null) return 'unknown';
  if (storage === 'unseen' && capabilities.trashHangsOnStorage) return 'storage-unseen';
  if (deleteMode !== 'hard') return (await refusesTrashListing(grafana)) ? 'kept-for-admins' : on === false ? 'kept-page-off' : 'kept';
  if (!capabilities.softDeleteTrash) return 'kept-despite-hard';
  return purgeConfirmed ? 'purged' : purgeFound(grafana, uid);
}

/**
 * A `hard` delete on Grafana 11 that met an error and was found gone, so its purge was never sent or not answered: "Recently
 * deleted" listed once for the uid tells which (src/sandbox/README.md, "Recently deleted"). Not there: purged; there: only
 * deleted; the listing refused (org Admins only) or failed: not known.
 */
async function purgeFound(grafana: GrafanaPort, uid: string): Promise<TrashAfterDelete> {
  const listed = await grafana.trashedDashboardUids(uid).catch(() => null);
  if (!Array.isArray(listed)) return 'purge-not-known';
  return listed.includes(uid) ? 'not-purged' : 'purged';
}

/** The words the delete's line carries (none when the settings did not say); `restore`: the restore of this dashboard, as the run's commands name it. */
export function describeTrashAfterDelete(trash: TrashAfterDelete, restore: string): string | undefined {
  switch (trash) {
    case 'kept':
      return 'Grafana keeps it in "Recently deleted" too';
    case 'kept-for-admins':
      return (
        'Grafana keeps it in "Recently deleted" too, which only an org Admin can take it back from (these credentials may not even list it), ' +
        `and which keeps its uid taken, so its file cannot create it again: bringing it back needs ${restore} with an org Admin's credentials`
      );
    case 'kept-despite-hard':
      return 'Grafana keeps it in "Recently deleted" too (not purged: see the warning before the first delete)';
    case 'kept-page-off':
      return (
        'Grafana keeps it in "Recently deleted" too, though its page is switched off in this Grafana (feature toggle restoreDashboards): ' +
        `${restore} takes it back through /apis`
      );
    case 'purged':
      return 'purged from "Recently deleted" too';
    case 'not-purged':
      return (
        'not purged: Grafana keeps it in "Recently deleted" (the delete met an error, and dashsync\'s purge after it was not made): ' +
        'to finish the hard delete, delete it for good on Grafana\'s "Recently deleted" page (an org Admin), or take it back with ' + restore
      );
    case 'purge-not-known':
      return (
        'whether it was purged from "Recently deleted" too is not known (the delete met an error before dashsync\'s purge was confirmed, and "Recently deleted" could not be listed): ' +
        'if it waits there, delete it for good on Grafana\'s "Recently deleted" page'
      );
    case 'off':
      return '"Recently deleted" is off in this Grafana: the backup is the only copy';
    case 'legacy-storage':
      return 'Grafana deleted it for good (it keeps dashboards in its legacy SQL storage, which has no "Recently deleted"): the backup is the only copy';
    case 'storage-unseen':
      return (
        'Grafana 12 keeps it in "Recently deleted" only if its dashboards are on unified storage, which /api does not show; ' +
        LEGACY_STORAGE_12 + ', which deletes for good: count the backup as the only copy (--api auto tells which)'
      );
    case 'unknown':
      return undefined;
  }
}
