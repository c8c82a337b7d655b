import { otherEnvironmentBackupDirs, readNewestDashboardBackupIn } from '../apply/find-other-environment-backups.js';
import { restoreSourceOf } from '../apply/restore-source.js';
import type { Settings } from '../config/types.js';
import type { GrafanaPort } from '../grafana/port.js';
import { backedUpModelDigest } from '../normalize/backed-up-model-digest.js';
import { shorten } from '../report/shorten-path.js';
import type { AccessNotesInput } from './add-access-notes.js';

/**
 * How far apart a backup's time (this machine's clock, just before the delete) and the entry's (Grafana's) may be for the
 * entry to be that prune's delete: the margin restore allows between the two clocks.
 */
const CLOCK_MARGIN_MS = 60 * 60 * 1000;

/**
 * The access notes' "Recently deleted" entries of creates that dashsync's own prune deleted, each with `backup`: the newest
 * backup of its uid from this Grafana and org (this run's backup directory, and the config's other environments') holds the
 * model the entry holds (backedUpModelDigest, as restore tells a backup's own delete from a newer copy) and was taken within
 * the clocks' margin of the entry's delete. The note then says dashsync pruned it and where its backup is, not only whose
 * credentials deleted it (walk-70 L5). Only entries whose list gave the model's digest (`/apis`); the backups of those uids
 * are read, and no request is made beyond the org the run resolved already.
 */
export async function markPrunedInTrash(
  input: AccessNotesInput,
  grafana: Pick<GrafanaPort, 'url' | 'urlSha256' | 'orgId' | 'credentialsOrgId'>,
  settings: Pick<Settings, 'backupDir' | 'environment' | 'environments' | 'cwd'>,
): Promise<AccessNotesInput> {
  const digested = [...(input.inTrash ?? [])].filter(([, entry]) => entry.modelSha256 !== undefined && entry.deletedAt !== null);
  if (digested.length === 0) return input;
  const { match } = await restoreSourceOf(grafana);
  const dirs = { own: settings.backupDir, others: otherEnvironmentBackupDirs(settings), cwd: settings.cwd };
  const backups = new Map<string, string>();
  for (const [uid, entry] of digested) {
    const found = await readNewestDashboardBackupIn(dirs, uid, match).catch(() => null);
    if (found === null || backedUpModelDigest(found.backup.dashboard) !== entry.modelSha256) continue;
    const apart = Math.abs(Date.parse(entry.deletedAt!) - Date.parse(found.backup.deletedAt));
    if (apart <= CLOCK_MARGIN_MS) backups.set(uid, shorten(found.path, settings.cwd));
  }
  if (backups.size === 0) return input;
  return { ...input, inTrash: new Map([...input.inTrash!].map(([uid, entry]) => [uid, backups.has(uid) ? { ...entry, backup: backups.get(uid)! } : entry])) };
}
