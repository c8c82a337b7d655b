import type { GrafanaPort, LiveDashboard } from '../grafana/port.js';
import { backedUpModelDigest } from '../normalize/backed-up-model-digest.js';
import { backupTitle, type DashboardBackup } from './write-backup.js';

/** The dashboard Grafana holds under a backed-up uid that is not the backed-up one, as restore's line names it. */
export interface OtherHolder {
  title: string | null;
  version: number;
  /** Its last save: who (a login, or a typed identity on `/apis`; '' when unknown) and when (ISO). */
  savedBy: string;
  savedAt: string;
  /**
   * Not known to be another: the oldest version of it read (versions_to_keep trimmed its history below version 1, `/apis`' read
   * stopped at its cap, or version 1 is in the other schema family and left out),
   * none of which holds the backup's title or content. It may be the backed-up dashboard restored and edited since, or
   * another one made under the uid: restore cannot tell, and writes nothing.
   */
  historyFrom?: number;
}

/** The backup's internal id: a classic model's `id` (`/api`), else the `deprecatedInternalID` label it was read with; null when it records none. */
function backupInternalId(backup: DashboardBackup): number | null {
  if (typeof backup.dashboard.id === 'number') return backup.dashboard.id;
  const label = Number(backup.metadata?.labels['grafana.app/deprecatedInternalID']);
  return Number.isInteger(label) && label > 0 ? label : null;
}

/**
 * Pure: whether the dashboard Grafana holds under the uid is another one than the backup's, made under its uid after the
 * backup's delete (by hand, by another tool), rather than the backed-up dashboard itself (never deleted, given back by
 * "Recently deleted" with its id, or restored from a backup and perhaps edited since). Another one: its last save is
 * after the delete (to the second), and it has neither the backup's internal id, nor its content, nor its title. A
 * restore never puts the backup over it; it must not read as "already back" either.
 */
function otherHolderOf(live: LiveDashboard, backup: DashboardBackup): OtherHolder | null {
  const backupId = backupInternalId(backup);
  if (backupId !== null && live.internalId === backupId) return null;
  // Grafana records a save to the second: one in the delete's second counts as after it.
  if (!(Date.parse(live.lastSave.at) >= Math.floor(Date.parse(backup.deletedAt) / 1000) * 1000)) return null;
  const title = typeof live.model.title === 'string' ? live.model.title : null;
  if (title === backupTitle(backup)) return null;
  if (backedUpModelDigest(live.model) === backedUpModelDigest(backup.dashboard)) return null;
  return { title, version: live.version, savedBy: live.lastSave.by, savedAt: live.lastSave.at };
}

/**
 * otherHolderOf, and where it finds another dashboard, its history asked whether an earlier version of it held the backup's
 * title or content: then it is the backup restored (a new id) and edited since, not another one. A history that cannot be
 * read leaves the judgement as it was; one Grafana trimmed below version 1 cannot tell (`historyFrom`).
 */
export async function findOtherHolder(grafana: Pick<GrafanaPort, 'readVersionsBetween'>, live: LiveDashboard, backup: DashboardBackup): Promise<OtherHolder | null> {
  const holder = otherHolderOf(live, backup);
  if (holder === null || live.version < 2 || grafana.readVersionsBetween === undefined) return holder;
  const past = await grafana.readVersionsBetween(live.uid, { after: 0, before: live.version }, { apiVersion: live.apiVersion }).catch(() => []);
  const digest = backedUpModelDigest(backup.dashboard);
  const title = backupTitle(backup);
  if (past.some((version) => version.model.title === title || backedUpModelDigest(version.model) === digest)) return null;
  // Grafana keeps only the newest versions (versions_to_keep): a history read without version 1 cannot tell it is another one (none read: judged as before).
  if (past.length === 0 || past.some((version) => version.version === 1)) return holder;
  return { ...holder, historyFrom: Math.min(...past.map((version) => version.version)) };
}
