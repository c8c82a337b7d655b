import { LEGACY_STORAGE_12 } from '../grafana/trash-not-read.js';
import { isAbsolute, relative } from 'node:path';
import type { FolderRef } from '../apply/read-folder-chain.js';
import type { OtherEnvironmentBackups } from '../apply/find-other-environment-backups.js';
import type { FolderRecreation } from '../apply/recreate-folder.js';
import type { FolderCleanup } from '../apply/remove-recreated-folders.js';
import type { RestoreOutcome, TrashHiddenSeen, TrashVerdict } from '../apply/restore-dashboards.js';
import { describeNoTrashEntry, describeTrashSight, LEGACY_STORAGE_KEEPS_NO_TRASH } from './describe-trash-sight.js';
import type { RestoreFolder } from '../apply/restore-from-trash.js';
import type { LibraryPanelRestoreOutcome } from '../apply/restore-library-panel.js';
import type { HandoverBackupName } from '../apply/name-before-handover.js';
import { describeBackupSource, type BackupFromElsewhere } from '../apply/read-newest-backup-file.js';
import { describeMissingPanels } from '../apply/library-panels-not-connected.js';
import { READ_BACK_CUT } from '../apply/read-back.js';
import type { FileRemoval } from '../git/find-removed-dashboard-files.js';
import { otherEnvironmentSelection, pathspecWord, renderNextCommand, shellWord, type PastedWord, type RunSelection } from './next-command.js';
import type { PrunedBy } from '../plan/find-pruned-by-others.js';
import { quoteText } from './escape-untrusted.js';
import { capitalize } from './capitalize.js';
import { describeUnreadTrash } from '../plan/describe-trash-not-read.js';
import type { Release } from '../grafana/parse-release.js';
import type { TrashEntry } from '../grafana/port.js';

/** One line of `restore` output (not yet escaped); errors go to stderr. */
export interface RestoreLine {
  text: string;
  error: boolean;
}

