import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import pLimit from 'p-limit';
import type { Settings } from '../config/types.js';
import { InputError, PlanFileError } from '../errors.js';
import { hashBytes } from '../files/hash-text.js';
import { TOO_DEEP } from '../files/parse-json.js';
import { useFileBytes } from '../files/read-file-bytes.js';
import { readDesiredLibraryPanel } from '../plan/read-desired-library-panel.js';
import type { DashboardAction, LibraryPanelAction } from '../plan/types.js';
import { readPlannedDashboard } from './read-planned-dashboard.js';
import { planAgain } from '../report/plan-again.js';

/**
 * Every file a saved plan pushes must still have the content that was reviewed (and resolve
 * the same inputs): checked for all of them before the first write, so a stale plan applies
 * nothing at all.
 */
export async function verifyPlanFiles(writes: (DashboardAction | LibraryPanelAction)[], settings: Pick<Settings, 'cwd' | 'inputs' | 'minRefreshInterval' | 'concurrency'>): Promise<void> {
  const limit = pLimit(Math.max(4, settings.concurrency));
  // A file with the plan's digest that holds another uid than its action's: the plan names the wrong file (edited by hand).
  const otherUid: { action: DashboardAction | LibraryPanelAction; uid: string }[] = [];
  const changed = await Promise.all(
    writes.map((action) =>
      limit(async () => {
        if (!action.file || !action.contentHash) return `${action.uid} (no file in the plan)`;
        try {
          if (action.kind === 'library-panel') {
            const read = readDesiredLibraryPanel(action.file, settings);
            if (read.hash !== action.contentHash) return action.file;
            if (read.content.uid !== action.uid) otherUid.push({ action, uid: read.content.uid });
            return null;
          }
          // A canonical model file is checked by its digest and depth alone (its parse cannot have changed): the bytes the plan was made from.
          const read = await readPlannedDashboard({ file: action.file, uid: action.uid, contentHash: action.contentHash }, settings, true, true);
          // A text read is one whose uid is the action's (canonicalModelText); a parsed one says its own.
          if (read.kind === 'parsed' && read.desired.uid !== action.uid) otherUid.push({ action, uid: read.desired.uid });
          return null;
        } catch (error) {
          // A file nested too deep (a digest in a hand-made plan) is named as the tree pass names it.
          if (error instanceof InputError && error.diagnostics.some((diagnostic) => diagnostic.message === TOO_DEEP)) throw error;
          if (!existsSync(resolve(settings.cwd, action.file))) return gone(action.file);
          return error instanceof PlanFileError ? action.file : `${action.file} (invalid)`;
        }
      }),
    ),
  );
  refuseStale(changed.filter((file): file is string => file !== null));
  refuseOtherUid(otherUid);
}

/** A plan whose action names a file holding another uid (a file and digest swapped by hand): refused before any write. */
function refuseOtherUid(found: readonly { action: DashboardAction | LibraryPanelAction; uid: string }[]): void {
  const first = found[0];
  if (first === undefined) return;
  const what = first.action.kind === 'library-panel' ? 'library panel' : 'dashboard';
  const more = found.length > 1 ? ` (and ${found.length - 1} more action${found.length === 2 ? '' : 's'} alike)` : '';
  throw new PlanFileError(
    `the plan contradicts itself: its ${first.action.action} of ${what} ${first.action.uid} names ${first.action.file}, which holds uid ${JSON.stringify(first.uid)}${more} (edited by hand?)`,
    planAgain({ review: true }),
  );
}

/**
 * The creates of a plan made in this run are planned from the tree pass's read of their files, not read again
 * (decideCreate): each file's bytes must still have that digest right before the first write, or nothing is applied.
 * A digest only, no parse: the save reads the file again and refuses other bytes.
 */
export function verifyCreateDigests(dashboards: readonly DashboardAction[], settings: Pick<Settings, 'cwd'>): void {
  refuseStale(
    dashboards.flatMap((action) => {
      if (action.action !== 'create' || !action.file) return [];
      try {
        return useFileBytes(resolve(settings.cwd, action.file), hashBytes) === action.contentHash ? [] : [action.file];
      } catch {
        return [existsSync(resolve(settings.cwd, action.file)) ? `${action.file} (unreadable)` : gone(action.file)];
      }
    }),
  );
}

/** A file the plan pushes that is not there now: most often moved or removed by a commit merged since (another pull request). */
function gone(file: string): string {
  return `${file} (no longer at this path)`;
}

function refuseStale(stale: readonly string[]): void {
  if (stale.length === 0) return;
  throw new PlanFileError(`${stale.length} ${stale.length === 1 ? 'file' : 'files'} changed since the plan was made (${stale.slice(0, 5).join(', ')}${stale.length > 5 ? ', …' : ''})`, planAgain({ review: true }));
}
