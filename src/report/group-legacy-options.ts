import { legacyOptionOf } from '../diff/mark-legacy-options.js';
import type { FieldChange } from '../diff/types.js';

/** One panel's legacy options that Grafana's v2 has no place for (changes marked `legacyOption`), said on one line. */
export interface LegacyOptionsLine {
  panel: string;
  type: string;
  keys: string[];
}

/** Pure: the changes as the plan lists them, each panel's legacy options gathered into one line where the first of them was. */
export function groupLegacyOptions(changes: readonly FieldChange[]): (FieldChange | LegacyOptionsLine)[] {
  const lines: (FieldChange | LegacyOptionsLine)[] = [];
  const byPanel = new Map<string, LegacyOptionsLine>();
  for (const change of changes) {
    if (change.legacyOption === undefined) {
      lines.push(change);
      continue;
    }
    const { panel, key } = legacyOptionOf(change);
    const line = byPanel.get(panel);
    if (line !== undefined) line.keys.push(key);
    else {
      const created = { panel, type: change.legacyOption, keys: [key] };
      byPanel.set(panel, created);
      lines.push(created);
    }
  }
  return lines;
}

export const isLegacyOptionsLine = (line: FieldChange | LegacyOptionsLine): line is LegacyOptionsLine => 'keys' in line;

/**
 * `panels[id=1 "Requests"]: 9 legacy graph options v2 has no place for (bars, dashLength, fill, …): a push from the file
 * writes them again`.
 */
export function describeLegacyOptions(line: LegacyOptionsLine): string {
  const count = line.keys.length;
  const what = `${count} legacy ${line.type === '' ? '' : `${line.type} `}option${count === 1 ? '' : 's'}`;
  const named = line.keys.slice(0, 3).join(', ') + (count > 3 ? ', …' : '');
  return `${line.panel}: ${what} v2 has no place for (${named}): a push from the file writes ${count === 1 ? 'it' : 'them'} again`;
}

/** How many panels' legacy options the changes hold. */
export function countLegacyPanels(changes: readonly FieldChange[]): number {
  return new Set(changes.filter((change) => change.legacyOption !== undefined).map((change) => legacyOptionOf(change).panel)).size;
}

/** How many lines the changes take in a plan's diff, a panel's legacy options one. */
export const listedCount = (changes: readonly FieldChange[]): number => groupLegacyOptions(changes).length;
