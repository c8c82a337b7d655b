import type { Diagnostic } from '../errors.js';
import type { LibraryPanelEntry } from './types.js';
import { clashEnvironments, describeDeployedWith } from './deployed-together.js';
import { quoteText } from '../report/escape-untrusted.js';
import { groupBy } from '../group-by.js';
import { compareCodeUnitsBy } from '../compare-code-units.js';

/** One file's side of a clash, and the key of the file that clashes (where its line:col points). */
export interface LibraryPanelConflict {
  panel: LibraryPanelEntry;
  key: 'uid' | 'name';
  diagnostic: Diagnostic;
}

/**
 * Pure: what Grafana's unique keys refuse — one uid per org, and one name per folder — reported
 * on every file of a clashing group, each naming the others that reach one Grafana with it
 * (`together`: the environments that deploy both, DeployedTogether; without it, all do).
 */
export function findLibraryPanelConflicts(
  panels: LibraryPanelEntry[],
  together: (panel: LibraryPanelEntry, other: LibraryPanelEntry) => string[] | undefined = () => [],
): LibraryPanelConflict[] {
  const conflicts: LibraryPanelConflict[] = [];
  const report = (key: LibraryPanelConflict['key'], group: (panel: LibraryPanelEntry) => string, rule: string, message: (panel: LibraryPanelEntry, others: string) => string) => {
    for (const members of groupBy(panels, group).values()) {
      if (members.length < 2) continue;
      for (const panel of members) {
        const others = members
          .filter((other) => other !== panel)
          .map((other) => ({ file: other.file, environments: together(panel, other) }))
          .filter((other): other is { file: string; environments: string[] } => other.environments !== undefined)
          .sort(compareCodeUnitsBy(({ file }) => file));
        if (others.length === 0) continue;
        const named = others.map((other) => describeDeployedWith(other.file, other.environments)).join(', ');
        conflicts.push({ panel, key, diagnostic: { file: panel.file, severity: 'error', rule, message: message(panel, named), uid: panel.uid, ...clashEnvironments(others) } });
      }
    }
  };
  report('uid', (panel) => panel.uid, 'uid-duplicate', (panel, others) => `library panel uid "${panel.uid}" is also used by ${others}: every library panel needs its own uid`);
  report(
    'name',
    (panel) => `${panel.folderUid ?? ''}\u0000${panel.name}`,
    'library-name-duplicate',
    (panel, others) => `library panel name ${quoteText(panel.name)} is also used by ${others} in the same folder: Grafana refuses two library panels of one name in one folder; give one of them another "name"`,
  );
  return conflicts;
}
