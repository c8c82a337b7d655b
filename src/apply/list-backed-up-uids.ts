import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PlanFileError } from '../errors.js';
import type { GrafanaPort } from '../grafana/port.js';
import { uidProblem } from '../files/uid-rules.js';
import { describeBackupSource, type BackupFromElsewhere, type BackupSource } from './read-newest-backup-file.js';
import { readNewestBackup } from './write-backup.js';
import { LIBRARY_PANELS, readNewestLibraryPanelBackup } from './write-library-panel-backup.js';

/** A uid `restore --all` takes: its newest backup from the chosen source is absent in Grafana now. */
interface BackedUpUid {
  uid: string;
  kind: 'dashboard' | 'library-panel';
  /** When its newest backup was taken; null: the backup cannot be read (restore reports it, nothing is written for it). */
  deletedAt: string | null;
}

export interface BackedUpSelection {
  /** Library panels first, then dashboards, each by uid. */
  absent: BackedUpUid[];
  /** Backed up (and in the time asked), but Grafana holds the uid now: left as they are. */
  present: number;
  /** Backed up before --deleted-since: passed over. */
  older: number;
  /** Uids whose only backups are from another Grafana URL or org, by that source (`origin org N`). */
  elsewhere: Map<string, number>;
}

/**
 * What `restore --all` brings back: every uid under `backupDir` (`<uid>/` for dashboards, `library-panels/<uid>/` for library
 * panels) whose newest backup taken from `source` is from `since` on (none: any), and which Grafana does not hold now (one
 * listing of dashboards and one of library panels; a dashboard in "Recently deleted" is not listed, so it is taken). A name
 * that is not a uid is no backup directory of dashsync's and is passed over. Reads only.
 */
export async function listBackedUpUids(
  backupDir: string,
  grafana: Pick<GrafanaPort, 'listDashboards' | 'listLibraryPanels'>,
  source: Required<BackupSource>,
  since: Date | null,
): Promise<BackedUpSelection> {
  const selection: BackedUpSelection = { absent: [], present: 0, older: 0, elsewhere: new Map() };
  const candidates: BackedUpUid[] = [];
  const consider = async (uid: string, kind: BackedUpUid['kind']) => {
    const elsewhere: BackupFromElsewhere[] = [];
    let found;
    try {
      found = kind === 'dashboard' ? await readNewestBackup(backupDir, uid, source, elsewhere) : await readNewestLibraryPanelBackup(backupDir, uid, source, elsewhere);
    } catch (error) {
      if (!(error instanceof PlanFileError)) throw error;
      candidates.push({ uid, kind, deletedAt: null });
      return;
    }
    if (found === null) {
      const from = elsewhere[0];
      if (from !== undefined) {
        const name = describeBackupSource(from.source);
        selection.elsewhere.set(name, (selection.elsewhere.get(name) ?? 0) + 1);
      }
      return;
    }
    if (since !== null && !(Date.parse(found.backup.deletedAt) >= since.getTime())) selection.older += 1;
    else candidates.push({ uid, kind, deletedAt: found.backup.deletedAt });
  };
  for (const uid of await uidDirectories(backupDir)) await consider(uid, 'dashboard');
  for (const uid of await uidDirectories(join(backupDir, LIBRARY_PANELS))) await consider(uid, 'library-panel');
  if (candidates.length === 0) return selection;

  const liveDashboards = new Set<string>();
  if (candidates.some((candidate) => candidate.kind === 'dashboard')) for await (const summary of grafana.listDashboards()) liveDashboards.add(summary.uid);
  const livePanels = candidates.some((candidate) => candidate.kind === 'library-panel') ? new Set((await grafana.listLibraryPanels()).map((panel) => panel.uid)) : new Set<string>();
  for (const candidate of candidates) {
    const live = candidate.kind === 'dashboard' ? liveDashboards : livePanels;
    // An unreadable backup is kept whatever Grafana holds: its line says what is wrong with the file.
    if (candidate.deletedAt !== null && live.has(candidate.uid)) selection.present += 1;
    else selection.absent.push(candidate);
  }
  const order = (entry: BackedUpUid) => (entry.kind === 'library-panel' ? 0 : 1);
  selection.absent.sort((a, b) => order(a) - order(b) || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  return selection;
}

/** The directories in `dir` named as a uid (a dashboard's uid may be `library-panels` too: its backups are the files there). */
async function uidDirectories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory() && entry.name !== '' && uidProblem(entry.name) !== 'uid-invalid').map((entry) => entry.name);
}
