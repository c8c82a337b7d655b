import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { PlanFileError, UsageError } from '../errors.js';
import { describeDirectoryUnread } from '../files/describe-directory-unread.js';
import { shorten } from '../report/shorten-path.js';
import type { GrafanaPort, LiveLibraryPanel } from '../grafana/port.js';
import { uidProblem } from '../files/uid-rules.js';
import { libraryPanelUids } from '../files/find-library-panel-refs.js';
import { readHandoverBackupName } from './name-before-handover.js';
import { describeBackupSource, UnreadableBackupError, type BackupFromElsewhere, type BackupMatch } from './read-newest-backup-file.js';
import { backupTitle, type DashboardBackup } from './write-backup.js';
import { findOtherHolder, type OtherHolder } from './judge-held-dashboard.js';
import { LIBRARY_PANELS, type LibraryPanelBackup } from './write-library-panel-backup.js';
import type { RestoreFolder } from './restore-from-trash.js';
import { readNewestDashboardBackupIn, readNewestLibraryPanelBackupIn, type BackupDirs, type OtherEnvironmentBackups } from './find-other-environment-backups.js';
import { compareCodeUnits } from '../compare-code-units.js';

/** A uid `restore --all` takes: its newest backup from the chosen source is absent in Grafana now. */
export interface BackedUpUid {
  uid: string;
  kind: 'dashboard' | 'library-panel';
  /** When its newest backup was taken; null: the backup cannot be read (restore reports it, nothing is written for it). */
  deletedAt: string | null;
  /** Its newest backup's file; null: the backup cannot be read. */
  backup: string | null;
  /** The backup's title (a library panel's name); null: it holds none, or cannot be read. */
  title: string | null;
  /** The folder the backup puts it back into (uid null = General); null: the backup cannot be read. */
  folder: { uid: string | null; title: string } | null;
  /** The backup records the folders above its folder (so restore can create that folder again where it was). */
  folderParentsRecorded?: true;
  /** The backup says Grafana deleted it from its legacy SQL storage (DashboardBackup.deletedFromLegacySql). */
  deletedFromLegacySql?: true;
  /**
   * A dry run's reading of its folder (markGoneFolders): gone from Grafana, and the restore would create it again from the
   * backup (`created-again`), or put it at the General level (`general`: the backup records no folders above it).
   */
  folderGone?: 'created-again' | 'general';
  /** A library panel whose name another library panel holds in that folder now: the restore would be refused. */
  nameTakenBy?: string;
  /** Its newest backup is in another environment's directory (that environment's prune deleted it). */
  otherEnvironment?: OtherEnvironmentBackups;
  /** A dashboard's library panels (uids) that Grafana does not hold and this run would not restore: those panels would show an error. */
  libraryPanelsLeftOut?: string[];
  /** Why its newest backup cannot be read (deletedAt null): the error restore gives for it, and fails on. */
  unreadable?: string;
  /** Grafana holds another dashboard under its uid, made after its delete (otherHolderOf): the run cannot restore it. */
  heldByAnother?: OtherHolder;
}

export interface BackedUpSelection {
  /** Library panels first, then dashboards, each by uid. */
  absent: BackedUpUid[];
  /** Backed up (and in the time asked), but Grafana holds the uid now: left as they are. */
  present: number;
  /** Those uids, by kind (a dry run for named uids says which). */
  presentUids: { uid: string; kind: BackedUpUid['kind'] }[];
  /** Backed up before --deleted-since: passed over. */
  older: number;
  /**
   * Uids Grafana holds now whose newest backup cannot be read (`flaw`: what is wrong with the file): nothing to restore, but a
   * restore of one would stop on that file.
   */
  unreadableHeld: { uid: string; kind: BackedUpUid['kind']; flaw: string }[];
  /** Uids whose only backups are from another Grafana URL or org, by that source (`origin org N`). */
  elsewhere: Map<string, number>;
  /** The sources in `elsewhere` that are this run's Grafana URL (another org of it): --backup-source would not reach them. */
  otherOrgsHere: Set<string>;
}

