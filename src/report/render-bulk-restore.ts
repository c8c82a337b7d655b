import type { TreeFolder } from '../files/find-tree-folder.js';
import { backedUpKey, noBackupRead, noneFromSource, type BackedUpSelection, type BackedUpUid } from '../apply/list-backed-up-uids.js';
import type { PreviewedSource, UidPreview } from '../apply/preview-restore-source.js';
import { shorten } from './shorten-path.js';
import { renderNextCommand, type PastedWord, type RunSelection } from './next-command.js';
import { describeBackupOverHiddenTrash, describeBackupOverKeptUid, describeBackupOverNewerTrash, describeBackupOverUnreadTrash, describeTrashFolderGone, TRASH_GENERAL_FOLDER_GONE } from './render-restore-line.js';
import { describeUnreadTrash } from '../plan/describe-trash-not-read.js';
import type { Release } from '../grafana/parse-release.js';
import type { TrashEntry } from '../grafana/port.js';
import type { RestoreFolder } from '../apply/restore-from-trash.js';
import { quoteText } from './escape-untrusted.js';
import { describeNoTrashEntry, describeTrashSight, LEGACY_STORAGE_KEEPS_NO_TRASH } from './describe-trash-sight.js';
import { plural } from '../plural.js';
import type { TreeDashboardInTrash } from '../files/find-tree-dashboards-in-trash.js';
import { describeTrashListFailed } from './describe-trash-list-failed.js';

/** Names shown by the note of the tree's dashboards in "Recently deleted"; the command names them all. */
const TRASH_NOTE_NAMES = 10;

/**
 * The note of the tree's dashboards that Grafana's "Recently deleted" holds and `restore --all` does not take (no backup of
 * dashsync's names them: they were deleted in Grafana), with the command that brings them back. Pure; null for none.
 */
export function renderTreeDashboardsInTrash(found: readonly TreeDashboardInTrash[], selection: RunSelection | undefined): string | null {
  if (found.length === 0) return null;
  const shown = found.slice(0, TRASH_NOTE_NAMES).map((entry) => `${entry.uid} (${entry.file})`);
  const more = found.length > TRASH_NOTE_NAMES ? ` and ${found.length - TRASH_NOTE_NAMES} more` : '';
  const [they, them] = found.length === 1 ? ['it was', 'it'] : ['they were', 'them'];
  return (
    `note: ${plural(found.length, 'dashboard')} of the tree ${found.length === 1 ? 'is' : 'are'} in Grafana's "Recently deleted", which --all does not take (${they} deleted in Grafana, ` +
    `so no backup of dashsync's holds ${them}): ${shown.join(', ')}${more}; ${renderNextCommand(selection, ['restore', ...found.map((entry) => entry.uid)])} brings ${them} back as ${found.length === 1 ? 'it was' : 'they were'} deleted, with ${found.length === 1 ? 'its id' : 'their ids'}`
  );
}

/**
 * What `restore --all` found, before anything is written (plain text, not yet escaped; stdout): the count to restore by kind,
 * what was passed over and why (a dry run's lines per uid follow: renderUidPreview). Pure.
 */
