import { ANGULAR_MIGRATION, datasourceByName, legacyOptionOf } from '../diff/mark-legacy-options.js';
import type { FieldChange } from '../diff/types.js';

/** One panel's legacy options that Grafana's v2 has no place for (changes marked `legacyOption`), said on one line. */
export interface LegacyOptionsLine {
  panel: string;
  type: string;
  keys: string[];
  /** The panel's data source by name, which the v2 save dropped with them (mark-legacy-options.ts). */
  datasource?: string;
  /** Grafana's v2 holds them in the panel's `options.__angularMigration` (ANGULAR_MIGRATION), which a push removes. */
  held?: true;
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
    const { panel, key, held } = legacyOptionOf(change);
    const line = byPanel.get(panel) ?? { panel, type: change.legacyOption, keys: [] };
    if (!byPanel.has(panel)) {
      byPanel.set(panel, line);
      lines.push(line);
    }
    const datasource = datasourceByName(change);
    if (held) line.held = true;
    else if (datasource === undefined) line.keys.push(key);
    else line.datasource = datasource;
  }
  return lines;
}

export const isLegacyOptionsLine = (line: object): line is LegacyOptionsLine => 'keys' in line;

/**
 * `panels[id=1 "Requests"]: 9 legacy graph options v2 has no place for (bars, dashLength, fill, …): a push from the file
 * writes them again`; with the panel's data source by name `…; its data source by name ("Prometheus") was dropped by the v2 save too: …`,
 * and that alone `panels[id=1 "Requests"]: its data source by name ("Prometheus"), which the v2 save dropped: …`. Grafana's own v2
 * save keeps it (V33 makes a reference of it first): only a v2 save made without that migration drops it (review-62b M1).
 * Where Grafana's v2 holds them in `options.__angularMigration` (12.4 on and 13, written from Grafana's own v2 read:
 * mark-legacy-options.ts), they are not dropped: `…: 9 legacy graph options Grafana's v2 holds in
 * options.__angularMigration for its editor to migrate (bars, dashLength, fill, …): a push from the file puts them back
 * in the panel`.
 */
export function describeLegacyOptions(line: LegacyOptionsLine): string {
  const count = line.keys.length;
  const byName = line.datasource === undefined ? undefined : `its data source by name (${JSON.stringify(line.datasource)})`;
  const them = count + (byName === undefined ? 0 : 1) === 1 ? 'it' : 'them';
  const again = `a push from the file writes ${them} again`;
  if (line.held && count === 0 && byName === undefined) return `${line.panel}: options.${ANGULAR_MIGRATION}, which Grafana's conversion to v2 gave it for its editor to migrate: a push from the file removes it`;
  if (count === 0) return `${line.panel}: ${byName}, which the v2 save dropped: ${again}`;
  const what = `${count} legacy ${line.type === '' ? '' : `${line.type} `}option${count === 1 ? '' : 's'}`;
  const named = line.keys.slice(0, 3).join(', ') + (count > 3 ? ', …' : '');
  const where = line.held ? `Grafana's v2 holds in options.${ANGULAR_MIGRATION} for its editor to migrate` : 'v2 has no place for';
  const push = line.held ? `a push from the file puts ${them} back in the panel` : again;
  return `${line.panel}: ${what} ${where} (${named})${byName === undefined ? '' : `; ${byName} was dropped by the v2 save too`}: ${push}`;
}

/** How many panels' legacy options the changes hold. */
export function countLegacyPanels(changes: readonly FieldChange[]): number {
  return new Set(changes.filter((change) => change.legacyOption !== undefined).map((change) => legacyOptionOf(change).panel)).size;
}