/** `backupSource`: the run's --backup-source as its advice gives it (pastedUrlOf), repeated where a command looks for its backups again. */
export function renderDashboardRestore(outcome: RestoreOutcome, cwd: string, selection?: RunSelection, backupSource?: string | PastedWord): RestoreLine {
  switch (outcome.kind) {
    case 'restored-from-trash': {
      const from = `restored ${outcome.uid}${titled(outcome.title)} from Grafana's "Recently deleted"`;
      const version = outcome.version ?? outcome.moved ?? null;
      // Not read back: the line says why it names neither title nor version (the answer of a restore from the trash tells neither).
      const unread = outcome.unread === undefined ? '' : `; ${version === null ? 'its title and version are' : 'its title is'} not known: ${outcome.unread}`;
      return { text: `${from}${describeTrashPlace(outcome)}${version === null ? '' : `, now version ${version}`}${unread}`, error: false };
    }
    case 'restored-not-moved':
      return {
        text:
          `error: restored ${outcome.uid}${titled(outcome.title)} from Grafana's "Recently deleted" into its old folder ${quoted(outcome.folder)}, now version ${outcome.version} ` +
          `(Grafana 11 gives it back into a folder only), but did not move it to the General level: ${outcome.why}; ` +
          `move it there in Grafana, or run ${renderNextCommand(selection, 'apply')}`,
        error: true,
      };
    case 'trash-general-folder-gone':
      return { text: `error: cannot restore ${outcome.uid} into the General level: ${TRASH_GENERAL_FOLDER_GONE}`, error: true };
    case 'trash-folder-gone':
      return { text: `error: cannot restore ${outcome.uid}: ${describeTrashFolderGone(outcome.source, shownPath(outcome.backupDir, cwd))}`, error: true };
    case 'restored-from-backup': {
      const from = `restored ${outcome.uid}${titled(outcome.title)} from ${shownPath(outcome.backup, cwd)}${ofOtherEnvironment(outcome.otherEnvironment)}`;
      const landed = `${outcome.answerLost ? ANSWER_LOST[outcome.answerLost] : ''}${outcome.readBackCut ? `; ${READ_BACK_CUT}` : ''}${outcome.libraryPanelsMissing ? `; ${describeMissingPanels(outcome.libraryPanelsMissing)}` : ''}`;
      const dropped = outcome.metadataDropped ? describeMetadataDropped(outcome.metadataDropped) : '';
      const passedOver = `${landed}${outcome.editedSinceBackup ? EDITED_BACKUP : ''}${dropped}${outcome.trashPassedOver ? describePassedOverTrash(outcome.uid) : ''}`;
      if (outcome.folderRecreated) return { text: `${from} into ${describeRecreation(outcome.folderRecreated)}, now version ${outcome.version}${passedOver}`, error: false };
      const into = destination(outcome.folder, null);
      // Without the folders above it, creating the folder again could put it in the wrong place: General is where it went before.
      const why = outcome.folderMissing
        ? ` (${unplaceable(outcome.folderMissing)}, and the backup records no folders above it to create it again under: it was written before dashsync recorded them, or they could not be read then)`
        : '';
      return { text: `${from} into ${into}, now version ${outcome.version}${why}${passedOver}`, error: false };
    }
    case 'trash-not-read':
      return { text: `error: cannot restore ${outcome.uid}: ${describeBackupOverUnreadTrash(outcome.uid, shownPath(outcome.backup, cwd), outcome.release, selection, { into: outcome.into, backupSource })}`, error: true };
    case 'trash-newer':
      return { text: `error: cannot restore ${outcome.uid}: ${describeBackupOverNewerTrash(outcome.uid, shownPath(outcome.backup, cwd), outcome, selection, outcome.into)}`, error: true };
    case 'trash-hidden':
      return { text: `error: cannot restore ${outcome.uid}: ${describeBackupOverHiddenTrash(outcome.uid, shownPath(outcome.backup, cwd), outcome, selection, outcome.into)}`, error: true };
    case 'trash-keeps-uid':
      return { text: `error: cannot restore ${outcome.uid}: ${describeBackupOverKeptUid(outcome.uid, shownPath(outcome.backup, cwd), selection, outcome.into)}`, error: true };
    case 'unwritable': {
      const backup = `its backup ${shownPath(outcome.backup, cwd)}`;
      return {
        text: outcome.needsApis
          ? `error: cannot restore ${outcome.uid}: ${backup} is a v2 dashboard (${outcome.apiVersion}), which only Grafana's /apis can write, and this run uses /api only (api "legacy"): run restore with --api auto or k8s`
          : `error: cannot restore ${outcome.uid}: ${backup} holds ${outcome.apiVersion}, which this run cannot write: ${outcome.reason}`,
        error: true,
      };
    }
    case 'exists':
      return { text: describeHeld(outcome.uid, outcome.version), error: false };
    case 'held-by-another':
      return { text: describeOtherHolder(outcome, cwd, selection), error: true };
    case 'taken': {
      const holder = `${outcome.holder.title === null ? 'a dashboard' : `dashboard ${quoteText(outcome.holder.title)}`}, version ${outcome.holder.version}`;
      return {
        text:
          `error: cannot restore ${outcome.uid}: "Recently deleted" gave nothing of it back, and ${outcome.uid} is now ${holder}, ` +
          `which this restore did not put there (someone else restored or created it); it was left as it is${describeCleanup(outcome.cleanup)}. Look at it in Grafana before restoring again`,
        error: true,
      };
    }
    case 'refused':
      return { text: `error: cannot restore ${outcome.uid}: ${outcome.message}${describeCleanup(outcome.cleanup)}`, error: true };
    case 'not-found':
      return {
        text:
          `error: cannot restore ${outcome.uid}: ${describeTrash(outcome.trash)}, and there is no backup of it from ${outcome.source} in ${shownPath(outcome.backupDir, cwd)}` +
          (outcome.trash.kind === 'no-entry' ? describeTrashSight(outcome.trash.seen) : '') +
          describeElsewhere(outcome.uid, outcome.elsewhere, outcome.source, cwd, selection),
        error: true,
      };
  }
}

export function renderLibraryPanelRestore(outcome: LibraryPanelRestoreOutcome, cwd: string, selection?: RunSelection): RestoreLine {
  switch (outcome.kind) {
    case 'restored': {
      const into = outcome.folderRecreated ? describeRecreation(outcome.folderRecreated) : destination(outcome.folder, outcome.folderMissing);
      return {
        text: `restored library panel ${outcome.uid} ${quoteText(outcome.name)} from ${shownPath(outcome.backup, cwd)}${ofOtherEnvironment(outcome.otherEnvironment)} into ${into}, now version ${outcome.version}${describeHandoverName(outcome.handover)}${outcome.answerCutOff ? PANEL_ANSWER_CUT_OFF : ''}`,
        error: false,
      };
    }
    case 'exists':
      return {
        text:
          outcome.elementKind === 1
            ? describeHeld(`library panel ${outcome.uid}`, outcome.version)
            : `error: cannot restore library panel ${outcome.uid}: Grafana holds a library variable with that uid (version ${outcome.version}); nothing to restore`,
        error: outcome.elementKind !== 1,
      };
    case 'refused':
      return { text: `error: cannot restore library panel ${outcome.uid}: ${outcome.message}${describeCleanup(outcome.cleanup)}`, error: true };
    case 'name-taken': {
      const folder = outcome.folderUid === null ? 'the General level' : `folder ${quoteText(outcome.folderTitle)} (${outcome.folderUid})`;
      return {
        text:
          `error: cannot restore library panel ${outcome.uid}: library panel ${outcome.holder} is named ${quoteText(outcome.name)} in ${folder}, and Grafana allows a name once per folder; rename or move ${outcome.holder}, then run restore again` +
          (outcome.handoverName === undefined
            ? ''
            : ` (${quoteText(outcome.name)} is its name before a handover; its newest backup holds the handover's temporary name ${quoteText(outcome.handoverName)}, which restore does not give it)`),
        error: true,
      };
    }
    case 'not-found':
      return {
        text:
          `error: cannot restore library panel ${outcome.uid}: there is no backup of it from ${outcome.source} in ${shownPath(outcome.backupDir, cwd)} ` +
          `(Grafana keeps no deleted library panels)${describeElsewhere(outcome.uid, outcome.elsewhere, outcome.source, cwd, selection)}`,
        error: true,
      };
  }
}

