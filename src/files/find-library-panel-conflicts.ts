import type { Diagnostic } from '../errors.js';
import type { LibraryPanelEntry } from './types.js';

/**
 * Pure: what Grafana's unique keys refuse — one uid per org, and one name per folder — reported
 * on every file of a clashing group, each naming the others.
 */
export function findLibraryPanelConflicts(panels: LibraryPanelEntry[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (key: (panel: LibraryPanelEntry) => string, rule: string, message: (panel: LibraryPanelEntry, others: string) => string) => {
    const groups = new Map<string, LibraryPanelEntry[]>();
    for (const panel of panels) groups.set(key(panel), [...(groups.get(key(panel)) ?? []), panel]);
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      for (const panel of group) {
        const others = group.filter((other) => other !== panel).map((other) => other.file).sort().join(', ');
        diagnostics.push({ file: panel.file, severity: 'error', rule, message: message(panel, others) });
      }
    }
  };
  report((panel) => panel.uid, 'uid-duplicate', (panel, others) => `library panel uid "${panel.uid}" is also used by ${others}: every library panel needs its own uid`);
  report(
    (panel) => `${panel.folderUid ?? ''}\u0000${panel.name}`,
    'library-name-duplicate',
    (panel, others) => `library panel name "${panel.name}" is also used by ${others} in the same folder: Grafana refuses two library panels of one name in one folder`,
  );
  return diagnostics;
}
