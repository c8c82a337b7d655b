import { titleSlugKey } from '../files/title-slug-key.js';
import type { DashboardOwner, ListedDashboard } from '../grafana/port.js';
import type { DashboardAction, PlanWarning } from './types.js';

/**
 * Pure: dashboards that will land in a folder where another dashboard — live, or another
 * file of the tree — has the same title after the plan. Grafana ≤ 11.2 refuses that save
 * (412 name-exists); later releases allow it, but people then see two dashboards of one name.
 * Titles compare by slug, as Grafana 11.2 does (`CPU usage` and `cpu-usage` clash), like check's rule. A live one another tool
 * manages, as the listing says (`/apis`), is named with that tool: dashsync never renames it. `allowed`: the Grafana planned
 * against takes it (11.3 and later): only a clash this plan makes is named (`allowed: true`), not two dashboards Grafana already
 * holds in that folder under that title (walk-64 L4: an adopted Grafana's duplicates warned on every plan that moved them).
 */
export function findTitleClashes(
  actions: DashboardAction[],
  liveDashboards: Iterable<ListedDashboard>,
  folderTitle: (uid: string) => string | undefined = () => undefined,
  allowed = false,
): PlanWarning[] {
  // Only a dashboard the plan writes can land on a title: a plan that writes none (all unchanged) has nothing to compare.
  const landing = actions.filter((action) => action.action !== 'delete' && action.action !== 'noop');
  if (landing.length === 0) return [];
  const planned = new Map(actions.map((a) => [a.uid, a]));
  const occupants = new Map<string, string[]>();
  const owners = new Map<string, DashboardOwner>();
  const occupy = (key: string, uid: string) => {
    const uids = occupants.get(key);
    if (uids === undefined) occupants.set(key, [uid]);
    else uids.push(uid);
  };
  for (const hit of liveDashboards) {
    // A live dashboard the plan touches is counted where the plan puts it (below), not where it is. No title: listed
    // without one in a folder nothing lands in, or gone before its read (titlesToRead, read by createPlan).
    if (planned.has(hit.uid) || hit.title === null) continue;
    occupy(clashKey(hit.folderUid, hit.title), hit.uid);
    if (hit.owner) owners.set(hit.uid, hit.owner);
  }
  // Each landing dashboard's key once: it is both where it lands and what it is looked up by.
  const landingKeys = new Map<DashboardAction, string>();
  for (const action of actions) {
    if (action.action === 'delete') continue;
    const key = clashKey(action.folderUid, action.title);
    if (action.action !== 'noop') landingKeys.set(action, key);
    occupy(key, action.uid);
  }

  const warnings: PlanWarning[] = [];
  const reported = new Set<string>();
  for (const action of landing) {
    const key = landingKeys.get(action)!;
    // Where Grafana takes the pair, one already in that folder under that title makes no clash: a newcomer's line names the pair.
    if (allowed && action.live !== null && clashKey(action.live.folderUid, action.live.title) === key) continue;
    const otherUid = occupants.get(key)?.find((uid) => uid !== action.uid);
    if (otherUid === undefined || reported.has(`${otherUid}\u0000${action.uid}`)) continue;
    reported.add(`${action.uid}\u0000${otherUid}`);
    const title = action.folderUid === null ? undefined : folderTitle(action.folderUid);
    const otherFile = planned.get(otherUid)?.file ?? undefined;
    const owner = owners.get(otherUid);
    warnings.push({
      kind: 'title-clash',
      uid: action.uid,
      title: action.title,
      folderUid: action.folderUid,
      ...(title === undefined ? {} : { folderTitle: title }),
      otherUid,
      ...(otherFile === undefined ? {} : { otherFile }),
      ...(owner && { otherManager: owner.manager, ...(owner.id !== '' && { otherManagerId: owner.id }) }),
      ...(allowed && { allowed: true as const }),
    });
  }
  return warnings;
}

function clashKey(folderUid: string | null, title: string): string {
  return `${folderUid ?? ''}\u0000${titleSlugKey(title)}`;
}