export function renderBulkSelection(
  selection: BackedUpSelection,
  /** `subdirectories`: the directories the backup directory holds that are no uid's backups (read only when it held no backup). */
  context: {
    source: string;
    backupDir: string;
    since: string | null;
    otherEnvironments?: readonly OtherEnvironmentUids[];
    subdirectories?: readonly string[];
    /** The uids the run would refuse, by backedUpKey: a dry run's, and the run's own trash-not-read refusals. */
    refused?: ReadonlySet<string>;
    /**
     * The config's other environments by the source their backups name (describeBackupSource of their url and orgId), and this
     * run's selection: a note names the command. `backupDirRead`: the directory this run read, as shown; `defaultBackupDirs`:
     * each environment's default one, as shown (the command names the directory read where it is not that default).
     */
    otherEnvironmentSources?: OtherEnvironmentSources;
    /**
     * The config's backupDir does not exist on this machine (a fresh clone, a CI runner): the run restores nothing, and
     * fails. Where the config file sets it: `"backupDir" in dashsync.config.json:4:3`.
     */
    configDirMissing?: string;
    /**
     * The command that restores from a downloaded backups artifact (`restore --all --backup-dir DIR`), where the run read its
     * default directory: the prunes CI applied kept their backups on its runner, which the job uploads (walk-69 L3).
     */
    fromArtifact?: string;
  },
): string[] {
  // The uids the run would refuse (a dry run's renderUidPreview, or the run's own lines, say why below) are not counted as ones to restore.
  const refused = context.refused ?? new Set<string>();
  const absent = selection.absent.filter((entry) => !refused.has(backedUpKey(entry)));
  const panels = absent.filter((entry) => entry.kind === 'library-panel').length;
  const dashboards = absent.length - panels;
  const kinds = [dashboards ? plural(dashboards, 'dashboard') : '', panels ? plural(panels, 'library panel') : ''].filter(Boolean).join(', ');
  const from = `the backups from ${context.source} in ${context.backupDir}/${context.since === null ? '' : ` taken at or after ${context.since}`}`;
  const passed = [
    selection.present ? `${selection.present} Grafana holds now, left as they are` : '',
    selection.older ? `${selection.older} backed up before ${context.since}, passed over` : '',
  ].filter(Boolean);
  const rest = passed.length ? `; ${passed.join('; ')}` : '';
  const elsewhere = [...selection.elsewhere.values()].reduce((sum, n) => sum + n, 0);
  const lines = [
    context.configDirMissing !== undefined
      ? `restore --all: no backup to restore: ${context.backupDir}/ (${context.configDirMissing}) does not exist on this machine (no apply has backed up a delete here)`
      : noneFromSource(selection)
      ? `restore --all: no backup in ${context.backupDir}/ is from ${context.source} (${plural(elsewhere, 'uid')} ${elsewhere === 1 ? 'is' : 'are'} from another URL or org: see the note)`
      : noBackupRead(selection)
        ? `restore --all: nothing to restore: no backup from ${context.source} in ${context.backupDir}/${describeSubdirectories(context.backupDir, context.subdirectories ?? [])}`
      : selection.absent.length === 0
        ? `restore --all: nothing to restore: no uid in ${from} is absent in Grafana${rest}`
        : absent.length === 0
        ? `restore --all: nothing the run would restore from ${from}: ${plural(refused.size, 'uid')} absent in Grafana now, which it would not restore (below)${rest}`
        : `restore --all: ${absent.length} to restore${kinds === '' ? '' : ` (${kinds})`} from ${from}, ${describeHeldByAnother(absent)}${refused.size === 0 ? '' : `; ${refused.size} more the run would not restore (below)`}${rest}`,
  ];
  if (context.fromArtifact !== undefined && (context.configDirMissing !== undefined || noBackupRead(selection))) {
    lines.push(`note: a prune applied in CI keeps its backups in the apply job's artifact (dashsync-backups-…): download it, then run ${context.fromArtifact} with DIR the directory it was unpacked into`);
  }
  if (elsewhere > 0) {
    const count = elsewhere;
    const sources = [...selection.elsewhere].map(([name, n]) => `${name} (${n})`).join(', ');
    // --backup-source with this run's own URL would take the same backups: advised only for another URL.
    const otherUrls = selection.elsewhere.size > selection.otherOrgsHere.size;
    const generic = otherUrls
      ? `if that is this Grafana under another name, run restore --all --backup-source <that URL>`
      : `${selection.otherOrgsHere.size === 1 ? 'that is another org' : 'those are other orgs'} of this Grafana; to restore one into this org anyway, run restore <uid> --from-backup FILE`;
    const ofEnvironments = describeOtherEnvironmentSources([...selection.elsewhere.keys()], context.otherEnvironmentSources);
    const advice = ofEnvironments.length === selection.elsewhere.size ? ofEnvironments.join('; ') : [generic, ...ofEnvironments].join('; ');
    lines.push(
      `note: ${plural(count, 'uid')} in ${context.backupDir}/ ${count === 1 ? 'has' : 'have'} backups only from another Grafana URL or org: ${sources}; ` +
        `--all takes only ${context.source}'s: ${advice}`,
    );
  }
  for (const other of context.otherEnvironments ?? []) lines.push(renderOtherEnvironmentNote(other));
  for (const held of selection.unreadableHeld) lines.push(`warning: ${describeUnreadableHeld(held.flaw, held.kind === 'library-panel' ? `library panel ${held.uid}` : held.uid)}`);
  return lines;
}

