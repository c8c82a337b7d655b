import { PlanFileError, resentAfterPossibleLanding } from '../errors.js';
import { planAgain } from '../report/plan-again.js';
import { judgeFolderFound, type FolderSeen } from './folder-as-seen.js';
import type { FolderChangeRecord, FolderSaveOutcome, LiveFolder, WriteTally } from './port.js';

/** How one API reads, writes and refuses a folder update (`T`: the folder as that API answers it). */
interface FolderUpdateSteps<T> {
  /** The folder now; null when Grafana has none under the uid. */
  read: (tally?: WriteTally) => Promise<T | null>;
  liveOf: (folder: T) => LiveFolder;
  /** Writes the change over `folder` at its revision; throws Grafana's refusal. */
  write: (folder: T) => Promise<LiveFolder>;
  /** Grafana's refusal of a write at a revision that is no longer the folder's (`/api`: 412 version-mismatch; unified storage: 409). */
  isStale: (error: unknown) => boolean;
  /** Who changed `folder` last and when, as this API records them (a conflict, and a forced write, name them); undefined: not recorded. */
  lastChange: (folder: T) => FolderChangeRecord | undefined;
}

/**
 * A folder update through either API, judged against what the plan saw right before its write (judgeFolderFound): a folder
 * only saved again since is written over, one renamed, moved, or deleted and created again since is a conflict (one
 * renamed or moved at the planned revision: `savedAgain`). A save in the
 * instant between that read and the write is refused as stale; the folder is then read and judged once more: already as
 * wanted is nothing to do (on a resend, an earlier send of ours landed), still as the plan saw it is written at its new
 * revision, and a second refusal is the conflict. +1 GET and +1 write, only after a refusal. A write at any revision
 * (--force) says what it went over (`replaced`).
 */
export async function updateFolderJudged<T>(
  uid: string,
  change: { title: string; parentUid: string | null; expect: string; seen?: FolderSeen },
  steps: FolderUpdateSteps<T>,
  tally?: WriteTally,
): Promise<FolderSaveOutcome> {
  const read = async (reading?: WriteTally): Promise<T> => {
    const found = await steps.read(reading);
    if (found === null) throw new PlanFileError(`folder ${uid} no longer exists in Grafana`, planAgain({ review: false }));
    return found;
  };
  const conflict = (folder: T, found: 'changed' | 'saved-again' | 'recreated'): FolderSaveOutcome => {
    const lastChange = steps.lastChange(folder);
    return { kind: 'conflict', current: steps.liveOf(folder), ...(lastChange !== undefined && { lastChange }), ...(found === 'recreated' && { recreated: true }), ...(found === 'saved-again' && { savedAgain: true }) };
  };
  let current = await read();
  for (let attempt = 1; ; attempt += 1) {
    const live = steps.liveOf(current);
    const found = judgeFolderFound(live, change);
    if (found !== 'as-planned') return conflict(current, found);
    if (live.title === change.title && live.parentUid === change.parentUid) return { kind: 'unchanged', folder: live };
    try {
      const lastChange = steps.lastChange(current);
      const replaced = change.expect === 'any' ? { replaced: { folder: live, ...(lastChange !== undefined && { lastChange }) } } : {};
      return { kind: 'saved', folder: await steps.write(current), ...replaced };
    } catch (error) {
      if (!steps.isStale(error)) throw error;
      current = await read(tally);
      const now = steps.liveOf(current);
      // A resend refused after an earlier send of it may have landed: that send is what changed the folder.
      if (now.title === change.title && now.parentUid === change.parentUid) return resentAfterPossibleLanding(error) ? { kind: 'saved', folder: now } : { kind: 'unchanged', folder: now };
      if (attempt === 2) return conflict(current, 'changed');
    }
  }
}
