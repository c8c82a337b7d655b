import type { LiveDashboard } from '../grafana/port.js';
import { backedUpModelDigest } from '../normalize/backed-up-model-digest.js';
import { parseRevision } from '../grafana/k8s/to-live-dashboard.js';
import { FULL_SHA256 } from '../files/hash-text.js';
import { isFolderChain, type FolderRef } from './read-folder-chain.js';
import { backupDirOf } from './backup-dir.js';
import type { HeldPush } from './read-held-push.js';
import { isPushOver, type HeldSave } from '../grafana/restore-note.js';
import { readNewestBackupFile, type BackupFromElsewhere, type BackupMatch, type BackupSource } from './read-newest-backup-file.js';
import { backupText, writeBackupFile } from './write-file-durably.js';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../files/write-file-atomic.js';

/**
 * A dashboard as it was just before dashsync deleted it: enough to restore it exactly.
 * Layout: `<backupDir>/<uid>/<deletedAt>-v<version>.json`, one file per delete.
 */
export interface DashboardBackup {
  kind: 'dashsync-backup';
  formatVersion: 1;
  deletedAt: string;
  source: BackupSource;
  uid: string;
  /** '' = General (the file format predates the port's null). */
  folderUid: string;
  folderTitle: string;
  /**
   * The folders above `folderUid`, top level first ([] = a top-level folder, or General), so that
   * restore can create a folder that is gone under its old parents. Absent: written before dashsync
   * recorded it, or its folders could not be read then.
   */
  folderParents?: FolderRef[];
  version: number;
  /** The classic model, or the v2 spec (with `apiVersion` and `schema: "v2"`). */
  dashboard: Record<string, unknown>;
  /** How `/apis` stored it (`dashboard.grafana.app/v2beta1`…); absent for a backup read through `/api`. */
  apiVersion?: string;
  /** Absent = `v1` (a classic model). */
  schema?: 'v1' | 'v2';
  /** The author's labels and annotations (`/apis`). */
  metadata?: { labels: Record<string, string>; annotations: Record<string, string> };
  /**
   * dashsync's push it held unchanged when it was deleted (readHeldPush): a restore saves it as that push again, so
   * that the next plan knows it (Grafana's own rewrites of it are no change). Absent: someone saved it since, or not known.
   * Without `modelSha256` (written before dashsync recorded it) it is not taken back: nothing tells that `dashboard` is still
   * the one backed up.
   */
  pushed?: Omit<HeldPush, 'modelSha256'> & { modelSha256?: string };
  /**
   * The save it held when it was deleted where that was not dashsync's push (an edit made in Grafana, or a dashboard made
   * there): a restore names it in its version message, so that the next plan judges that save (restore-note.ts). Absent:
   * dashsync's push, not known, or written before dashsync recorded it. An edit's `over`: dashsync's push it was saved over
   * (its version, content digest and commit), which pull after the restore compares the file's commits with.
   */
  held?: HeldSave;
  /**
   * Grafana answered the dashboard from its legacy SQL storage when it was deleted (LiveDashboard.metadataNotKept): that
   * delete was for good and left nothing in "Recently deleted". Where a restore cannot tell the storage from the org (it
   * lists no dashboard), this says it (review-69a M3). Absent: unified storage, `/api`, or written before dashsync recorded it.
   */
  deletedFromLegacySql?: true;
  /**
   * The metadata.uid of the object deleted (`/apis`: that incarnation; a restore or a create makes another): a plan ties an
   * entry of "Recently deleted" to this delete by it (markPrunedInTrash). Absent: read through `/api`, or written before
   * dashsync recorded it (then `pushed.objectUid`, where there, says it).
   */
  objectUid?: string;
  /**
   * The delete was the old half of a change of uid in place: its file (as the plan named it) holds the new uid, which the same
   * apply created (the delete's `replacedBy`). Absent: a prune (from the release that records `objectUid`).
   */
  uidChangedTo?: { file: string; uid: string };
  /**
   * When the object deleted was made, as `/api` answered it (`meta.created`; LiveDashboard.created): with `dashboard.id`, what
   * ties an entry of "Recently deleted" to this delete where the backup records no `objectUid` (a restore from that trash keeps
   * the id, not the creation time). Absent: read through `/apis` (`objectUid` tells it), or written before dashsync recorded it.
   */
  objectCreated?: string;
  /**
   * What the DELETE sent after this backup came to, recorded once its answer is known (recordDeleteOutcome): `deleted`, it
   * landed (this run's, or its earlier send's); `not-deleted`, Grafana refused it or the dashboard was already gone (another's
   * delete); `unknown`, Grafana stopped answering before it could be read back. Absent: the run ended before, the record could
   * not be written, or written before dashsync recorded it. Only a `deleted` backup is tied to a "Recently deleted" entry.
   */
  deleteOutcome?: DeleteOutcomeRecord;
}

/** What a backup says its delete came to (DashboardBackup.deleteOutcome). */
export type DeleteOutcomeRecord = 'deleted' | 'not-deleted' | 'unknown';

