import type { SearchHit } from '../grafana/types.js';
import type { DashboardAction, PlanWarning } from './types.js';

/**
 * Pure: dashboards that will land in a folder where another live dashboard already has
 * the same title. Grafana ≤ 11.2 refuses that save (412 name-exists); later releases
 * allow it but people then see two dashboards of one name.
 */
export function findTitleClashes(actions: DashboardAction[], liveDashboards: Iterable<SearchHit>): PlanWarning[] {
  const leaving = new Map(actions.filter((a) => a.action !== 'create').map((a) => [a.uid, a]));
  const byFolderAndTitle = new Map<string, SearchHit[]>();
  for (const hit of liveDashboards) {
    const staying = leaving.get(hit.uid);
    if (staying && (staying.action === 'delete' || staying.action === 'move' || staying.title !== hit.title)) continue;
    const key = clashKey(hit.folderUid || null, hit.title);
    byFolderAndTitle.set(key, [...(byFolderAndTitle.get(key) ?? []), hit]);
  }
  const warnings: PlanWarning[] = [];
  for (const action of actions) {
    if (action.action === 'delete' || action.action === 'noop') continue;
    const other = byFolderAndTitle.get(clashKey(action.folderUid, action.title))?.find((hit) => hit.uid !== action.uid);
    if (other) {
      warnings.push({ kind: 'title-clash', uid: action.uid, title: action.title, folderUid: action.folderUid, otherUid: other.uid });
    }
  }
  return warnings;
}

function clashKey(folderUid: string | null, title: string): string {
  return `${folderUid ?? ''}\u0000${title.trim().toLowerCase()}`;
}
