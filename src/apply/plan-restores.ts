import type { BackupFromElsewhere } from './read-newest-backup-file.js';
import { restoreSourceOf, type RestoreSource } from './restore-source.js';
import { PlanFileError } from '../errors.js';
import type { GrafanaPort } from '../grafana/port.js';
import type { NamedBackup } from './read-named-backup.js';
import type { DashboardBackup } from './write-backup.js';
import type { LibraryPanelBackup } from './write-library-panel-backup.js';
import { readNewestDashboardBackupIn, readNewestLibraryPanelBackupIn, type FoundBackup, type OtherEnvironmentBackups } from './find-other-environment-backups.js';

type RestoreKind = 'library-panel' | 'dashboard';

export type RestoreTarget =
  /** `named`: the backup --from-backup named. */
  | { uid: string; kind: 'library-panel'; found: FoundBackup<LibraryPanelBackup>; named?: true }
  /** `given`: the backup --from-backup named, restored without asking "Recently deleted". */
  | { uid: string; kind: 'dashboard'; given?: { path: string; backup: DashboardBackup; overTrash?: true } }
  /** Only backups from another Grafana or org hold this library panel (Grafana keeps no deleted library panels). */
  | { uid: string; kind: 'library-panel-elsewhere'; elsewhere: BackupFromElsewhere[] }
  /** A backup of this uid cannot be read: nothing is tried for it. */
  | { uid: string; kind: 'unreadable'; message: string };

/**
 * What `restore <uid…>` brings back, in order: every library panel first, so that a dashboard
 * restored after it finds its panels (a dashboard save connects the panels it uses, and fails
 * when one is missing). Grafana keeps dashboard and library panel uids apart, so a uid is looked
 * up as both: a uid with a library panel backup (from this Grafana and org) is a library panel;
 * one with a dashboard backup too is both, minus the kind that Grafana still has when the other
 * is gone; a uid with neither backup is a dashboard (Grafana's "Recently deleted" may hold it).
 * A uid whose only backups, library panel ones, are from another Grafana or org is a library panel that cannot be
 * restored without --from-backup (`named`: the one uid's backup it names). `otherBackupDirs`: the other environments'
 * directories, searched too (readNewestIn). Reads only: the backups, and Grafana where a uid has both kinds of backup.
 */
export async function planRestores(
  uids: readonly string[],
  /** `cwd`: the run's working directory, which a backup that cannot be read is named from. */
  context: { grafana: GrafanaPort; backupDir: string; otherBackupDirs?: readonly OtherEnvironmentBackups[]; named?: NamedBackup; source?: RestoreSource; cwd?: string },
): Promise<RestoreTarget[]> {
  const { grafana, named } = context;
  const dirs = { own: context.backupDir, others: context.otherBackupDirs ?? [], ...(context.cwd !== undefined && { cwd: context.cwd }) };
  if (named) {
    const { path } = named;
    return [
      named.kind === 'dashboard'
        ? { uid: named.backup.uid, kind: 'dashboard', given: { path, backup: named.backup, ...(named.overTrash && { overTrash: named.overTrash }) } }
        : { uid: named.backup.uid, kind: 'library-panel', found: { path, backup: named.backup }, named: true },
    ];
  }
  const source = (context.source ?? (await restoreSourceOf(grafana))).match;
  const libraryPanels: RestoreTarget[] = [];
  const dashboards: RestoreTarget[] = [];
  for (const uid of new Set(uids)) {
    try {
      const panelsElsewhere: BackupFromElsewhere[] = [];
      const found = await readNewestLibraryPanelBackupIn(dirs, uid, source, panelsElsewhere);
      if (!found && panelsElsewhere.length > 0) {
        const dashboardsElsewhere: BackupFromElsewhere[] = [];
        // A dashboard backup that cannot be read is reported when the dashboard is restored, as before.
        const dashboardHere = await readNewestDashboardBackupIn(dirs, uid, source, dashboardsElsewhere).catch(() => 'unreadable' as const);
        if (dashboardHere === null) {
          libraryPanels.push({ uid, kind: 'library-panel-elsewhere', elsewhere: panelsElsewhere });
          if (dashboardsElsewhere.length === 0) continue;
        }
      }
      const both = found !== null && (await readNewestDashboardBackupIn(dirs, uid, source)) !== null;
      const kinds: RestoreKind[] = !found ? ['dashboard'] : both ? await missingKinds(grafana, uid) : ['library-panel'];
      if (found && kinds.includes('library-panel')) libraryPanels.push({ uid, kind: 'library-panel', found });
      if (kinds.includes('dashboard')) dashboards.push({ uid, kind: 'dashboard' });
    } catch (error) {
      if (!(error instanceof PlanFileError)) throw error;
      libraryPanels.push({ uid, kind: 'unreadable', message: error.message });
    }
  }
  return [...libraryPanels, ...dashboards];
}

/** Both kinds, unless exactly one of them is still in Grafana (then the other). */
async function missingKinds(grafana: GrafanaPort, uid: string): Promise<RestoreKind[]> {
  const [panel, dashboard] = await Promise.all([grafana.getLibraryPanel(uid), grafana.getDashboard(uid)]);
  if (panel && !dashboard) return ['dashboard'];
  if (dashboard && !panel) return ['library-panel'];
  return ['library-panel', 'dashboard'];
}