/** The save a backup says its dashboard held (DashboardBackup.held), when its fields are what dashsync writes; null otherwise. Pure. */
export function heldOfBackup(backup: Pick<DashboardBackup, 'held'>): HeldSave | null {
  const held = backup.held as Partial<HeldSave> | undefined;
  if (held === undefined || (held.kind !== 'edit' && held.kind !== 'made')) return null;
  if (typeof held.by !== 'string' || typeof held.at !== 'string' || typeof held.version !== 'number' || !Number.isInteger(held.version)) return null;
  // A push over that is not what dashsync writes (a backup edited by hand) is left out: the save itself is still known.
  const over = held.kind === 'edit' && isPushOver(held.over) ? { over: held.over } : {};
  return { kind: held.kind, by: held.by, at: held.at, version: held.version, ...over };
}

/**
 * The push the backup holds, when its `dashboard` is still the model backed up with it (a backup edited by hand is not
 * dashsync's push any more); null otherwise. Pure.
 */
export function pushOfBackup(backup: DashboardBackup): HeldPush | null {
  const pushed = backup.pushed;
  if (pushed?.modelSha256 === undefined || pushed.modelSha256 !== backedUpModelDigest(backup.dashboard)) return null;
  return { ...pushed, modelSha256: pushed.modelSha256 };
}

/** Writes the backup durably (file fsync'd, renamed into place, directory fsync'd) before the delete is sent. */
export async function writeBackup(
  backupDir: string,
  live: LiveDashboard,
  source: BackupSource,
  folderParents: FolderRef[] | null = null,
  now = new Date(),
  pushed: HeldPush | null = null,
  held: HeldSave | null = null,
  uidChangedTo: { file: string; uid: string } | null = null,
): Promise<string> {
  const uid = live.uid;
  const objectUid = live.apiVersion === null ? null : parseRevision(live.revision)?.uid || null;
  const backup: DashboardBackup = {
    kind: 'dashsync-backup',
    formatVersion: 1,
    deletedAt: now.toISOString(),
    source,
    uid,
    folderUid: live.folderUid ?? '',
    folderTitle: live.folderTitle,
    ...(folderParents === null ? {} : { folderParents }),
    version: live.version,
    dashboard: live.model,
    ...(live.apiVersion === null ? {} : { apiVersion: live.apiVersion, schema: live.schema, metadata: live.metadata }),
    ...(pushed === null ? {} : { pushed }),
    ...(held === null ? {} : { held }),
    ...(live.metadataNotKept === true && { deletedFromLegacySql: true as const }),
    ...(objectUid !== null && { objectUid }),
    ...(uidChangedTo !== null && { uidChangedTo }),
    ...(objectUid === null && live.created !== undefined && { objectCreated: live.created }),
  };
  return writeBackupFile(backupDirOf(backupDir, uid), now, live.version, backup);
}

/**
 * Adds what the delete came to (DashboardBackup.deleteOutcome) to the backup at `path`, replacing it whole (temp file, fsync,
 * rename: a crash leaves the backup as it was, or with the record). The delete is done: a failure here is no failure of it,
 * and leaves the backup without a record, which a plan reads as "not known".
 */
export async function recordDeleteOutcome(path: string, outcome: DeleteOutcomeRecord): Promise<void> {
  try {
    const backup = JSON.parse(await readFile(path, 'utf8')) as DashboardBackup;
    await writeFileAtomic(path, backupText({ ...backup, deleteOutcome: outcome }));
  } catch {
    // The backup stays as written before the delete.
  }
}

/** The newest backup of `uid` taken from the same Grafana and org, or null; `elsewhere` collects those passed over. */
export async function readNewestBackup(
  backupDir: string,
  uid: string,
  source: BackupMatch,
  elsewhere?: BackupFromElsewhere[],
  /** Where an error names the file from (readNewestBackupFile). */
  cwd?: string,
): Promise<{ path: string; backup: DashboardBackup } | null> {
  return readNewestBackupFile(backupDirOf(backupDir, uid), uid, source, isDashboardBackup, dashboardBackupFlaw, elsewhere, cwd);
}

/** What is wrong with a dashboard backup that isDashboardBackup refuses, or null when it is not one at all. */
export function dashboardBackupFlaw(value: unknown): string | null {
  return isDashboardBackup({ ...(value as object), pushed: undefined }) ? '`pushed` field is malformed' : null;
}

export function isDashboardBackup(value: unknown): value is DashboardBackup {
  const backup = value as Partial<DashboardBackup> | null;
  return (
    backup?.kind === 'dashsync-backup' &&
    backup.formatVersion === 1 &&
    typeof backup.dashboard === 'object' &&
    !!backup.source &&
    (backup.folderParents === undefined || isFolderChain(backup.folderParents)) &&
    (backup.pushed === undefined || isBackedUpPush(backup.pushed))
  );
}

/** A push record's digest in full, or the `sha256:` and 16 hex digits a content note names (legacy SQL storage). */
const PUSH_SHA256 = /^sha256:[0-9a-f]{16}(?:[0-9a-f]{48})?$/;

function isBackedUpPush(pushed: unknown): boolean {
  const push = pushed as Partial<HeldPush> | null;
  return (
    typeof push?.sha256 === 'string' &&
    PUSH_SHA256.test(push.sha256) &&
    (push.objectUid === null || typeof push.objectUid === 'string') &&
    (push.modelSha256 === undefined || (typeof push.modelSha256 === 'string' && FULL_SHA256.test(push.modelSha256)))
  );
}

/** The backup's title (a classic model's or a v2 spec's); null when it holds none. */
export function backupTitle(backup: Pick<DashboardBackup, 'dashboard'>): string | null {
  return typeof backup.dashboard.title === 'string' ? backup.dashboard.title : null;
}