/**
 * A uid Grafana holds whose newest backup cannot be read (`flaw`): nothing to restore, so no failure; but should it go
 * without a prune's backup (deleted in Grafana's UI), its restore would stop on that file.
 */
function describeUnreadableHeld(flaw: string, what: string): string {
  return `${flaw}: the newest backup of ${what}, which Grafana holds now (nothing to restore); fix it or move it away, or a restore of ${what} after a delete that writes no backup (in Grafana's UI, say) stops on it`;
}

/**
 * `http://grafana:3000 org 2 is environment prod's: dashsync restore --env prod --all` for each source the config names as exactly one other
 * environment's url and org (audit-ux-19 F-10: a backup directory of another environment, which --backup-source would not mend).
 */
function describeOtherEnvironmentSources(sources: readonly string[], known: OtherEnvironmentSources | undefined): string[] {
  if (known === undefined) return [];
  const { urlFlag: _url, urlWord: _urlWord, orgIdFlag: _org, ...selection } = known.selection;
  return sources.flatMap((source) => {
    const names = known.environments.get(source);
    if (names?.length !== 1) return [];
    const environment = names[0]!;
    // The backups are in the directory this run read: `--env` alone would read that environment's own (review-52 F5).
    const backupDir = known.backupDirRead === known.defaultBackupDirs.get(environment) ? selection.backupDir : known.backupDirRead;
    return [`${source} is environment ${environment}'s: ${renderNextCommand({ ...selection, environment, ...(backupDir !== undefined && { backupDir }) }, 'restore --all')}`];
  });
}

interface OtherEnvironmentSources {
  environments: ReadonlyMap<string, readonly string[]>;
  selection: RunSelection;
  backupDirRead: string;
  defaultBackupDirs: ReadonlyMap<string, string>;
}

/** What a backup directory that held no backup holds instead: directories one level up from the backups (an uploaded `.dashsync/backups/` holds one per environment). */
function describeSubdirectories(backupDir: string, names: readonly string[]): string {
  if (names.length === 0) return '';
  const shown = names.slice(0, 5).map((name) => `${name}/`).join(', ') + (names.length > 5 ? `, … (${names.length})` : '');
  return ` (it holds ${shown} and no backup of its own: name the directory that holds the backups, e.g. --backup-dir ${backupDir}/${names[0]})`;
}

/**
 * A dry run's line for one uid it would restore, as the operator reviews it: title and the folder it goes back to (the
 * backup holds both), and where it would come from (`from`: "Recently deleted", or which backup; `cwd` shortens its path);
 * a library panel whose name another one holds in that folder now is one the run would refuse. Pure.
 */
