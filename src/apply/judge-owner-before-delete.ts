import type { GrafanaPort, LiveDashboard } from '../grafana/port.js';
import type { DeleteHeldOwner } from './types.js';
import { isUncommittedPush } from '../plan/mark-uncommitted-push.js';
import { readNewestSave } from '../plan/read-owners-unseen.js';
import { createSincePushReader } from '../plan/read-since-push.js';

/**
 * What the apply finds for a delete whose owner its saved plan could not judge (DashboardAction.ownerNotJudged): `pushed`,
 * dashsync saved it last (deleted as planned); `others`, its history shows dashsync did not save it last (another tool's, or made in
 * Grafana: held); `uncommitted`, dashsync saved it last from a file HEAD did not hold as it was (its note says `[uncommitted]`: no
 * commit holds that version, and the plan, which could not read the history, never showed it: held); `unread`, these credentials
 * may not read its history either, or Grafana cannot list it (held).
 */
export type OwnerAtApply = 'pushed' | DeleteHeldOwner;

/**
 * Judges a prune delete as the plan judges the ones it can (judgeSavedLastByDashsync: whether dashsync saved it last; readUncommittedPrunes:
 * whether that push was of a file not committed), from the dashboard just read before its backup: one history read. Git is not asked
 * whether it holds that newest save (the plan that could not judge it did not compare it either): one someone else saved last is
 * held, and so is a push no commit held.
 */
export async function judgeOwnerBeforeDelete(grafana: Pick<GrafanaPort, 'readLastSave' | 'readEarlierPush'>, live: LiveDashboard): Promise<OwnerAtApply> {
  const save = await readNewestSave(createSincePushReader(grafana), live);
  if (typeof save === 'string') return 'unread';
  if (save.byDashsync !== true) return 'others';
  return isUncommittedPush(save, live.pushed) ? 'uncommitted' : 'pushed';
}