/**
 * A uid Grafana holds: nothing to restore, and not a failure, as `restore --all` leaves such a uid as it is (exit 0): the
 * state a restore is run for holds already, so running the same restore again after an interrupted one passes.
 */
function describeHeld(what: string, version: number): string {
  return `nothing to restore for ${what}: Grafana holds it (version ${version}), left as it is`;
}

/**
 * Another dashboard holds the uid: made after the backup's delete, it is not the backed-up one, which is not back. Restore
 * never overwrites it; the backup can come back beside it under another uid. Where Grafana trimmed its history below version 1
 * (`historyFrom`), whether it is another one is not known: the line says what is, and how to compare the two.
 */
function describeOtherHolder(outcome: Extract<RestoreOutcome, { kind: 'held-by-another' }>, cwd: string, selection: RunSelection | undefined): string {
  const { holder } = outcome;
  const saved = `version ${holder.version}, saved${holder.savedBy === '' ? '' : ` by ${holder.savedBy}`} at ${holder.savedAt}, after this backup's delete at ${outcome.deletedAt}`;
  const held = `${holder.title === null ? 'a dashboard without a title' : quoteText(holder.title)} (${saved})`;
  const backedUp = outcome.backupTitle === null ? 'the backed-up dashboard' : `the backed-up dashboard ${quoteText(outcome.backupTitle)}`;
  const beside = describeBesideIt(shownPath(outcome.backup, cwd), selection);
  if (holder.historyFrom !== undefined) {
    return (
      `error: cannot restore ${outcome.uid}: Grafana holds a dashboard under this uid that dashsync cannot tell from the backed-up one, ${held}: ` +
      `it has neither the backup's id, title nor content, and the oldest version of it dashsync could read is ${holder.historyFrom} (Grafana keeps only the newest: [dashboards] versions_to_keep), ` +
      `so whether it is ${backedUp} restored and edited since, or another dashboard made under the uid, is not known; nothing was written (restore never overwrites). ` +
      `Compare the two before deciding: the backup is ${shownPath(outcome.backup, cwd)}; ${beside}`
    );
  }
  return (
    `error: cannot restore ${outcome.uid}: Grafana holds another dashboard under this uid, ${held}; ${backedUp} was not restored, and that one was left as it is (restore never overwrites). ` +
    capitalize(beside)
  );
}

/**
 * How the backup comes back beside the dashboard that holds its uid: its directory moved out of the backups (while it is
 * there, every `restore --all` fails on the uid), the file given a new uid, and restored from there.
 */
function describeBesideIt(backup: string, selection: RunSelection | undefined): string {
  const slash = backup.lastIndexOf('/');
  const [dir, file] = slash === -1 ? ['.', backup] : [backup.slice(0, slash), backup.slice(slash + 1)];
  return (
    `to bring the backup back beside it, move ${dir} out of the backup directory (while it is there, every restore --all fails on this uid; ` +
    `move it even to keep only the dashboard Grafana holds), set the "uid" (top level, and in "dashboard") of its ${file} to a new uid, ` +
    `and run ${renderNextCommand(selection, 'restore <new-uid> --from-backup <moved file>')}`
  );
}

/** The file pull would write for a restored uid, as the user's shell reaches it, and why this run's selection leaves it out (`is not in …`). */
export interface PullSkip {
  file: string;
  why: string;
}

/** The file git last held a restored uid in (findRemovedTreeFiles), its path as the user's shell reaches it. */
export interface RemovedFileShown {
  path: string;
  removal: FileRemoval;
  /**
   * The `_folder.json` of the folder the dashboard was restored into, and those of the folders above it, which the commit before
   * the removal held and the tree lacks (findRemovedFolderFiles), the dashboard's own folder first, as the user's shell reaches them.
   */
  folderFiles?: string[];
}