function renderWouldRestore(entry: BackedUpSelection['absent'][number], from: PreviewedSource | null = null, cwd?: string, chosen?: RestoreFolder): string {
  const what = entry.kind === 'library-panel' ? `library panel ${entry.uid}` : entry.uid;
  const source = describePreviewedSource(from, cwd);
  if (entry.unreadable !== undefined) {
    // "Recently deleted" comes first and the run never reads the backup: the broken file is named, and refuses nothing.
    if (from?.kind !== 'recently-deleted') return `would not restore ${what}: ${entry.unreadable}`;
    return `would restore ${what}${describeChosenFolder(chosen)}${source}; its newest local backup, which this run does not read, is broken: ${entry.unreadable}`;
  }
  if (entry.deletedAt === null || entry.folder === null) return `would restore ${what}${describeChosenFolder(chosen)}${source} (its backup cannot be read: restore says why)`;
  const folder = entry.folder.uid === null ? 'the General level' : `folder ${quoteText(entry.folder.title)} (${entry.folder.uid})`;
  const into = chosen === undefined ? describePreviewedFolder(folder, entry.folderGone) : describeFolder(chosen);
  const named = entry.title === null ? '' : ` ${quoteText(entry.title)}`;
  const holder = entry.heldByAnother;
  if (holder !== undefined) {
    const held = `${holder.title === null ? 'a dashboard without a title' : quoteText(holder.title)} (version ${holder.version}, saved at ${holder.savedAt}, after this delete)`;
    const which =
      holder.historyFrom === undefined
        ? `another dashboard under this uid, ${held}`
        : `a dashboard under this uid that dashsync cannot tell from the backed-up one, ${held} (the oldest version of it dashsync could read is ${holder.historyFrom})`;
    return `would not restore ${what}${named} (backed up ${entry.deletedAt}): Grafana holds ${which}; the run would fail on it and leave that one as it is (restore never overwrites)`;
  }
  if (entry.nameTakenBy !== undefined) {
    // Judged where the run would put it: --folder's folder, else the backup's.
    const where = chosen === undefined ? folder : describeFolder(chosen);
    return (
      `would not restore ${what}${named} (backed up ${entry.deletedAt}): library panel ${entry.nameTakenBy} is named ${quoteText(entry.title ?? "")} in ${where}, ` +
      `and Grafana allows a name once per folder; rename or move ${entry.nameTakenBy} first, or the restore is refused`
    );
  }
  const leftOut = entry.libraryPanelsLeftOut ?? [];
  const one = leftOut.length === 1;
  const broken =
    leftOut.length === 0
      ? ''
      : `; its library panel${one ? '' : 's'} ${leftOut.join(', ')} ${one ? 'is' : 'are'} not in Grafana and this run would not bring ${one ? 'it' : 'them'} back: ` +
        `Grafana saves the dashboard, and ${one ? 'that panel shows' : 'those panels show'} an error`;
  const backupDelete = describeBackupDelete(entry.deletedAt, from);
  return backupDelete.startsWith(' (')
    ? `would restore ${what}${named} into ${into}${backupDelete}${source}${broken}`
    : `would restore ${what}${named} into ${into}${source}${backupDelete}${broken}`;
}

/** `deleted <time> by "<login>"; ` of a "Recently deleted" entry, as far as its list says; '' where it says nothing. */
function describeTrashDelete(deleted: TrashEntry | undefined): string {
  if (deleted === undefined || (deleted.deletedAt === null && deleted.deletedBy === '')) return '';
  return `deleted${deleted.deletedAt === null ? '' : ` ${deleted.deletedAt}`}${deleted.deletedBy === '' ? '' : ` by ${quoteText(deleted.deletedBy)}`}; `;
}

/**
 * ` (backed up <time>)` of the backup, where the line's source is that backup or a "Recently deleted" entry its list does
 * not date; after a dated entry (describeTrashDelete), `; its newest backup: taken <time>`: both dates, so that a later
 * delete in Grafana cannot read as the one the backup was taken at. The time is the backup's, written just before its
 * delete was sent: a delete that then failed (and a re-run made later) must not read as done then (walk-68b L4).
 */
function describeBackupDelete(backedUpAt: string, from: PreviewedSource | null): string {
  const trashDated = from?.kind === 'recently-deleted' && from.deleted?.deletedAt != null;
  return trashDated ? `; its newest backup: taken ${backedUpAt}` : ` (backed up ${backedUpAt})`;
}

/** Where a dry run says the uid goes: its old folder, and what the run would do when that folder is gone (markGoneFolders). */
function describePreviewedFolder(folder: string, gone: BackedUpUid['folderGone']): string {
  if (gone === 'created-again') return `${folder}, which no longer exists and would be created again from the backup`;
  if (gone === 'general') return `the General level (its ${folder} no longer exists, and the backup records no folders above it to create it again under)`;
  return folder;
}

/** `folder "T" (uid) under "P" (p), which no longer exists and would be created again from <its _folder.json>` (with the folders above it where gone). */
function describeFolderFromTree({ folder, parents, file }: TreeFolder): string {
  const under = parents.length > 0 ? ` under ${parents.map((ref) => `${quoteText(ref.title)} (${ref.uid})`).join(' / ')}` : '';
  return `folder ${quoteText(folder.title)} (${folder.uid})${under}, which no longer exists and would be created again from ${file}`;
}

