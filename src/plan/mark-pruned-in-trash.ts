import { otherEnvironmentBackupDirs, readNewestDashboardBackupIn } from '../apply/find-other-environment-backups.js';
import { restoreSourceOf } from '../apply/restore-source.js';
import type { DashboardBackup } from '../apply/write-backup.js';
import type { Settings } from '../config/types.js';
import type { GrafanaPort } from '../grafana/port.js';
import { backedUpModelDigest } from '../normalize/backed-up-model-digest.js';
import { shorten } from '../report/shorten-path.js';
import type { AccessNotesInput, DashsyncDelete, TrashedCreate } from './add-access-notes.js';

/**
 * How far apart a backup's time (this machine's clock, just before the delete) and the entry's (Grafana's) may be for the
 * entry to be that delete: the margin restore allows between the two clocks.
 */
const CLOCK_MARGIN_MS = 60 * 60 * 1000;

/**
 * The access notes' "Recently deleted" entries of creates that dashsync itself deleted, each with `backup` (the backup that
 * delete took first) and, where the backup says, `deletedFor`: a prune, or the old half of a change of uid (deleteTiedToBackup).
 * The note then says dashsync deleted it and where its backup is, not only whose credentials deleted it (walk-70 L5); and
 * an entry of dashsync's own delete is no edit made in Grafana, so its `byUser` goes (an apply no one reviewed makes it anew,
 * as withoutPrunesAsUserDeletes has it for a prune git dates). The newest backup of each uid from this Grafana and org
 * (this run's backup directory, and the config's other environments') is read; no request is made.
 */
export async function markPrunedInTrash(
  input: AccessNotesInput,
  grafana: Pick<GrafanaPort, 'url' | 'urlSha256' | 'orgId' | 'credentialsOrgId'>,
  settings: Pick<Settings, 'backupDir' | 'environment' | 'environments' | 'cwd'>,
): Promise<AccessNotesInput> {
  const named = [...(input.inTrash ?? [])].filter(([, entry]) => entry.objectUid !== undefined && entry.deletedAt !== null);
  if (named.length === 0) return input;
  const { match } = await restoreSourceOf(grafana);
  const dirs = { own: settings.backupDir, others: otherEnvironmentBackupDirs(settings), cwd: settings.cwd };
  const tied = new Map<string, TrashedCreate>();
  for (const [uid, entry] of named) {
    const found = await readNewestDashboardBackupIn(dirs, uid, match).catch(() => null);
    if (found === null) continue;
    const tie = deleteTiedToBackup(found.backup, entry);
    if (tie === null) continue;
    const { byUser: _dashsyncs, ...rest } = entry;
    tied.set(uid, { ...rest, backup: shorten(found.path, settings.cwd), ...tie });
  }
  if (tied.size === 0) return input;
  return { ...input, inTrash: new Map([...input.inTrash!].map(([uid, entry]) => [uid, tied.get(uid) ?? entry])) };
}

/**
 * Pure: whether a "Recently deleted" entry is the delete the backup was taken for: the object deleted is the one backed up
 * (its metadata.uid: a restore since, or any create, makes another, whose later delete is someone's own), with the model
 * backed up where the entry gives its digest, deleted within the clocks' margin of the backup, and not from legacy SQL storage
 * (which gives every copy of a uid one metadata.uid). null when it is not, or nothing tells (a backup through `/api`, or one of
 * an earlier release that recorded no push: no metadata.uid). Else why (`deletedFor`), where the backup says: a backup that
 * records the object (this release on) and no change of uid is a prune's.
 */
export function deleteTiedToBackup(backup: DashboardBackup, entry: Pick<TrashedCreate, 'objectUid' | 'modelSha256' | 'deletedAt'>): { deletedFor?: DashsyncDelete } | null {
  const recorded = typeof backup.objectUid === 'string' ? backup.objectUid : null;
  const objectUid = recorded ?? backup.pushed?.objectUid ?? null;
  if (objectUid === null || objectUid === '' || objectUid !== entry.objectUid || backup.deletedFromLegacySql === true) return null;
  if (entry.modelSha256 !== undefined && backedUpModelDigest(backup.dashboard) !== entry.modelSha256) return null;
  const apart = Math.abs(Date.parse(entry.deletedAt ?? '') - Date.parse(backup.deletedAt));
  if (!(apart <= CLOCK_MARGIN_MS)) return null;
  const changed = backup.uidChangedTo as Partial<{ file: unknown; uid: unknown }> | undefined;
  if (typeof changed?.uid === 'string' && typeof changed.file === 'string') return { deletedFor: { uidChangedTo: { file: changed.file, uid: changed.uid } } };
  return recorded === null ? {} : { deletedFor: { prune: true } };
}
