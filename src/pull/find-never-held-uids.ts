import { readNewestDashboardBackupIn, readNewestLibraryPanelBackupIn, type BackupDirs } from '../apply/find-other-environment-backups.js';
import type { BackupMatch } from '../apply/read-newest-backup-file.js';
import type { GrafanaPort } from '../grafana/port.js';
import { RequestInterruptedError } from '../errors.js';

/** Another environment's file that holds a uid: a file of a directory this run's selection leaves out, which that environment selects. */
export interface HeldElsewhere {
  environment: string;
  /** As shown (relative to the working directory). */
  file: string;
}

export interface NeverHeldEvidence {
  /** The run's backup directories (apply's, this environment's and the others'); absent: no backup is looked for, none is known. */
  backups: BackupDirs | undefined;
  source: () => Promise<BackupMatch>;
  /**
   * Uids another environment's directory holds (a per-environment variant: a file of a directory this run leaves out, which
   * that environment selects), by kind: a create made there and promoted here, not applied here yet.
   */
  heldElsewhere?: (uid: string, resource: 'dashboard' | 'library-panel') => HeldElsewhere | undefined;
  /**
   * Whether a pull, apply or restore in this clone (or before its `git init`) saw this Grafana hold the library panel
   * (LibraryPullRecord: any content of it). A panel none recorded there, with no backup of it, is one this Grafana never held
   * as far as dashsync can tell (Grafana keeps no "Recently deleted" of library panels).
   */
  panelRecorded: (uid: string) => Promise<boolean>;
}

/**
 * What tells that this Grafana never held a uid: its readable "Recently deleted" does not hold it, another environment's
 * directory holds it, or (a library panel) no pull or apply in this clone recorded it there (any of them).
 */
export interface NeverHeld {
  /** "Recently deleted" was read and does not hold it (dashboards only: Grafana keeps none of library panels). */
  trashRead: boolean;
  elsewhere?: HeldElsewhere;
  /** A library panel the record of this clone's pulls and applies does not hold (NeverHeldEvidence.panelRecorded). */
  unrecorded?: true;
}

/** One file pull --prune would delete: its uid and what it holds. */
export interface PruneCandidate {
  uid: string;
  resource?: 'library-panel';
}

export interface NeverHeldJudgement {
  /** Uid → why dashsync can tell this Grafana never held it: a create not applied here yet, whose file is kept. */
  neverHeld: Map<string, NeverHeld>;
  /** The dashboard uids nothing told of either way (no backup, and "Recently deleted" cannot tell): pruned as before, their lines saying so. */
  unknown: Set<string>;
  /**
   * Why this Grafana's "Recently deleted" told nothing of the dashboards (`/api`, legacy SQL storage, a list that could not be
   * read); null where it was read or no dashboard was asked about. Said on the lines of the files deleted or kept without it.
   */
  trashUnknown: string | null;
}

/**
 * Of the files `pull --prune` would delete (Grafana lists none of their uids), those whose uid this Grafana never held as far as
 * dashsync can tell: dashsync has no backup of it from this Grafana, it is not in this Grafana's "Recently deleted" where that
 * can be read, and either that list was read (dashboards: a delete made in Grafana's UI leaves the uid there) or another
 * environment's directory holds the uid (a create made there and promoted, walk-71 M4). Grafana keeps no "Recently deleted" of
 * library panels: there the record of this clone's pulls and applies speaks (`panelRecorded`): a panel none of them saw in
 * this Grafana is a `_library/` file new in git, the user's work, not applied here yet (fixl-73). Such a file is a create not
 * applied here yet, not one deleted in Grafana. Where the list cannot be read (legacy SQL storage, `/api`, a listing refused to
 * these credentials) and no other environment holds a dashboard's uid, pull cannot tell the two apart and prunes as before,
 * saying so (`trashUnknown`). One listing of "Recently deleted" (only where a dashboard is asked about), one backup look-up
 * per uid, one read of the record per library panel.
 */
export async function judgeNeverHeld(grafana: Pick<GrafanaPort, 'recentlyDeletedEntries' | 'api'>, candidates: readonly PruneCandidate[], evidence: NeverHeldEvidence): Promise<NeverHeldJudgement> {
  const neverHeld = new Map<string, NeverHeld>();
  const unknown = new Set<string>();
  if (candidates.length === 0) return { neverHeld, unknown, trashUnknown: null };
  const trash = candidates.some((candidate) => candidate.resource === undefined) ? await readTrash(grafana) : null;
  let source: BackupMatch | undefined;
  for (const { uid, resource } of candidates) {
    const panel = resource === 'library-panel';
    const trashRead = !panel && trash !== null && trash.trashed !== null;
    if (trashRead && trash!.trashed!.has(uid)) continue;
    const elsewhere = evidence.heldElsewhere?.(uid, panel ? 'library-panel' : 'dashboard');
    if (panel && (await evidence.panelRecorded(uid))) continue;
    if (evidence.backups !== undefined) {
      source ??= await evidence.source();
      const read = panel ? readNewestLibraryPanelBackupIn : readNewestDashboardBackupIn;
      const backup = await read(evidence.backups, uid, source).catch(() => 'unreadable' as const);
      if (backup !== null) continue;
    }
    if (trashRead || elsewhere !== undefined || panel) neverHeld.set(uid, { trashRead, ...(elsewhere !== undefined && { elsewhere }), ...(panel && { unrecorded: true as const }) });
    else unknown.add(uid);
  }
  return { neverHeld, unknown, trashUnknown: trash?.unknown ?? null };
}

/** This Grafana's "Recently deleted" (null where it cannot tell), and why not where it cannot. */
async function readTrash(grafana: Pick<GrafanaPort, 'recentlyDeletedEntries' | 'api'>): Promise<{ trashed: ReadonlyMap<string, unknown> | null; unknown: string | null }> {
  let listed: Awaited<ReturnType<GrafanaPort['recentlyDeletedEntries']>>;
  try {
    listed = await grafana.recentlyDeletedEntries();
  } catch (error) {
    if (error instanceof RequestInterruptedError) throw error;
    return { trashed: null, unknown: `its "Recently deleted" could not be listed (${(error as Error).message})` };
  }
  if (listed instanceof Map) return { trashed: listed, unknown: null };
  // No trash (legacy SQL storage, `/api`), or a list that could not be read: an empty answer proves nothing.
  if (listed !== null) return { trashed: null, unknown: `its "Recently deleted" could not be listed (${(listed as { unread: string }).unread})` };
  return {
    trashed: null,
    unknown:
      grafana.api === 'legacy'
        ? 'this run reads Grafana through /api, which does not list its "Recently deleted"'
        : 'this Grafana keeps no "Recently deleted" (its dashboards are on legacy SQL storage, which deletes for good)',
  };
}
