import pLimit from 'p-limit';
import type { Settings } from '../config/types.js';
import { PlanFileError } from '../errors.js';
import { readDesired } from '../plan/read-desired.js';
import { readDesiredLibraryPanel } from '../plan/read-desired-library-panel.js';
import type { DashboardAction, LibraryPanelAction } from '../plan/types.js';

/**
 * Every file a saved plan pushes must still have the content that was reviewed (and resolve
 * the same inputs): checked for all of them before the first write, so a stale plan applies
 * nothing at all.
 */
export async function verifyPlanFiles(writes: (DashboardAction | LibraryPanelAction)[], settings: Pick<Settings, 'cwd' | 'inputs' | 'minRefreshInterval' | 'concurrency'>): Promise<void> {
  const limit = pLimit(Math.max(4, settings.concurrency));
  const changed = await Promise.all(
    writes.map((action) =>
      limit(async () => {
        if (!action.file || !action.contentHash) return `${action.uid} (no file in the plan)`;
        try {
          const hash = action.kind === 'library-panel' ? readDesiredLibraryPanel(action.file, settings).hash : (await readDesired(action.file, settings)).hash;
          return hash === action.contentHash ? null : action.file;
        } catch {
          return `${action.file} (missing or invalid)`;
        }
      }),
    ),
  );
  const stale = changed.filter((file): file is string => file !== null);
  if (stale.length > 0) {
    throw new PlanFileError(
      `${stale.length} file(s) changed since the plan was made (${stale.slice(0, 5).join(', ')}${stale.length > 5 ? ', …' : ''}); nothing was applied. Run dashsync plan again and review it`,
    );
  }
}