/**
 * After a restore of a uid that no file of the tree holds: plain text, not yet escaped. Restored into a folder no directory
 * of the tree holds (`foreignFolder`), pull would write it with a `_folder.json` that makes the tree manage that folder, and
 * a prune of folders would then delete the dashboards there that no file holds: the line says so. Where the file the uid was
 * in was removed (`removed`: by a commit, or not committed yet), the line names the git command that brings that file back as it was.
 */
export function renderNoFileInTree(uid: string, foreignFolder?: string, removed?: RemovedFileShown, selection?: RunSelection, leftTo?: readonly string[], pullSkips?: PullSkip, prunedBy?: PrunedBy): string {
  const pull = renderNextCommand(selection, `pull ${uid}`);
  const again = prunedBy !== undefined ? describePrunedAgain(prunedBy, selection) : leftTo === undefined ? 'a prune that covers it deletes it again' : describeLeftUnpruned(leftTo);
  if (foreignFolder === undefined && removed !== undefined) {
    const path = shellWord(removed.path);
    if (removed.folderFiles !== undefined && removed.folderFiles.length > 0 && removed.removal.kind === 'commit') {
      const commit = removed.removal.commit.slice(0, 12);
      const specs = [removed.path, ...removed.folderFiles].map(pathspecWord).join(' ');
      const [own, ...above] = removed.folderFiles.map(shellWord);
      const folders = above.length === 0 ? `its folder's ${own}` : `its folder's ${own} and those of the folders above it (${above.join(', ')})`;
      return (
        `${uid} has no file in the tree: ${again}; commit ${commit} removed its file ${path} and ${folders}: ` +
        `git checkout ${commit}^ -- ${specs} brings them back as committed (or run ${pull} to write it as Grafana has it)`
      );
    }
    const { removed: gone, command, as } = describeWayBack(removed.removal, path, pathspecWord(removed.path));
    return `${uid} has no file in the tree: ${again}; ${gone}: ${command} brings it back as ${as} (or run ${pull} to write it as Grafana has it)`;
  }
  if (foreignFolder === undefined && pullSkips !== undefined) {
    return `${uid} has no file in the tree: ${again}; its file would be ${pullSkips.file}, which ${pullSkips.why}, so ${pull} skips it: to write it, make that list select ${pullSkips.file}, then run ${pull}`;
  }
  if (foreignFolder === undefined) return `${uid} has no file in the tree: ${again}; run ${pull} to write it`;
  return (
    `${uid} has no file in the tree, and folder ${foreignFolder}, where it now is, is not one of the tree's: a prune of the whole org (--prune all) deletes it again. ` +
    `${pull} would write it with a _folder.json that makes this tree manage folder ${foreignFolder}, and a prune of folders would then delete every dashboard there that no file holds; ` +
    `to keep it in this tree, pull it, move its file into one of the tree's directories and delete that _folder.json before you apply`
  );
}

/**
 * `environment production's next apply deletes it again unless a file of the tree holds it by then (dashsync plan --env
 * production shows the delete)`: its prune, not this run's, takes the restored dashboard (docs/environments.md).
 */
function describePrunedAgain(prunedBy: PrunedBy, selection: RunSelection | undefined): string {
  const { environment } = prunedBy;
  const plan = renderNextCommand(otherEnvironmentSelection(selection, prunedBy), ['plan']);
  return `environment ${environment}'s next apply deletes it again, as its prune covers it, unless a file of the tree holds it by then (${plan} shows the delete)`;
}

/** `no plan deletes it while environment stage, which deploys its folder, keeps its prune off` (docs/environments.md). */
function describeLeftUnpruned(environments: readonly string[]): string {
  const one = environments.length === 1;
  return `no plan deletes it while environment${one ? '' : 's'} ${environments.join(', ')}, which deploy${one ? 's' : ''} its folder, keep${one ? 's its' : ' their'} prune off`;
}

/** ` (environment y's backup)`: restore took it from another environment's directory, whose prune deleted the uid. */
function ofOtherEnvironment(other: OtherEnvironmentBackups | undefined): string {
  return other === undefined ? '' : ` (environment ${other.environment}'s backup: its prune deleted it)`;
}

/**
 * `; found 2 backups of X from another Grafana or org: URL org 1 (newest deleted …); restore takes only …` naming each
 * source once (its scheme, host and port only, as read-newest-backup-file hands it on), and the newest file to name with --from-backup.
 */
