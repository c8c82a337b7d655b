import { otherEnvironmentBackupDirs, readNewestDashboardBackupIn } from '../apply/find-other-environment-backups.js';
import { restoreSourceOf } from '../apply/restore-source.js';
import type { DashboardBackup } from '../apply/write-backup.js';
import type { Settings } from '../config/types.js';
import type { GrafanaPort } from '../grafana/port.js';
import { backedUpModelDigest } from '../normalize/backed-up-model-digest.js';
import { positiveInteger } from '../grafana/legacy/to-live-dashboard.js';
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
  const named = [...(input.inTrash ?? [])].filter(([, entry]) => entry.deletedAt !== null);
  if (named.length === 0) return input;
  const { match } = await restoreSourceOf(grafana);
  const dirs = { own: settings.backupDir, others: otherEnvironmentBackupDirs(settings), cwd: settings.cwd };
  const tied = new Map<string, TrashedCreate>();
  for (const [uid, entry] of named) {
    const found = await readNewestDashboardBackupIn(dirs, uid, match).catch(() => null);
    if (found === null) continue;
    const tie = deleteTiedToBackup(found.backup, entry);
    if (tie === null) continue;
    // Maybe dashsync's delete, maybe someone's: said so, and its byUser kept (an unreviewed apply leaves it deleted, as a person's).
    if (tie === 'not-known') tied.set(uid, { ...entry, maybeBackup: shorten(found.path, settings.cwd) });
    else {
      const { byUser: _dashsyncs, ...rest } = entry;
      tied.set(uid, { ...rest, backup: shorten(found.path, settings.cwd), ...tie });
    }
  }
  if (tied.size === 0) return input;
  return { ...input, inTrash: new Map([...input.inTrash!].map(([uid, entry]) => [uid, tied.get(uid) ?? entry])) };
}

/**
 * Pure: whether a "Recently deleted" entry is the delete the backup was taken for. The object deleted must be the one backed
 * up: its metadata.uid (`/apis`: a restore since, or any create, makes another, whose later delete is someone's own); for a
 * backup through `/api`, which sees no metadata.uid, `/api`'s id and when the object was made (a restore from that trash keeps
 * the id and makes the object anew). Then the model backed up where the entry gives its digest, deleted within the clocks'
 * margin of the backup, not from legacy SQL storage (which gives every copy of a uid one metadata.uid), and a delete that
 * landed, as the backup records it (a failed or "already gone" DELETE left the object to someone else's delete).
 * null when it is not; `not-known` where it may be but nothing tells (no outcome recorded: a backup of an earlier release, a
 * delete whose answer never came; no object both sides name); else why (`deletedFor`), where the backup says: a backup that
 * records the object and no change of uid is a prune's.
 */
export function deleteTiedToBackup(
  backup: DashboardBackup,
  entry: Pick<TrashedCreate, 'objectUid' | 'internalId' | 'created' | 'modelSha256' | 'deletedAt'>,
): { deletedFor?: DashsyncDelete } | 'not-known' | null {
  if (backup.deletedFromLegacySql === true || backup.deleteOutcome === 'not-deleted') return null;
  if (entry.modelSha256 !== undefined && backedUpModelDigest(backup.dashboard) !== entry.modelSha256) return null;
  const apart = Math.abs(Date.parse(entry.deletedAt ?? '') - Date.parse(backup.deletedAt));
  if (!(apart <= CLOCK_MARGIN_MS)) return null;
  const same = sameObject(backup, entry);
  if (same === false) return null;
  if (same === null || backup.deleteOutcome !== 'deleted') return 'not-known';
  const changed = backup.uidChangedTo as Partial<{ file: unknown; uid: unknown }> | undefined;
  if (typeof changed?.uid === 'string' && typeof changed.file === 'string') return { deletedFor: { uidChangedTo: { file: changed.file, uid: changed.uid } } };
  return { deletedFor: { prune: true } };
}

/**
 * Whether the entry is the object the backup holds, by what both name: the metadata.uid (`objectUid`, an older backup's
 * `pushed.objectUid`), else `/api`'s id with the object's creation time (to the second, as creationTimestamp gives it). null
 * where they name nothing in common.
 */
function sameObject(backup: DashboardBackup, entry: Pick<TrashedCreate, 'objectUid' | 'internalId' | 'created'>): boolean | null {
  const objectUid = (typeof backup.objectUid === 'string' ? backup.objectUid : null) ?? backup.pushed?.objectUid ?? null;
  if (objectUid !== null && objectUid !== '') return entry.objectUid === undefined ? null : objectUid === entry.objectUid;
  const id = backup.apiVersion === undefined ? positiveInteger(backup.dashboard.id) : null;
  if (id !== null && entry.internalId !== undefined && id !== entry.internalId) return false;
  const created = typeof backup.objectCreated === 'string' ? secondOf(backup.objectCreated) : null;
  if (id === null || entry.internalId === undefined || created === null || entry.created === undefined) return null;
  return created === secondOf(entry.created);
}

function secondOf(time: string): number | null {
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}
