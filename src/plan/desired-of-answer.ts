import { InputError } from '../errors.js';
import type { DashboardEntry } from '../files/types.js';
import type { LiveDashboard } from '../grafana/port.js';
import { desiredFromLive, mayHoldLiveModel } from './desired-from-live.js';
import { normalizeLive } from './normalize-live.js';
import { readDesiredNow, type DesiredDashboard, type DesiredSettings } from './read-desired.js';
import type { ShortcutOdds } from './shortcut-odds.js';

/**
 * What a plan compares of one live dashboard it read (null: none): the model normalized, and the file read again in canonical form
 * (not read where its bytes hold the live model in canonical form, while that is likely: desiredFromLive). The same on
 * the main thread and in the decision worker. Throws readDesired's errors, and file-changed where the file's bytes are
 * no longer those the tree pass checked.
 */
export function desiredOfAnswer<D extends LiveDashboard | null>(
  entry: DashboardEntry,
  dashboard: D,
  settings: DesiredSettings,
  shortcut: ShortcutOdds,
): { normalized: D; desired: DesiredDashboard } {
  const normalized = (dashboard && { ...dashboard, model: normalizeLive(dashboard, settings.minRefreshInterval) }) as D;
  const tried = normalized !== null && mayHoldLiveModel(entry, normalized) && shortcut.worthTrying() ? desiredFromLive(entry, normalized) : undefined;
  if (tried !== undefined) shortcut.record(tried !== null);
  const desired = tried ?? readDesiredNow(entry.file, settings, entry.contentHash);
  if (desired.hash !== entry.contentHash) {
    throw new InputError([{ file: entry.file, severity: 'error', rule: 'file-changed', message: 'the file changed while dashsync was planning; run again' }]);
  }
  return { normalized, desired };
}