function describeElsewhere(uid: string, elsewhere: readonly BackupFromElsewhere[], source: string, cwd: string, selection: RunSelection | undefined): string {
  if (elsewhere.length === 0) return '';
  const sources = new Map<string, { count: number; newest: string }>();
  for (const backup of elsewhere) {
    const name = describeBackupSource(backup.source);
    const seen = sources.get(name);
    if (seen) seen.count += 1;
    else sources.set(name, { count: 1, newest: backup.deletedAt });
  }
  const named = [...sources].map(([name, { count, newest }]) => `${name} (${count === 1 ? 'deleted' : `${count} backups, newest deleted`} ${newest})`);
  const newest = [...elsewhere].sort((a, b) => (a.deletedAt < b.deletedAt ? 1 : -1))[0]!;
  const fromBackup = renderNextCommand(selection, ['restore', uid, '--from-backup', shownPath(newest.path, cwd)]);
  const otherUrl = newest.source.origin !== 'a URL that cannot be read' && newest.sameOrg ? newest.source.origin : null;
  const found = `; found ${elsewhere.length === 1 ? 'a backup' : `${elsewhere.length} backups`} of it from another Grafana URL or org: ${named.join(', ')}; restore takes only backups from this Grafana and org`;
  // Another org of this very URL: --backup-source with it would take the same backups as now.
  if (newest.sameUrl) return `${found}: that is another org of this Grafana; to restore it into this org anyway, run ${fromBackup}`;
  if (otherUrl === null) return `${found}: if that is the same Grafana, or to restore it here anyway, run ${fromBackup}`;
  // --backup-source matches the URL as that run sent it: an origin followed by a path (`/…`) is not printed whole.
  const url = otherUrl.endsWith('/…') ? `<that URL as that run had it, ${otherUrl}>` : otherUrl;
  return `${found}: if that is this Grafana under another URL, run ${renderNextCommand(selection, `restore ${uid} --backup-source ${url}`)}; to restore it here anyway, run ${fromBackup}`;
}

/** The save's answer was lost and its resend refused as "exists": read back, Grafana holds the backup's dashboard. */
const ANSWER_LOST = {
  resent: "; Grafana's answer to the save was lost and the resend found the uid taken: read back, it holds the backup's dashboard (this run's save)",
  'cut-off': "; Grafana answered the save with success and its answer was cut off before its end: read back, it holds the backup's dashboard (this run's save)",
} as const;

const PANEL_ANSWER_CUT_OFF = "; Grafana answered the create with success and its answer was cut off before its end: read back, it holds the backup's panel (this run's create)";


/** What a library panel's restore did about a handover's temporary name in its backup (restore-library-panel). */
function describeHandoverName(handover: HandoverBackupName | undefined): string {
  if (handover === undefined) return '';
  if (handover.before !== null) return `; under its name before the handover (the backup, taken before its delete, holds ${quoteText(handover.backupName)})`;
  return `; under a handover's temporary name, as its backup holds it: no earlier backup of it holds its name before the handover (rename it in Grafana)`;
}

/** A restore through `/api` of a backup that holds labels or annotations: they are not on the dashboard (`/api` keeps none). */
function describeMetadataDropped(keys: readonly string[]): string {
  const named = keys.length > 5 ? `${keys.slice(0, 5).join(', ')}, …` : keys.join(', ');
  return `; its backup's labels and annotations (${named}) are not on it: api "legacy" saves through /api, which keeps none (a restore with --api auto keeps them; the backup still holds them)`;
}

const EDITED_BACKUP =
  "; the backup's dashboard is not the one dashsync backed up (edited since), so it went in as an ordinary save, not as dashsync's push: its file plans as an update";

/**
 * The backup made a new dashboard while Grafana's "Recently deleted" (which only /apis can ask) may hold the old one.
 * Only unified storage's "Recently deleted" is passed over here (12.0–12.3 through `/api`; from 12.4 restore refuses: trash-not-read),
 * which gives a dashboard back with its id but lists its history from the latest delete on: neither way brings the versions before the delete back.
 */
function describePassedOverTrash(uid: string): string {
  const may = `Grafana's "Recently deleted" is on, and if this Grafana 12 keeps its dashboards in unified storage (${LEGACY_STORAGE_12}, which deletes for good) it may have held ${uid} with it`;
  return (
    `; a new dashboard, without its old id: ${may}, ` +
    `which api "legacy" cannot take back (only /apis can); if it did, this save took its place there (Grafana lists that copy no more), ` +
    `with ${TRASH_KEEPS}; restore with --api auto or k8s to take a dashboard back with its id and those marks ` +
    `(its version history starts again either way, without the versions before the delete)`
  );
}

/**
 * What a dashboard in "Recently deleted" keeps that no backup holds (the trash entry is the stored object: src/sandbox/README.md
 * "What a dashsync backup keeps of ownership"): the mark of a tool that took it over after dashsync's push, which a backup
 * restore through any API puts back without (own-64).
 */
const TRASH_KEEPS =
  "its labels and annotations, a tool's mark among them (grafana.app/managedBy: Terraform, kubectl, a plugin that took it over after dashsync's push), which no backup holds";