/** ` into folder "T" (uid)` (or the General level) where --folder puts every uid; '' without --folder. */
function describeChosenFolder(chosen: RestoreFolder | undefined): string {
  return chosen === undefined ? '' : ` into ${describeFolder(chosen)}`;
}

function describeFolder(folder: RestoreFolder): string {
  return folder === null ? 'the General level' : `folder ${quoteText(folder.title)} (${folder.uid})`;
}

/** ` from Grafana's "Recently deleted" …`, ` from <backup file> (environment y's backup)`; '' when not known. */
function describePreviewedSource(from: PreviewedSource | null, cwd: string | undefined): string {
  if (from === null) return '';
  if (from.kind === 'recently-deleted') {
    const untold = from.folderUntold
      ? `; if the folder it was deleted from is gone, the run refuses it, as no backup names that folder (Grafana 11's list does not say which folder that is)`
      : '';
    // Unified storage lists a name's history from its latest delete on: the versions before it are not listed again.
    const kept = from.historyRestarts ? 'with its id; its version history starts again, without the versions before the delete' : 'with its id and version history';
    return ` from Grafana's "Recently deleted" (${describeTrashDelete(from.deleted)}${kept}${untold})`;
  }
  const other = from.otherEnvironment === undefined ? '' : ` (environment ${from.otherEnvironment.environment}'s backup)`;
  const unread =
    from.trashUnread === undefined
      ? ''
      : ` (unless "Recently deleted" holds it: its list could not be read ${from.trashUnread === true ? 'with these credentials' : `(${from.trashUnread})`})`;
  return ` from ${shorten(from.path, cwd)}${other}${unread}`;
}

/**
 * Pure (review-69a L2): why a trash list was not read, as the run's refusal names it: `true`, a list these credentials may not read
 * (Grafana 11's answers org Admins only); a text, the failure of `/apis`' list.
 */
function describeTrashListUnread(unread: true | string): string {
  return unread === true ? 'could not be listed with these credentials' : `could not be listed (${unread})`;
}

