import type { GrafanaPort, LiveDashboard } from '../grafana/port.js';
import { judgeSavedLastByDashsync } from '../plan/read-owners-unseen.js';
import { createSincePushReader } from '../plan/read-since-push.js';

/**
 * What the apply finds for a delete whose owner its saved plan could not judge (DashboardAction.ownerNotJudged): `pushed`,
 * dashsync saved it last (deleted as planned); `others`, its history shows dashsync did not save it last (another tool's, or made in
 * Grafana: held); `unread`, these credentials may not read its history either, or Grafana cannot list it (held).
 */
export type OwnerAtApply = 'pushed' | 'others' | 'unread';

/**
 * Judges a prune delete as the plan judges the ones it can (judgeSavedLastByDashsync: whether dashsync saved it last), from the
 * dashboard just read before its backup: one history read. Git is not asked whether it holds that newest save (the plan
 * that could not judge it did not compare it either): one someone else saved last is held.
 */
export async function judgeOwnerBeforeDelete(grafana: Pick<GrafanaPort, 'readLastSave' | 'readEarlierPush'>, live: LiveDashboard): Promise<OwnerAtApply> {
  const judged = await judgeSavedLastByDashsync(createSincePushReader(grafana), live, () => false);
  return judged === 'pushed' || judged === 'others' ? judged : 'unread';
}