/**
 * Why restore puts no backup back through `/api` on a Grafana whose "Recently deleted" it cannot read (trash-not-read), and
 * the two commands that go on: `--api auto` asks that trash first, `--from-backup` takes the backup over it knowingly. The
 * run's line and its dry run's say it alike (`backup` as shown). Both repeat the run's --folder (`into`); the first its
 * --backup-source (`backupSource`, as pastedUrlOf gives it), which finds that backup again (--from-backup names it).
 */
export function describeBackupOverUnreadTrash(
  uid: string,
  backup: string,
  release: Release,
  selection: RunSelection | undefined,
  run: { into?: RestoreFolder; backupSource?: string | PastedWord } = {},
): string {
  const folder = folderWords(run.into);
  const source = run.backupSource === undefined ? [] : ['--backup-source', run.backupSource];
  return (
    `${describeUnreadTrash(release)}, which may hold ${uid} as edited in Grafana after its backup ${backup} (then deleted there), ` +
    `with ${TRASH_KEEPS}; putting that backup back would take that copy's place for good; ${renderNextCommand({ ...selection, api: undefined }, ['restore', uid, '--api', 'auto', ...folder, ...source])} ` +
    `takes it back from "Recently deleted" if it is there, else puts the backup back; ${renderNextCommand(selection, ['restore', uid, '--from-backup', backup, ...folder])} puts the backup back anyway`
  );
}

/**
 * Why --from-backup leaves a uid whose "Recently deleted" copy was deleted after the backup was taken (trash-newer): both
 * dated, so they cannot read as one delete, and the two ways on.
 */
export function describeBackupOverNewerTrash(uid: string, backup: string, dates: { backupDeletedAt: string | null; entry: TrashEntry }, selection: RunSelection | undefined, into?: RestoreFolder): string {
  const folder = folderWords(into);
  const { entry } = dates;
  const when = `${entry.deletedAt === null ? ' (its list does not say when)' : ` at ${entry.deletedAt}`}${entry.deletedBy === '' ? '' : ` by ${quoteText(entry.deletedBy)}`}`;
  // Dated before the backup, within the margin newerTrashEntry allows for two clocks: said as such, not as "after".
  const earlier = entry.deletedAt !== null && dates.backupDeletedAt !== null && Date.parse(entry.deletedAt) < Math.floor(Date.parse(dates.backupDeletedAt) / 1000) * 1000;
  const after = earlier
    ? `an hour or less before that backup as Grafana's clock and this machine's date them, which may differ by that much, so it may have been deleted after it`
    : 'after that backup';
  return (
    `Grafana's "Recently deleted" holds ${uid} with other content than its backup ${backup} (taken when dashsync deleted it${dates.backupDeletedAt === null ? '' : `, ${dates.backupDeletedAt}`}), deleted${when}, ` +
    `${after}: it may hold ${uid} as edited in Grafana since, with ${TRASH_KEEPS}; putting the backup back would take that copy's place for good; ` +
    `${renderNextCommand(selection, ['restore', uid, ...folder])} takes it back from "Recently deleted"; ${renderNextCommand(selection, ['restore', uid, '--from-backup', backup, ...folder, '--over-recently-deleted'])} puts the backup back anyway`
  );
}

/**
 * Why a backup is not put back where "Recently deleted" shows these credentials only their own entries, or could not be
 * listed at all (trash-hidden): a copy someone else deleted after the backup, edited in Grafana since, may wait there
 * unseen. The command that puts it back anyway names the backup examined and the run's --folder (`into`), so pasted it
 * puts back that backup where this run would have (review-68a L1).
 */
export function describeBackupOverHiddenTrash(uid: string, backup: string, hidden: TrashHiddenSeen, selection: RunSelection | undefined, into?: RestoreFolder): string {
  const folder = folderWords(into);
  const overTrash = renderNextCommand(selection, ['restore', uid, '--from-backup', backup, ...folder, '--over-recently-deleted']);
  if (hidden.seen === 'admin-only') {
    return (
      `Grafana 11's "Recently deleted" lists dashboards, and gives them back, to org Admins only, so whether it holds ${uid} cannot be told with these credentials; ` +
      `while it does, it keeps the uid taken, and Grafana refuses its backup ${backup}; run restore with an org Admin's credentials ` +
      `(the dashboard is then taken back from there with its id and version history, or the backup put back where it is not there), ` +
      `or ${overTrash} to try the backup all the same (refused while the dashboard is there)`
    );
  }
  const anyway = `${overTrash} to put the backup back anyway`;
  if (hidden.seen === 'unread') {
    return (
      `Grafana's "Recently deleted" could not be listed (${hidden.why}), so it may hold ${uid} as edited in Grafana after its backup ${backup} (then deleted there), ` +
      `with ${TRASH_KEEPS}; putting the backup back would take that copy's place for good; run restore again once the list can be read, or ${anyway}`
    );
  }
  const shown =
    hidden.seen === 'readable'
      ? 'shows these credentials only the dashboards they may read now (Grafana 12.0 deletes the permissions of a folder, and of a General-level dashboard, with it)'
      : hidden.seen === 'unknown'
        ? 'may show these credentials only the dashboards they deleted themselves or may set permissions on (their permissions could not be read)'
        : 'shows these credentials only the dashboards they deleted themselves or may set permissions on';
  const deleter = hidden.seen === 'readable' ? 'a copy deleted after its backup' : 'a copy someone else deleted after its backup';
  return (
    `Grafana's "Recently deleted" ${shown}, and none of ${uid}: ${deleter} ${backup}, ` +
    `edited in Grafana since, may wait there unseen, with ${TRASH_KEEPS}; putting the backup back would take that copy's place for good; ` +
    `run restore with an org Admin's credentials (they see every entry: the copy is then taken back, or the backup put back where there is none), or ${anyway}`
  );
}

