import { plural } from '../plural.js';

/** Grafana's count keys (`librarypanels`) as words, singular: plural() adds the `s`. */
const COUNTED: Record<string, string> = { folders: 'folder', dashboards: 'dashboard', librarypanels: 'library panel', alertrules: 'alert rule' };

/** Pure: a folder's non-zero counts as Grafana gives them, in words: `1 folder, 2 dashboards`. */
export function describeFolderCounts(inside: readonly (readonly [string, number])[]): string {
  return inside.map(([kind, n]) => plural(n, COUNTED[kind] ?? kind.replace(/s$/, ''))).join(', ');
}
