import { isPlainObject } from '../files/is-plain-object.js';
import { isDeepEqual } from '../diff/is-deep-equal.js';
import { isPanelsOrderChange, panelSteps } from '../diff/panel-paths.js';
import { splitPath } from '../diff/split-path.js';
import type { FieldChange } from '../diff/types.js';
import { plural } from '../plural.js';
import { countLegacyPanels } from './group-legacy-options.js';

/**
 * Pure: what a dashboard's changes amount to, as a reviewer counts them: panels (rows) added and removed, two rows
 * swapped, rows collapsed or expanded (their panels with them; a v2 row's too), panels moved on the grid, then the other fields (`1 panel added, 3 panels moved, 1 field`; `2 fields` when no panel comes or goes or
 * moves). Read from the paths the diff writes: `panels[0 "Errors"]` added (a row's panels too), `….gridPos.y` changed;
 * a v2 element added or removed, its layout entry with it, and a placement's `x`, `y`, `row`, `tab` or `position`.
 * A reorder of the panel list is the moves' doing where a panel moved (`panels reordered` where none did). Legacy options
 * a v2 save dropped count apart, by panel (`1 field; 9 panels' legacy options`).
 */
export function describeChangeCount(changes: FieldChange[]): string {
  const counts = { 'row added': 0, 'panel added': 0, 'row removed': 0, 'panel removed': 0 };
  const moved = new Set<string>();
  let rowsMoved = 0;
  const toggled = { 'row collapsed': 0, 'row expanded': 0 };
  const renamed = { 'row renamed': 0, 'tab renamed': 0 };
  const rowsPlaced = new Set<string>();
  const added: unknown[] = [];
  const removed: unknown[] = [];
  let movedBetweenLists = 0;
  const elements = new Set<string>();
  const layoutEntries: string[] = [];
  let reordered = false;
  let fields = 0;
  for (const change of changes) {
    if (change.legacyOption !== undefined) continue;
    const steps = splitPath(change.path);
    const panel = panelSteps(steps);
    const rest = steps.slice(panel);
    const renamedKind = renamedSection(steps, change);
    if (change.withPanels !== undefined || isRowToggle(steps, change)) {
      // A row collapsed or expanded, its panels with it (find-row-collapses.ts; a v2 row keeps them in its layout): one thing done.
      toggled[change.after === true ? 'row collapsed' : 'row expanded'] += 1;
    } else if (renamedKind !== undefined) {
      // A row or a v2 tab renamed: what was done to it, as its collapse is, not a field.
      renamed[`${renamedKind} renamed`] += 1;
    } else if (change.kind === 'moved') {
      // A row move, a swap or a round (find-panel-moves.ts): the swap's other panel moved too; rows swapped are rows.
      if (change.rows === true) rowsMoved += change.swappedWith !== undefined ? 2 : 1;
      else moved.add(steps.slice(0, panel || undefined).join('\u0000'));
      if (change.swappedWith !== undefined && change.rows !== true) moved.add(change.swappedWith);
    } else if (panel > 0 && rest.length === 0 && change.kind !== 'changed') {
      (change.kind === 'added' ? added : removed).push(change.kind === 'added' ? change.after : change.before);
    } else if (panel > 0 && rest[0] === 'gridPos' && (rest.length === 1 || (rest.length === 2 && (rest[1] === 'x' || rest[1] === 'y')))) {
      // A row's place (withoutGridShifts marks it) is a row moved.
      (change.rows === true ? rowsPlaced : moved).add(steps.slice(0, panel || undefined).join('\u0000'));
    } else if (isPanelsOrderChange(steps, change)) {
      reordered = true;
    } else if (steps.length === 2 && steps[0] === 'elements' && (change.kind === 'added' || change.kind === 'removed')) {
      counts[`panel ${change.kind}`] += 1;
      elements.add(steps[1]!);
    } else if (steps.length === 2 && steps[0] === 'layout' && change.kind !== 'changed') {
      layoutEntries.push(steps[1]!);
    } else if (steps.length === 3 && steps[0] === 'layout' && steps[1]!.startsWith('["') && isPlacement(steps[2]!, change)) {
      moved.add(steps.slice(0, 2).join('\u0000'));
    } else fields += 1;
  }
  // A v2 element's placements (`["errors" "Errors" #2]` for its second) come and go with it.
  fields += layoutEntries.filter((entry) => !elements.has(entry.replace(/ #\d+\]$/, ']'))).length;
  // A panel taken out of a row and put in another, or into the dashboard (a row collapsed or expanded), is a move.
  for (const panel of added) {
    const at = removed.findIndex((gone) => isSamePanel(gone, panel));
    if (at === -1) counts[`${isRow(panel) ? 'row' : 'panel'} added`] += 1;
    else {
      removed.splice(at, 1);
      movedBetweenLists += 1;
    }
  }
  for (const panel of removed) counts[`${isRow(panel) ? 'row' : 'panel'} removed`] += 1;
  const parts = countsOf(counts);
  rowsMoved += rowsPlaced.size;
  if (rowsMoved > 0) parts.push(countOf(rowsMoved, 'row moved'));
  parts.push(...countsOf(toggled), ...countsOf(renamed));
  if (moved.size + movedBetweenLists > 0) parts.push(countOf(moved.size + movedBetweenLists, 'panel moved'));
  else if (reordered && rowsMoved === 0) parts.push('panels reordered');
  const legacy = countLegacyPanels(changes);
  if (fields > 0 || (parts.length === 0 && legacy === 0)) parts.push(countOf(fields, 'field'));
  // Counted apart: what a v2 save dropped that v2 has no place for, not someone's edit.
  return parts.join(', ') + (legacy === 0 ? '' : `${parts.length === 0 ? '' : '; '}${legacy === 1 ? "1 panel's" : `${legacy} panels'`} legacy options`);
}

/**
 * A row collapsed or expanded by its own field: a classic row's `collapsed` (`panels[1 "Hosts"].collapsed`, with no panel
 * in it to take along, or none found to go with it: `rows`, withRowCollapses; not a panel's own `collapsed`), a v2 row's `collapse` (`layout[tab "Infra" › row "Nodes"].collapse`).
 */
function isRowToggle(steps: string[], change: FieldChange): boolean {
  if ((change.before === true) === (change.after === true)) return false;
  if (steps.length === 3 && steps[2] === 'collapsed') return change.rows === true;
  return steps.length === 3 && steps[0] === 'layout' && steps[2] === 'collapse' && sectionKindOf(steps[1]!) === 'row';
}

/**
 * The kind of section a rename names: a classic row's title (`panels[id=3].title`, marked `rows`: withRowRenames), a v2
 * row's or tab's (`layout[row "Details" › tab "DB"].title`: the review layout holds a section's title only for a rename).
 */
function renamedSection(steps: string[], change: FieldChange): 'row' | 'tab' | undefined {
  if (steps.length !== 3 || steps[2] !== 'title' || change.kind === 'moved') return undefined;
  if (steps[0] === 'panels') return change.rows === true ? 'row' : undefined;
  return steps[0] === 'layout' && change.kind === 'changed' && !steps[1]!.startsWith('["') ? sectionKindOf(steps[1]!) : undefined;
}

/** The kind of the innermost section a layout step names (`[row "Details" › tab "DB"]`: tab). */
function sectionKindOf(step: string): 'row' | 'tab' | undefined {
  return /(?:^\[| › )(row|tab) (?:"(?:[^"\\]|\\.)*"|#\d+)\]$/.exec(step)?.[1] as 'row' | 'tab' | undefined;
}

/** Where a v2 placement sits: a move, not a resize. */
const PLACE_KEYS = new Set(['x', 'y', 'row', 'tab', 'position']);

/** A v2 placement's move: where it sits, and a size that comes or goes with it (taken into or out of an auto grid). */
function isPlacement(key: string, change: FieldChange): boolean {
  return PLACE_KEYS.has(key) || ((key === 'width' || key === 'height') && change.kind !== 'changed');
}

/**
 * A tally's counts above 0 as countOf says them, in its keys' order. A loop of the tally's own keys: a copy of it, or its
 * entries as pairs, was half of what a plan line's count cost (one per dashboard of a plan).
 */
function countsOf(tally: Readonly<Record<string, number>>): string[] {
  const parts: string[] = [];
  for (const what in tally) if (tally[what]! > 0) parts.push(countOf(tally[what]!, what));
  return parts;
}

/** `1 panel added`, `3 panels moved`, `2 fields`: the count and noun as plural says them, the rest of the phrase after. */
function countOf(count: number, what: string): string {
  const [noun, ...rest] = what.split(' ');
  return [plural(count, noun!), ...rest].join(' ');
}

/** The same panel in another place: equal but for `gridPos` (and an `id` only one side has). */
function isSamePanel(a: unknown, b: unknown): boolean {
  if (!isPlainObject(a) || !isPlainObject(b) || isRow(a) || isRow(b)) return false;
  if (typeof a.id === 'number' && typeof b.id === 'number' && a.id !== b.id) return false;
  const { gridPos: _a, id: _ida, ...restA } = a;
  const { gridPos: _b, id: _idb, ...restB } = b;
  return isDeepEqual(restA, restB);
}

function isRow(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>).type === 'row';
}