/**
 * Why --from-backup's backup does not go in where Grafana 11's "Recently deleted" lists the uid (trash-keeps-uid): it keeps the
 * uid taken, and Grafana refuses the save while the entry is there. The run's line and its dry run's say it alike, with the
 * run's --folder (`into`) in both commands.
 */
export function describeBackupOverKeptUid(uid: string, backup: string, selection: RunSelection | undefined, into?: RestoreFolder): string {
  const folder = folderWords(into);
  return (
    `Grafana's "Recently deleted" holds ${uid}, and Grafana 11 keeps its uid taken there, so its backup ${backup} cannot go in while it is there (Grafana refuses the save); ` +
    `${renderNextCommand(selection, ['restore', uid, ...folder])} takes it back from there, with its id and version history; ` +
    `or delete it for good on Grafana's "Recently deleted" page, then run ${renderNextCommand(selection, ['restore', uid, '--from-backup', backup, ...folder])} again`
  );
}

/** `--folder F` (`general` for the General level) of a run that named one; none without --folder. */
function folderWords(into: RestoreFolder | undefined): string[] {
  return into === undefined ? [] : ['--folder', into === null ? 'general' : into.uid];
}

/**
 * Who removed the file, and the git command that gives it back without touching anything else: from the commit before the
 * deletion; from HEAD for a removal not committed (the staged one unstaged too); from the index where it holds other than
 * HEAD (staged edits, or a file never committed), which HEAD's text would overwrite.
 */
function describeWayBack(removal: FileRemoval, path: string, spec: string): { removed: string; command: string; as: string } {
  switch (removal.kind) {
    case 'commit': {
      const commit = removal.commit.slice(0, 12);
      return { removed: `commit ${commit} removed its file ${path}`, command: `git checkout ${commit}^ -- ${spec}`, as: 'committed' };
    }
    case 'staged':
      return { removed: `its file ${path} was removed with git rm, not committed`, command: `git restore --source=HEAD --staged --worktree -- ${spec}`, as: 'committed' };
    case 'unstaged':
      return removal.fromIndex
        ? { removed: `its file ${path} was deleted, not committed`, command: `git checkout -- ${spec}`, as: 'staged' }
        : { removed: `its file ${path} was deleted, not committed`, command: `git checkout HEAD -- ${spec}`, as: 'committed' };
  }
}

/** ` "Title"` after a restored uid; '' when it holds none (or it could not be read back). */
function titled(title: string | null): string {
  return title === null ? '' : ` ${quoteText(title)}`;
}

/**
 * ` into folder "T" (uid)`: where "Recently deleted" gave a dashboard back, as read back after it (its answer does not say),
 * else as --folder named it; '' when neither is known (the read back failed).
 */
function describeTrashPlace(outcome: Extract<RestoreOutcome, { kind: 'restored-from-trash' }>): string {
  if (outcome.folderRecreated) return ` into ${describeRecreation(outcome.folderRecreated)}`;
  if (outcome.moved !== undefined) return ' into its old folder (Grafana 11 gives it back into a folder only) and moved it to the General level';
  const folder = outcome.folder !== undefined ? outcome.folder : outcome.into;
  return folder === undefined ? '' : ` into ${chosenFolder(folder)}`;
}

function chosenFolder(into: RestoreFolder): string {
  return into === null ? 'the General level' : `folder ${quoted(into)}`;
}

function quoted(folder: FolderRef): string {
  return `${quoteText(folder.title)} (${folder.uid})`;
}

/** `folder "T" (uid) under "P" (p), which no longer existed and was created again from the backup (or the tree's `_folder.json`)[, as was …]`. */
function describeRecreation({ folder, parents, created, from }: FolderRecreation): string {
  const under = parents && parents.length > 0 ? ` under ${parents.map(quoted).join(' / ')}` : '';
  if (!created.some((ref) => ref.uid === folder.uid)) return `folder ${quoted(folder)}${under}`;
  const again = `folder ${quoted(folder)}${under}, which no longer existed and was created again from ${from ?? 'the backup'}`;
  if (parents === null) return `${again} at the top level (the backup records no folders above it: it was written before dashsync recorded them)`;
  const above = created.filter((ref) => ref.uid !== folder.uid);
  if (above.length === 0) return again;
  return `${again}, as ${above.length === 1 ? 'was' : 'were'} ${above.map(quoted).join(', ')}`;
}