/** Pure: one uid of one kind (a dashboard and a library panel may share a uid), as a dry run's set of refused ones holds it. */
export function backedUpKey({ kind, uid }: Pick<BackedUpUid, 'kind' | 'uid'>): string {
  return `${kind} ${uid}`;
}

/** Pure: not one backup from this run's source, only another URL's or org's: "nothing absent" would read as all of it back. */
export function noneFromSource(selection: BackedUpSelection): boolean {
  return selection.absent.length === 0 && selection.present === 0 && selection.older === 0 && selection.elsewhere.size > 0;
}

/** Pure: not one backup read, from any source (an empty directory, or one whose backups sit a directory further down). */
export function noBackupRead(selection: BackedUpSelection): boolean {
  return selection.absent.length === 0 && selection.present === 0 && selection.older === 0 && selection.elsewhere.size === 0;
}

/**
 * What `restore --all` brings back: every uid backed up in `dirs` (`<uid>/` for dashboards, `library-panels/<uid>/` for library
 * panels; this run's directory and the other environments', each uid's newest backup from `source` taken, readNewestIn) whose
 * newest backup is from `since` on (none: any), and which Grafana does not hold now: one listing of dashboards and one of
 * library panels for all the directories (a dashboard in "Recently deleted" is not listed, so it is taken). A name that is
 * not a uid is no backup directory of dashsync's and is passed over. Reads only.
 */
