import { AuthError, HistoryUnreadableError, PermissionError } from '../errors.js';
import type { FirstSaveRestoreReader } from '../plan/read-first-save-restore.js';
import type { GrafanaPort, LiveDashboard } from '../grafana/port.js';
import type { PushOver } from '../grafana/restore-note.js';
import { RESTORE_MESSAGE } from '../plan/decide-drift.js';
import { withLabelsSinceApiSave } from '../plan/labels-since-api-save.js';
import { isOwnWorkInProgress, isUncommittedPush, markUncommittedPush } from '../plan/mark-uncommitted-push.js';
import { isTypedIdentity } from '../report/describe-saver.js';
import type { LiveAuthor } from './decide-pull-file.js';

/** Who saved a live dashboard last, with what the report shows about it. */
export interface LiveAuthorship {
  author: LiveAuthor;
  /** The newest version; 0 when unknown. */
  version: number;
  /** The newest version's message, for a save dashsync made (its content note: content-note.ts); null when Grafana gives none. */
  message?: string | null;
  /** For a save dashsync made, the identity Grafana recorded for it (`user:<uid>`; its content note names the uid). */
  savedBy?: string;
  /**
   * Who (by the name Grafana gives them) and when, for a save someone else made, as Grafana records it: `''` where it names
   * nobody (a deleted account), `Anonymous`, `provisioning:` (describeSaver says what each stands for).
   */
  by?: string;
  at?: string;
  /** Whose save `by` is: a library panel keeps no history, and names a deleted account `''` (describeSaver). */
  of?: 'library panel';
  /** Someone changed its labels or annotations since its newest version: Grafana records neither by whom nor when. */
  metadataEdited?: true;
  /** For an `unknown` author: whether the history could not be read, or was read and names no saver dashsync can judge (Anonymous, none, or its own identity unknown). */
  unknownBecause?: 'history-unreadable' | 'history-unconvertible' | 'saver-unnamed';
  /** For a save someone else made: it restored an older version (a rollback), which says Grafana's version is the one wanted. */
  restored?: boolean;
  /**
   * For a save someone else made: dashsync's restore took it back (restore-note.ts), so Grafana's history begins there and
   * holds no push to tell a change of the file's since from one Grafana had: when, and from where; `over`, dashsync's push the
   * save was made over, as the restore's note recorded it (pull compares the file's commits with it, as with a push in the history).
   */
  restoredByDashsync?: { from: 'trash' | 'backup'; at: string; over?: PushOver };
  /** `by` is a typed identity (recorded through `/apis`) this run through `/api` could not look up (describeSaver's `through-api`). */
  byNotLookedUp?: true;
  /**
   * A library panel last saved by the user these credentials log in as (`dashsync` by that rule) whose live content no
   * committed version of its file holds: a person using the same login may have saved it, so no line calls it dashsync's.
   */
  sameLoginUnconfirmed?: true;
}

export interface LiveAuthorReader {
  /**
   * `fileUncommitted`: the dashboard's file differs from HEAD here, so a push of a file not committed (`[uncommitted]`) that
   * names this checkout (`checkout`: checkoutId), or none, is taken as dashsync's (this checkout's work in progress), as a plan
   * here takes it (isOwnWorkInProgress); any other is someone else's save.
   */
  read(dashboard: Pick<LiveDashboard, 'uid' | 'version' | 'lastSave' | 'pushed' | 'apiVersion' | 'metadata' | 'metadataNotKept'>, options?: { fileUncommitted?: boolean; checkout?: string | null }): Promise<LiveAuthorship>;
}

/**
 * Tells whether dashsync wrote a live dashboard's newest version, by the port's last-save
 * rule (the one the plan's drift warning uses). History Grafana will not show these
 * credentials (a Viewer token gets 403) is `unknown`, not a failure; so is no history at all.
 */
export function createLiveAuthorReader(grafana: GrafanaPort, restores?: FirstSaveRestoreReader): LiveAuthorReader {
  // `/apis` records `user:<uid>`: shown by the name Grafana gives it (asked once per author), else as recorded ('' stays: no saver).
  const nameSaver = async (by: string) => (by === '' ? '' : ((await grafana.nameSavers([by])).get(by) ?? by));
  // Through `/api` no display list answers: a typed identity (a restore's note written through `/apis`) stays unlooked-up.
  const notLookedUp = (by: string) => (grafana.api === 'legacy' && isTypedIdentity(by) ? { byNotLookedUp: true as const } : {});
  return {
    async read(dashboard, options = {}) {
      let save;
      try {
        // Labels someone set since dashsync's `/api` save are their edit, as the plan's drift check takes them.
        const listed = await grafana.readLastSave(dashboard);
        save = withLabelsSinceApiSave(dashboard, restores === undefined ? listed : await restores(dashboard.uid, listed));
        // A push made from a file HEAD did not hold as it was is no commit's: someone else's save, which pull takes (walk-66 M3).
        if (isUncommittedPush(save, dashboard.pushed) && !isOwnWorkInProgress(save, dashboard.pushed, { fileUncommitted: options.fileUncommitted === true, checkout: options.checkout ?? null })) {
          save = markUncommittedPush(save, dashboard.pushed);
        }
      } catch (error) {
        if (error instanceof PermissionError || error instanceof AuthError) return { author: 'unknown', version: dashboard.version, unknownBecause: 'history-unreadable' };
        if (error instanceof HistoryUnreadableError) return { author: 'unknown', version: dashboard.version, unknownBecause: 'history-unconvertible' };
        throw error;
      }
      // A saver dashsync cannot judge (Anonymous, none, or its own identity unknown) is still named, as Grafana records it.
      if (save.byDashsync === null) return { author: 'unknown', version: dashboard.version, unknownBecause: 'saver-unnamed', by: await nameSaver(save.by), at: save.at, ...notLookedUp(save.by) };
      if (save.byDashsync) return { author: 'dashsync', version: save.version, message: save.message, savedBy: save.by };
      // A labels or annotations edit: Grafana does not record who made it, or when.
      if (save.metadataEdited) return { author: 'someone-else', version: save.version, metadataEdited: true };
      const restoredByDashsync = save.restored === undefined ? {} : { restoredByDashsync: { from: save.restored.from, at: save.restored.at, ...(save.restored.over && { over: save.restored.over }) } };
      return { author: 'someone-else', version: save.version, by: await nameSaver(save.by), at: save.at, ...(RESTORE_MESSAGE.test(save.message ?? '') ? { restored: true } : {}), ...restoredByDashsync, ...notLookedUp(save.by) };
    },
  };
}
