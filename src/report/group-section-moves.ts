import { splitPath } from '../diff/split-path.js';
import type { FieldChange, SectionName } from '../diff/types.js';

/**
 * One v2 element placement taken into another tab or row (its review layout `tab` or `row` changed: diffV2Specs), said on
 * one line in place of that change and its place's there (`x`, `y`, `position`, a size that came or went with a grid of
 * another kind), which the JSON plan keeps: `layout["panel-5" "API errors"]: moved from tab "API" to tab "Database"`.
 */
export interface SectionMoveLine {
  placement: string;
  /** The tab and row it left and went to, of those that changed (undefined: none). */
  before: { tab?: unknown; row?: unknown };
  after: { tab?: unknown; row?: unknown };
  /** The sections it left and went into as they nest, outermost first (the changes' own; absent in a plan saved before they were said). */
  sectionsBefore?: SectionName[];
  sectionsAfter?: SectionName[];
}

type Line<T> = T | SectionMoveLine;

const SECTION_KEYS = new Set(['tab', 'row']);
const PLACE_KEYS = new Set(['x', 'y', 'position']);

/** Pure: the lines as the plan lists them, each placement's move into another tab or row on one line where its first change was. */
export function groupSectionMoves<T extends object>(lines: readonly T[]): Line<T>[] {
  const moved = new Map<string, SectionMoveLine>();
  for (const line of lines) {
    const parts = placementChange(line);
    if (parts === undefined || !SECTION_KEYS.has(parts.key)) continue;
    const move = moved.get(parts.placement) ?? { placement: parts.placement, before: {}, after: {} };
    moved.set(parts.placement, move);
    const change = line as FieldChange;
    move.before[parts.key as 'tab' | 'row'] = change.before;
    move.after[parts.key as 'tab' | 'row'] = change.after;
    if (change.sectionsBefore !== undefined && change.sectionsAfter !== undefined) [move.sectionsBefore, move.sectionsAfter] = [change.sectionsBefore, change.sectionsAfter];
  }
  if (moved.size === 0) return [...lines];
  const said = new Set<string>();
  return lines.flatMap((line): Line<T>[] => {
    const parts = placementChange(line);
    const move = parts === undefined ? undefined : moved.get(parts.placement);
    if (parts === undefined || move === undefined) return [line];
    const change = line as FieldChange;
    const part = SECTION_KEYS.has(parts.key) || PLACE_KEYS.has(parts.key) || ((parts.key === 'width' || parts.key === 'height') && change.kind !== 'changed');
    if (!part) return [line];
    if (said.has(parts.placement)) return [];
    said.add(parts.placement);
    return [move];
  });
}

export const isSectionMoveLine = (line: object): line is SectionMoveLine => 'placement' in line;

/**
 * `layout["panel-5" "API errors"]: moved from tab "API" to tab "Database"`, `… moved from row "Ops" › tab "API" to row
 * "Infra" › tab "Hosts"` (outer → inner), `… moved into row "Nodes"`, `… moved out of row "Traffic"`.
 */
export function describeSectionMove(line: SectionMoveLine): string {
  const nested = line.sectionsBefore !== undefined && line.sectionsAfter !== undefined && line.sectionsBefore.length + line.sectionsAfter.length > 0;
  const [from, to] = nested ? [pathName(line.sectionsBefore!), pathName(line.sectionsAfter!)] : [sideName(line.before), sideName(line.after)];
  const how = from === '' ? `moved into ${to}` : to === '' ? `moved out of ${from}` : `moved from ${from} to ${to}`;
  return `${line.placement}: ${how}`;
}

/** `row "Ops" › tab "API"`: sections as they nest, a shared title's by its place (`row #2`). */
function pathName(sections: SectionName[]): string {
  return sections.map((section) => sectionWord(section.kind, section.name)).join(' › ');
}

/** A plan saved before the sections were said: `tab "Infra", row "Nodes"`, the kinds of a side that changed. */
function sideName(side: { tab?: unknown; row?: unknown }): string {
  return (['tab', 'row'] as const)
    .flatMap((kind) => {
      const name = side[kind];
      return typeof name === 'string' ? [sectionWord(kind, name)] : [];
    })
    .join(', ');
}

function sectionWord(kind: 'tab' | 'row', name: string): string {
  return `${kind} ${/^#\d+$/.test(name) ? name : JSON.stringify(name)}`;
}

/** A change of a placement's own key (`layout["panel-5" "API errors"].tab`): the placement's path and the key. */
function placementChange(line: object): { placement: string; key: string } | undefined {
  if (!('path' in line) || !('kind' in line) || line.kind === 'moved' || typeof line.path !== 'string' || !line.path.startsWith('layout[')) return undefined;
  const steps = splitPath(line.path);
  if (steps.length !== 3 || !steps[1]!.startsWith('["')) return undefined;
  return { placement: `layout${steps[1]}`, key: steps[2]! };
}