/** `; the folders this restore created for it were deleted again, …` (nothing when it created none). */
function describeCleanup(cleanup: FolderCleanup | null): string {
  if (cleanup === null) return '';
  const parts = [];
  if (cleanup.removed.length > 0) {
    parts.push(`deleted again the ${cleanup.removed.length === 1 ? 'folder' : 'folders'} this restore had created for it, still empty: ${cleanup.removed.map(quoted).join(', ')}`);
  }
  for (const { folder, why } of cleanup.kept) parts.push(`kept folder ${quoted(folder)}, which this restore had created for it (${why})`);
  return parts.length > 0 ? `; ${parts.join('; ')}` : '';
}

function describeTrash(trash: TrashVerdict): string {
  switch (trash.kind) {
    case 'off': {
      const toggle = trash.toggle ?? 'dashboardRestore in Grafana 11, restoreDashboards from 12';
      return `"Recently deleted" is switched off in this Grafana (feature toggle ${toggle})`;
    }
    case 'no-entry': {
      if (trash.legacyStorage) {
        return LEGACY_STORAGE_KEEPS_NO_TRASH;
      }
      const none = describeNoTrashEntry(trash.seen);
      if (trash.pageOff) {
        return (
          `${none} (its page is switched off in this Grafana, feature toggle restoreDashboards, which hides only the page: ` +
          'unified storage keeps deleted dashboards there all the same, legacy SQL storage deletes them for good)'
        );
      }
      return trash.known ? none : `${none} (if it is on here: this Grafana's settings could not be read)`;
    }
    case 'denied':
      return 'these credentials may not take dashboards back from Grafana\'s "Recently deleted" (HTTP 403; in Grafana 11 it is for org Admins)';
    case 'other-api':
      if (trash.storageUnseen && trash.pageOff) {
        return (
          'this Grafana 12 keeps deleted dashboards in "Recently deleted" (its page is switched off here, which hides only the page) only on unified storage, ' +
          'which /api does not show (' + LEGACY_STORAGE_12 + ', which deletes for good), and takes them back through /apis only: run restore with --api auto to ask it'
        );
      }
      return trash.storageUnseen
        ? '"Recently deleted" is on in this Grafana 12, but holds deleted dashboards only on unified storage, which /api does not show ' +
            '(' + LEGACY_STORAGE_12 + ', which deletes for good), and takes them back through /apis only: run restore with --api auto to ask it'
        : 'this Grafana keeps deleted dashboards in "Recently deleted", but takes them back through /apis only: run restore with --api auto';
    case 'cannot-ask':
      return 'Grafana 12 and later take dashboards back from "Recently deleted" through /apis only (run restore with --api auto), and this Grafana\'s settings could not be read';
  }
}

function destination(folder: FolderRef | null, folderMissing: string | null): string {
  const where = chosenFolder(folder);
  return folderMissing ? `${where} (${unplaceable(folderMissing)})` : where;
}

/**
 * A backup's folder restore did not read (readsAsPresent): a 404, or a 403, which Grafana also answers a
 * non-Admin for a folder that exists but is hidden from it, so "gone" could be false.
 */
function unplaceable(folder: string): string {
  return `its folder ${folder} was not found or is not readable with these credentials`;
}

/** Why restore (and its dry run) leaves a dashboard in "Recently deleted" whose folder is gone (whenTrashFolderGone: `folder-gone`); `backupDir` as shown. */
export function describeTrashFolderGone(source: string, backupDir: string): string {
  return (
    `Grafana's "Recently deleted" holds it, but the folder it was deleted from no longer exists, ` +
    `and no backup of it from ${source} in ${backupDir} names that folder; ` +
    `run restore with --folder <uid of an existing folder>, or take it back on Grafana's "Recently deleted" page, choosing a folder`
  );
}

/** Why `--folder general` on Grafana 11 leaves a dashboard in "Recently deleted" whose old folder is gone (`general-folder-gone`). */
export const TRASH_GENERAL_FOLDER_GONE =
  'Grafana 11 gives a dashboard back from "Recently deleted" only into a folder, ' +
  'and the folder it was deleted from no longer exists; run restore with --folder <uid of an existing folder>, then move it';

/** The backup's path relative to the working directory when it lies below it. */
function shownPath(path: string, cwd: string): string {
  const shown = relative(cwd, path);
  return shown.startsWith('..') || isAbsolute(shown) ? path : shown.split('\\').join('/');
}