export async function listBackedUpUids(
  dirs: BackupDirs,
  grafana: Pick<GrafanaPort, 'listDashboards' | 'listLibraryPanels' | 'getDashboard' | 'readVersionsBetween'>,
  source: BackupMatch,
  since: Date | null,
  /**
   * `only`: these uids (`restore <uid…> --dry-run`), all when absent; `into`: the folder --folder puts every uid into (null =
   * General), where a library panel's name is judged (else the backup's folder, as the run does); `concurrency`: how many
   * dashboards under a backed-up uid with another title are read at a time (--concurrency).
   */
  { only, into, concurrency = 1 }: { only?: ReadonlySet<string>; into?: RestoreFolder; concurrency?: number } = {},
): Promise<BackedUpSelection> {
  const selection: BackedUpSelection = { absent: [], present: 0, presentUids: [], unreadableHeld: [], older: 0, elsewhere: new Map(), otherOrgsHere: new Set() };
  const candidates: BackedUpUid[] = [];
  // What is wrong with each unreadable newest backup, by backedUpKey (its line names it where Grafana holds the uid).
  const flaws = new Map<string, string>();
  // The library panels each dashboard candidate's backup uses.
  const usesOf = new Map<string, string[]>();
  // Each dashboard candidate's newest backup: one Grafana holds is judged against it (another dashboard made under its uid?).
  const backupsOf = new Map<string, DashboardBackup>();
  const consider = async (uid: string, kind: BackedUpUid['kind']) => {
    const elsewhere: BackupFromElsewhere[] = [];
    let found;
    try {
      found = kind === 'dashboard' ? await readNewestDashboardBackupIn(dirs, uid, source, elsewhere) : await readNewestLibraryPanelBackupIn(dirs, uid, source, elsewhere);
    } catch (error) {
      if (!(error instanceof PlanFileError)) throw error;
      candidates.push({ uid, kind, deletedAt: null, backup: null, title: null, folder: null, unreadable: error.message });
      flaws.set(backedUpKey({ uid, kind }), error instanceof UnreadableBackupError ? error.flaw : error.message);
      return;
    }
    if (found === null) {
      const from = elsewhere[0];
      if (from !== undefined) {
        const name = describeBackupSource(from.source);
        selection.elsewhere.set(name, (selection.elsewhere.get(name) ?? 0) + 1);
        if (from.sameUrl) selection.otherOrgsHere.add(name);
      }
      return;
    }
    const other = found.otherEnvironment === undefined ? {} : { otherEnvironment: found.otherEnvironment };
    if (since !== null && !(Date.parse(found.backup.deletedAt) >= since.getTime())) selection.older += 1;
    else {
      const described = await describeBackup(found);
      candidates.push({ uid, kind, deletedAt: found.backup.deletedAt, backup: found.path, ...described, ...other });
      if (found.backup.kind === 'dashsync-backup') {
        usesOf.set(uid, libraryPanelUids(found.backup.dashboard));
        backupsOf.set(uid, found.backup);
      }
    }
  };
  const everyDir = [dirs.own, ...dirs.others.map((other) => other.backupDir)];
  const wanted = (uid: string) => only === undefined || only.has(uid);
  for (const uid of (await uidDirectoriesOf(everyDir, dirs.cwd)).filter(wanted)) await consider(uid, 'dashboard');
  for (const uid of (await uidDirectoriesOf(everyDir.map((dir) => join(dir, LIBRARY_PANELS)), dirs.cwd)).filter(wanted)) await consider(uid, 'library-panel');
  if (candidates.length === 0) return selection;

  // Each live dashboard's title: one under a backed-up uid with another title is read, to tell another dashboard made since.
  const liveDashboards = new Map<string, string>();
  if (candidates.some((candidate) => candidate.kind === 'dashboard')) for await (const summary of grafana.listDashboards()) liveDashboards.set(summary.uid, summary.title);
  const panelsNeeded = candidates.some((candidate) => candidate.kind === 'library-panel' || (usesOf.get(candidate.uid)?.length ?? 0) > 0);
  const panels = panelsNeeded ? await grafana.listLibraryPanels() : [];
  const livePanels = new Set(panels.map((panel) => panel.uid));
  const holders = await otherHoldersUnder(grafana, candidates, liveDashboards, backupsOf, concurrency);
  for (const [index, candidate] of candidates.entries()) {
    const live = candidate.kind === 'dashboard' ? liveDashboards : livePanels;
    const heldByAnother = holders[index]!;
    if (heldByAnother !== null) selection.absent.push({ ...candidate, heldByAnother });
    // One Grafana holds needs no restore, whatever its backup: an unreadable one is named all the same (a restore of it would stop on it).
    else if (live.has(candidate.uid)) {
      selection.present += 1;
      selection.presentUids.push({ uid: candidate.uid, kind: candidate.kind });
      const flaw = flaws.get(backedUpKey(candidate));
      if (flaw !== undefined) selection.unreadableHeld.push({ uid: candidate.uid, kind: candidate.kind, flaw });
    } else selection.absent.push(candidate.kind === 'library-panel' ? withNameHolder(candidate, panels, into) : candidate);
  }
  // Library panels come back before the dashboards that use them; one that stays gone leaves a broken panel (Grafana 11 and 12 answer 500 after the save).
  const panelsBack = new Set(selection.absent.filter((entry) => entry.kind === 'library-panel' && entry.nameTakenBy === undefined).map((entry) => entry.uid));
  for (const entry of selection.absent) {
    const leftOut = (usesOf.get(entry.uid) ?? []).filter((uid) => !livePanels.has(uid) && !panelsBack.has(uid));
    if (entry.kind === 'dashboard' && leftOut.length > 0) entry.libraryPanelsLeftOut = leftOut;
  }
  const order = (entry: BackedUpUid) => (entry.kind === 'library-panel' ? 0 : 1);
  selection.absent.sort((a, b) => order(a) - order(b) || compareCodeUnits(a.uid, b.uid));
  return selection;
}

/**
 * What a dry run names of a backup: its title (the old panel of a handover comes back under its name before the handover,
 * restoreLibraryPanel: that name, the one judged) and the folder it goes back to.
 */
export async function describeBackup({ path, backup }: { path: string; backup: DashboardBackup | LibraryPanelBackup }): Promise<Pick<BackedUpUid, 'title' | 'folder' | 'folderParentsRecorded' | 'deletedFromLegacySql'>> {
  const handover = backup.kind === 'dashsync-library-panel-backup' ? await readHandoverBackupName({ path, backup }) : null;
  const title = handover?.before ?? (backup.kind === 'dashsync-library-panel-backup' ? backup.element.name : backupTitle(backup));
  // A dashboard backup's '' is General (its format predates null).
  const folder = { uid: backup.folderUid === '' ? null : backup.folderUid, title: backup.folderTitle };
  const forGood = backup.kind === 'dashsync-backup' && backup.deletedFromLegacySql === true ? { deletedFromLegacySql: true as const } : {};
  return { title, folder, ...(backup.folderParents === undefined ? {} : { folderParentsRecorded: true as const }), ...forGood };
}

