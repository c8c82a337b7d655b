import type { DashboardPermissions } from '../grafana/port.js';
import { dashboardActions, type DashboardAction, type Plan, type PlanWarning } from './types.js';

type Need = { permission: string; folderUid: string | null };

/** What a dashboard change needs where: an update write where it is, a move that and create where it goes, a delete delete. */
function needsOf(action: DashboardAction): Need[] {
  const liveFolder = action.live?.folderUid ?? action.folderUid;
  switch (action.action) {
    case 'create':
      return [{ permission: 'dashboards:create', folderUid: action.folderUid }];
    case 'update':
      return [{ permission: 'dashboards:write', folderUid: liveFolder }];
    case 'move':
      return [
        { permission: 'dashboards:write', folderUid: liveFolder },
        { permission: 'dashboards:create', folderUid: action.folderUid },
      ];
    case 'delete':
      return [{ permission: 'dashboards:delete', folderUid: liveFolder }];
    case 'noop':
      return [];
  }
}

/** Whether a scope Grafana lists covers this one: equal, or a wildcard (`*`, `folders:*`, `dashboards:uid:*`) before it. */
const covers = (granted: string, scope: string) => granted === scope || (granted.endsWith('*') && scope.startsWith(granted.slice(0, -1)));

/**
 * Pure: one `not-writable` warning per folder the plan writes dashboards in where Grafana's list of the credentials'
 * permissions grants the needed action neither on the folder, nor on a folder above it (grants are inherited: the
 * folder scope resolver adds the ancestors'), nor by a wildcard, nor on the dashboard itself. Says nothing when unsure:
 * a folder whose parents the plan does not know, one the plan creates (its creator gets Admin on it), or no action
 * listed at all (the read-only note's case).
 */
export function findUnwritableFolders(plan: Pick<Plan, 'actions'>, permissions: DashboardPermissions): PlanWarning[] {
  const parents = new Map<string, string | null>();
  const titles = new Map<string, string>();
  const created = new Set<string>();
  for (const action of plan.actions) {
    if (action.kind !== 'folder') continue;
    titles.set(action.uid, action.live?.title ?? action.title);
    if (action.live) parents.set(action.uid, action.live.parentUid);
    else created.add(action.uid);
  }
  /** The folder and the ones above it, or null when a level's parent is not known. */
  const chain = (folderUid: string): string[] | null => {
    const levels: string[] = [];
    for (let uid: string | null = folderUid; uid !== null; uid = parents.get(uid)!) {
      if (levels.includes(uid) || !parents.has(uid)) return null;
      levels.push(uid);
    }
    return levels;
  };
  const allowed = (need: Need, dashboardUid: string): boolean => {
    const scopes = permissions[need.permission];
    if (scopes === undefined) return false;
    const holds = (scope: string) => scopes.some((granted) => covers(granted, scope));
    if (holds(`dashboards:uid:${dashboardUid}`)) return true;
    if (need.folderUid === null) return holds('folders:uid:general');
    if (created.has(need.folderUid)) return true;
    const levels = chain(need.folderUid);
    return levels === null || levels.some((uid) => holds(`folders:uid:${uid}`));
  };
  const refused = new Map<string | null, { changes: number; permissions: Set<string>; title: string }>();
  for (const action of dashboardActions(plan)) {
    const missing = needsOf(action).filter((need) => !allowed(need, action.uid));
    for (const folderUid of new Set(missing.map((need) => need.folderUid))) {
      const entry = refused.get(folderUid) ?? { changes: 0, permissions: new Set<string>(), title: folderTitle(folderUid, action, titles) };
      entry.changes += 1;
      for (const need of missing) if (need.folderUid === folderUid) entry.permissions.add(need.permission);
      refused.set(folderUid, entry);
    }
  }
  return [...refused].map(([folderUid, entry]) => ({
    kind: 'not-writable',
    uid: null,
    folderUid,
    folderTitle: entry.title,
    changes: entry.changes,
    permissions: [...entry.permissions].sort(),
  }));
}

function folderTitle(folderUid: string | null, action: DashboardAction, titles: Map<string, string>): string {
  if (folderUid === null) return 'General';
  return titles.get(folderUid) ?? (action.live?.folderUid === folderUid ? action.live.folderTitle : folderUid);
}
