import type { LastSave } from '../grafana/port.js';
import type { EditedSincePush } from './read-edited-since-push.js';
import { isUncommittedPush, markUncommittedPush } from './mark-uncommitted-push.js';
import type { SavedHead } from './read-saved-commits.js';
import type { SincePushReader } from './read-since-push.js';

/**
 * uid → the newest save of each prune candidate that is dashsync's push of a file HEAD did not hold as it was (its note says
 * `[uncommitted]`), read as someone else's save (markUncommittedPush): no commit holds it, so its delete loses work git never
 * held, and the plan warns of it as drift (an apply no one reviewed keeps it). No request of its own: through `/apis` the push
 * record on the dashboard keeps the message; otherwise readEditedSincePush read the newest save already (the plan's shared
 * reader answers again from what it read). Candidates someone else saved since (`edited`: judged there) are not asked.
 * `messageUnread`: dashsync's pushes whose message as saved `/api` did not answer (LastSave.messageUnread), where `[uncommitted]` is not seen.
 */
export async function readUncommittedPrunes(
  pushes: Pick<SincePushReader, 'lastSave'>,
  heads: readonly SavedHead[],
  edited: ReadonlyMap<string, EditedSincePush | string>,
): Promise<{ uncommitted: Map<string, LastSave>; messageUnread: Map<string, LastSave> }> {
  const uncommitted = new Map<string, LastSave>();
  const messageUnread = new Map<string, LastSave>();
  for (const head of heads) {
    if (edited.has(head.uid)) continue;
    const save = head.lastSave.byDashsync === true ? head.lastSave : await pushes.lastSave({ ...head, lastSave: { ...head.lastSave, byDashsync: null } });
    if (typeof save === 'object' && save.byDashsync === true && save.messageUnread === true) messageUnread.set(head.uid, save);
    else if (isUncommittedPush(save, head.pushed)) uncommitted.set(head.uid, markUncommittedPush(save, head.pushed));
  }
  return { uncommitted, messageUnread };
}