/** `restore <uid…> --dry-run`'s line for one uid (previewRestores): what it would restore and from where, or why not. Pure. */
export function renderUidPreview(
  preview: UidPreview,
  /** `treeHeld`: the uids a file of the tree holds, whose line (describeTreeRecreates) follows the previews. */
  context: { source: string; backupDir: string; cwd?: string; selection?: RunSelection; into?: RestoreFolder; backupSource?: string | PastedWord; treeHeld?: ReadonlySet<string> },
): string {
  const what = preview.kind === 'library-panel' ? `library panel ${preview.uid}` : preview.uid;
  const noBackup = `no backup of it from ${context.source} in ${context.backupDir}/`;
  switch (preview.verdict) {
    case 'would':
      if (preview.from?.kind === 'backup' && preview.from.trashNewer !== undefined && preview.entry !== null) {
        const dates = { backupDeletedAt: preview.entry.deletedAt, entry: preview.from.trashNewer };
        return `would not restore ${what}: ${describeBackupOverNewerTrash(preview.uid, shorten(preview.from.path, context.cwd), dates, context.selection, context.into)}`;
      }
      if (preview.from?.kind === 'backup' && preview.from.trashKeepsUid === true) {
        return `would not restore ${what}: ${describeBackupOverKeptUid(preview.uid, shorten(preview.from.path, context.cwd), context.selection, context.into)}`;
      }
      if (preview.from?.kind === 'backup' && preview.from.trashHidden !== undefined) {
        return `would not restore ${what}: ${describeBackupOverHiddenTrash(preview.uid, shorten(preview.from.path, context.cwd), preview.from.trashHidden, context.selection, context.into)}`;
      }
      const listFailed = failedTrashList(preview);
      if (listFailed !== null) return `would not restore ${what}: ${describeTrashListFailed(preview.uid, listFailed)}`;
      const overTrash = refusedOverUnreadTrash(preview);
      if (overTrash !== null) {
        const run = { into: context.into, backupSource: context.backupSource };
        return `would not restore ${what}: ${describeBackupOverUnreadTrash(preview.uid, shorten(overTrash.backup, context.cwd), overTrash.release, context.selection, run)}`;
      }
      if (preview.folderFromTree !== undefined) return `would restore ${what} into ${describeFolderFromTree(preview.folderFromTree)}${describePreviewedSource(preview.from, context.cwd)}`;
      return preview.entry === null
        ? `would restore ${what}${describeChosenFolder(context.into)}${describePreviewedSource(preview.from, context.cwd)} (${noBackup})`
        : renderWouldRestore(preview.entry, preview.from, context.cwd, context.into);
    case 'trash-folder-gone':
      return `would not restore ${what}: ${describeTrashFolderGone(context.source, `${context.backupDir}/`)}`;
    case 'trash-general-folder-gone':
      return `would not restore ${what} into the General level: ${TRASH_GENERAL_FOLDER_GONE}`;
    case 'exists':
      if (preview.named) return `would not restore ${what}: Grafana holds it now, and restore never overwrites what Grafana holds (the run would fail)`;
      return `would not restore ${what}: Grafana holds it now (nothing to restore)${preview.unreadable === undefined ? '' : `; warning: ${describeUnreadableHeld(preview.unreadable, what)}`}`;
    case 'not-found': {
      const trash =
        preview.trash === null
          ? 'this run does not take dashboards back from Grafana\'s "Recently deleted" (switched off, or not through this API)'
          : preview.trash === 'unread' || 'unread' in preview.trash
            ? `Grafana's "Recently deleted" ${describeTrashListUnread(preview.trash === 'unread' ? true : preview.trash.unread)}`
            : 'notRead' in preview.trash
              ? describeUnreadTrash(preview.trash.notRead)
              : preview.legacyStorage
                ? LEGACY_STORAGE_KEEPS_NO_TRASH
                : describeNoTrashEntry(preview.hidden);
      // The run would say no more than this; where the tree holds it, the line after the previews says what can be done.
      const next = context.treeHeld?.has(preview.uid) ? '' : `; ${renderNextCommand(context.selection, `restore ${preview.uid}`)} says what can be done`;
      return `would not restore ${what}: there is ${noBackup}, and ${trash}${describeTrashSight(preview.hidden)}${next}`;
    }
  }
}

/** Whether the run would restore this uid. */
function wouldRestore(preview: UidPreview): boolean {
  return preview.verdict === 'would' && preview.entry?.nameTakenBy === undefined && preview.entry?.heldByAnother === undefined && !unreadableBackupRefuses(preview) && refusedOverUnreadTrash(preview) === null && failedTrashList(preview) === null && !(preview.from?.kind === 'backup' && (preview.from.trashNewer !== undefined || preview.from.trashHidden !== undefined || preview.from.trashKeepsUid === true));
}

/**
 * Restore asks `/apis`' "Recently deleted" for a dashboard before it takes its backup (restoreDashboard), so where its list
 * failed the run fails on the uid with that failure (restl-69, fixr-69's note): the failure; null where the run goes on.
 * Grafana 11's list refused to these credentials (`trashUnread` true) is not such: the run then takes the backup.
 */
export function failedTrashList(preview: UidPreview): string | null {
  if (preview.verdict !== 'would' || preview.kind !== 'dashboard' || preview.from?.kind !== 'backup') return null;
  return typeof preview.from.trashUnread === 'string' ? preview.from.trashUnread : null;
}

/**
 * A backup the run would refuse to put back, as "Recently deleted" may hold the dashboard and this run cannot read it
 * (restoreDashboard's trash-not-read): where it would otherwise put the backup back (a broken backup, another holder, say so first).
 */
export function refusedOverUnreadTrash(preview: UidPreview): { backup: string; release: Release } | null {
  if (preview.verdict !== 'would' || preview.from?.kind !== 'backup' || preview.from.trashNotRead === undefined) return null;
  const otherwise = preview.entry?.unreadable !== undefined || preview.entry?.heldByAnother !== undefined;
  return otherwise ? null : { backup: preview.from.path, release: preview.from.trashNotRead };
}