/**
 * The library panel (another uid) that holds the backup's name now in the folder the restore puts it into (`into`, else the
 * backup's): Grafana allows a name once per folder and kind, so the restore would be refused (restoreLibraryPanel's
 * name-taken). Only the exact name: whether a name differing in case clashes depends on Grafana's database.
 */
export function withNameHolder(candidate: BackedUpUid, live: readonly LiveLibraryPanel[], into: RestoreFolder | undefined): BackedUpUid {
  if (candidate.folder === null || candidate.title === null) return candidate;
  const { title } = candidate;
  const folderUid = into === undefined ? candidate.folder.uid : (into?.uid ?? null);
  const holder = live.find((panel) => panel.kind === 1 && panel.uid !== candidate.uid && panel.folderUid === folderUid && panel.name === title);
  return holder === undefined ? candidate : { ...candidate, nameTakenBy: holder.uid };
}

/**
 * otherHolderUnder of each dashboard candidate (null for a library panel), `concurrency` at a time, in the candidates' order;
 * where reads fail, the first candidate's error, as when they were read one after another.
 */
async function otherHoldersUnder(
  grafana: Pick<GrafanaPort, 'getDashboard' | 'readVersionsBetween'>,
  candidates: readonly BackedUpUid[],
  liveTitles: ReadonlyMap<string, string>,
  backupsOf: ReadonlyMap<string, DashboardBackup>,
  concurrency: number,
): Promise<(OtherHolder | null)[]> {
  const limit = pLimit(Math.max(1, concurrency));
  const settled = await Promise.allSettled(candidates.map((candidate) => (candidate.kind === 'dashboard' ? limit(() => otherHolderUnder(grafana, candidate, liveTitles, backupsOf.get(candidate.uid))) : null)));
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return settled.map((result) => (result.status === 'fulfilled' ? result.value : null));
}

/**
 * The other dashboard Grafana holds under a backed-up dashboard's uid (otherHolderOf), or null: it holds none, or the
 * backed-up one. Read only where the listing shows another title than the backup's (a rename since is told apart by the read).
 */
async function otherHolderUnder(
  grafana: Pick<GrafanaPort, 'getDashboard' | 'readVersionsBetween'>,
  candidate: BackedUpUid,
  liveTitles: ReadonlyMap<string, string>,
  backup: DashboardBackup | undefined,
): Promise<OtherHolder | null> {
  const title = liveTitles.get(candidate.uid);
  if (backup === undefined || title === undefined || title === candidate.title) return null;
  const live = await grafana.getDashboard(candidate.uid);
  return live === null ? null : findOtherHolder(grafana, live, backup);
}

/** The uids named by a directory in any of `dirs`, each once. */
async function uidDirectoriesOf(dirs: readonly string[], cwd: string | undefined): Promise<string[]> {
  const uids = new Set<string>();
  for (const dir of dirs) for (const uid of await uidDirectories(dir, cwd)) uids.add(uid);
  return [...uids];
}

/**
 * The directories in `dir` named as a uid (a dashboard's uid may be `library-panels` too: its backups are the files there);
 * none where it is not there. One there that cannot be listed is a UsageError (nothing restored): "no backup" would be false.
 */
async function uidDirectories(dir: string, cwd: string | undefined): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
    throw new UsageError(`backup directory ${shorten(dir, cwd)} cannot be listed ${describeDirectoryUnread(dir, error, cwd)}; nothing was restored`);
  });
  return entries.filter((entry) => entry.isDirectory() && entry.name !== '' && uidProblem(entry.name) !== 'uid-invalid').map((entry) => entry.name);
}
