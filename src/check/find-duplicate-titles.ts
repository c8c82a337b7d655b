import type { UidSharer } from '../files/find-uid-sharers.js';
import { titleSlugKey } from '../files/title-slug-key.js';
import type { DashboardEntry } from '../files/types.js';
import { groupBy } from '../group-by.js';

export interface DuplicateTitle {
  /** The dashboard file this finding is about. */
  file: string;
  title: string;
  /** The other files of the same folder whose title Grafana ≤ 11.2 would treat as the same, each with the environments that deploy both. */
  others: UidSharer[];
}

/**
 * Pure: dashboards that share a folder and a title. Grafana ≤ 11.2 compares the slug of
 * the title (grafana-api.md §1.5 step 10), so `CPU usage` and `cpu-usage` clash too;
 * later releases allow both. One finding per file involved, in tree order. `titleKey` says which titles are one
 * (by default those whose slugs may be equal); `together`, which files reach one Grafana (DeployedTogether; without it, all do).
 */
export function findDuplicateTitles<D extends Pick<DashboardEntry, 'file' | 'folderUid' | 'title'>>(
  dashboards: readonly D[],
  titleKey: (title: string) => string = titleSlugKey,
  together: (dashboard: D, other: D) => string[] | undefined = () => [],
): DuplicateTitle[] {
  const groups = groupBy(dashboards, (dashboard) => `${dashboard.folderUid ?? ''}\u0000${titleKey(dashboard.title)}`);
  const findings: DuplicateTitle[] = [];
  for (const dashboard of dashboards) {
    const group = groups.get(`${dashboard.folderUid ?? ''}\u0000${titleKey(dashboard.title)}`)!;
    if (group.length < 2) continue;
    const others = group
      .filter((other) => other.file !== dashboard.file)
      .map((other) => ({ file: other.file, environments: together(dashboard, other) }))
      .filter((other): other is UidSharer => other.environments !== undefined);
    if (others.length === 0) continue;
    findings.push({ file: dashboard.file, title: dashboard.title, others });
  }
  return findings;
}