/**
 * Whether the run would fail on this uid (a dry run exits as it would): every uid it would not restore, but one Grafana
 * holds, which it leaves as it is (nothing to restore), unless --from-backup named a backup to put over it.
 */
export function refusesUid(preview: UidPreview): boolean {
  return !wouldRestore(preview) && !(preview.verdict === 'exists' && preview.named !== true);
}

/** A backup that cannot be read refuses its uid only where the run would take that backup (not "Recently deleted", read first). */
export function unreadableBackupRefuses(preview: UidPreview): boolean {
  return preview.verdict === 'would' && preview.entry?.unreadable !== undefined && preview.from?.kind !== 'recently-deleted';
}

/** How many of the uids a dry run previewed the run would restore, how many Grafana holds (left as they are), how many it would fail on. */
export function countUidPreviews(previews: readonly UidPreview[]): { restored: number; held: number; refused: number } {
  const restored = previews.filter(wouldRestore).length;
  const refused = previews.filter(refusesUid).length;
  return { restored, held: previews.length - restored - refused, refused };
}

/** `none of them in Grafana now`, or how many of them another dashboard made since holds the uid of (the run fails on those). */
function describeHeldByAnother(absent: readonly BackedUpUid[]): string {
  const heldBy = absent.filter((entry) => entry.heldByAnother !== undefined);
  const held = heldBy.length;
  if (held === 0) return 'none of them in Grafana now';
  const untold = heldBy.filter((entry) => entry.heldByAnother?.historyFrom !== undefined).length;
  const of = (count: number) => (count === absent.length && count === 1 ? 'it' : `${count} of them`);
  const holders = [
    held > untold ? `another dashboard made since holds the uid of ${of(held - untold)}` : '',
    untold > 0 ? `a dashboard dashsync cannot tell from the backed-up one (its history trimmed) holds the uid of ${of(untold)}` : '',
  ].filter(Boolean);
  return `none of them in Grafana now, though ${holders.join(', and ')} (the run fails on ${held === 1 ? 'that one' : 'those'}: restore never overwrites)`;
}

/** Uids --all restores from another environment's directory (as shown): their newest backup from this Grafana and org is there. */
export interface OtherEnvironmentUids {
  environment: string;
  backupDir: string;
  uids: readonly string[];
}

/** Where another environment's prune left the backups --all takes (one Grafana org split by environment directories). */
function renderOtherEnvironmentNote(other: OtherEnvironmentUids): string {
  const count = other.uids.length;
  const named = count <= MAX_UIDS_NAMED ? ` (${other.uids.join(', ')})` : '';
  const them = count === 1 ? 'it' : 'them';
  return (
    `note: ${count === 1 ? '1 of them has its' : `${count} of them have their`} newest backup from this Grafana and org in ${other.backupDir}/${named} ` +
    `(environment ${other.environment}'s backups: its prune deleted ${them}); restore takes ${them} from there`
  );
}

const MAX_UIDS_NAMED = 10;

/** A dry run's closing line: it counts only what the run would restore, and says the run would fail on the rest. Pure. */
export function renderDryRunEnd(count: { restored: number; held?: number; refused: number }): string {
  const { restored, refused } = count;
  const held = count.held ?? 0;
  if (refused > 0) {
    const leave = `leave the ${held} Grafana holds as ${held === 1 ? 'it is' : 'they are'}`;
    const rest = held === 0 ? (restored === 0 ? '' : `; it would restore the other ${restored}`) : restored === 0 ? `; it would ${leave}` : `; it would restore ${restored} of them, and ${leave}`;
    return `Dry run: nothing was restored. Without --dry-run, ${refused} of the uids above would not be restored and the run would fail (exit 1)${rest}.`;
  }
  return restored === 0 ? 'Dry run: nothing to restore.' : `Dry run: nothing was restored. Run the same command without --dry-run to restore ${restored === 1 ? 'it' : `these ${restored}`}.`;
}
