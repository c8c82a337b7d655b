import { AuthError, HistoryUnreadableError, PermissionError } from '../errors.js';
import { keepAnswer } from '../grafana/ask-once.js';
import type { EarlierPush, GrafanaPort, LastSave } from '../grafana/port.js';
import type { FirstSaveRestoreReader } from './read-first-save-restore.js';
import type { SavedHead } from './read-saved-commits.js';

/** A dashboard's newest save as a plan reads it: `unreadable`, these credentials may not read its history; `unconvertible`, Grafana cannot list it. */
type LastSaveRead = LastSave | 'unreadable' | 'unconvertible';

/**
 * Whether dashsync pushed a dashboard before its newest save, which someone else made:
 * - `in-history`: a content note of dashsync's, or a marked message without one, lies below that save (whoever's credentials pushed it:
 *   only that the tree held it matters);
 * - `recorded`: the versions Grafana keeps (`[dashboards] versions_to_keep`, 20 by default) stop above the first one, none of
 *   them dashsync's, and dashsync's push record on the dashboard (`/apis`) names it: the push is older than the history;
 * - `cut-short`: the same history, and nothing on the dashboard says whether dashsync pushed it (a caller may know: the tree held it);
 * - `none`: the history reaches the first version and holds no push of dashsync's (made in Grafana), or there is no history to ask.
 */
export type PushBelow = 'in-history' | 'recorded' | 'cut-short' | 'none';

/** One plan's reader of who saved a dashboard since dashsync's last push: its prune deletes, moves and updates ask it. */
export interface SincePushReader {
  /** The newest save (the plan's shared port reads a history once per uid and version). */
  lastSave(head: SavedHead): Promise<LastSaveRead>;
  /** Below a newest save someone else made (`version`, as read from the history): PushBelow. One look down the history per uid and version in a plan. */
  pushBelow(head: SavedHead, version: number): Promise<PushBelow>;
  /** The push that look found (`in-history` with a note naming its content; null otherwise): the same look, not another. */
  pushFound(head: SavedHead, version: number): Promise<EarlierPush | null>;
}

/**
 * The reader of one plan (`restores`: a first version's own message judged where the plan reads it: read-first-save-restore.ts). Every caller looks for dashsync's push the same way: a note whose saver the history cannot check
 * counts (11.2–11.5's `/api` names every service account `Anonymous`, 12.0–12.2's `/apis` `provisioning:`), as it can only
 * add a warning or keep a change as a conflict.
 */
export function createSincePushReader(grafana: Pick<GrafanaPort, 'readLastSave' | 'readEarlierPush'>, restores?: FirstSaveRestoreReader): SincePushReader {
  const looks = new Map<string, Promise<Look>>();
  const read = restores === undefined ? (head: SavedHead) => grafana.readLastSave(head) : async (head: SavedHead) => restores(head.uid, await grafana.readLastSave(head));
  const look = (head: SavedHead, version: number) => keepAnswer(looks, `${version}/${head.uid}`, () => lookBelow(grafana, head, version));
  return {
    lastSave: (head) => orHistoryFailure(() => read(head)),
    pushBelow: async (head, version) => (await look(head, version)).below,
    pushFound: async (head, version) => (await look(head, version)).push,
  };
}

interface Look {
  below: PushBelow;
  push: EarlierPush | null;
}

async function lookBelow(grafana: Pick<GrafanaPort, 'readEarlierPush'>, head: SavedHead, version: number): Promise<Look> {
  // Its first version (made in Grafana, never saved again) has none below it to be dashsync's.
  if (version <= 1 || grafana.readEarlierPush === undefined) return { below: 'none', push: null };
  let cutShort = false;
  let marked = false;
  const options = { unconfirmed: true, onNotFound: (history: { cutShort: boolean }) => (cutShort = history.cutShort), onUnnotedMark: () => (marked = true) };
  const push = await grafana.readEarlierPush(head.uid, version, options);
  // A marked version without a note (an older release's push, or one whose saver dashsync could not name) counts as dashsync's too.
  if (push !== null || marked) return { below: 'in-history', push };
  if (!cutShort) return { below: 'none', push: null };
  return { below: head.pushed?.bound === true ? 'recorded' : 'cut-short', push: null };
}

/**
 * What a history read answers, or its failure a plan goes on after, as LastSaveRead names it (a Viewer may not read the
 * history: 403, `unreadable`; an entry Grafana cannot convert, `unconvertible`); any other failure is thrown.
 */
export async function orHistoryFailure<T>(read: () => Promise<T>): Promise<T | 'unreadable' | 'unconvertible'> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof PermissionError || error instanceof AuthError) return 'unreadable';
    if (error instanceof HistoryUnreadableError) return 'unconvertible';
    throw error;
  }
}
