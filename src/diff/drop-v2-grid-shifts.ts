import { isPlainObject } from '../files/is-plain-object.js';
import { addFlip, fewestMovers } from './fewest-movers.js';
import type { FieldChange } from './types.js';

type Json = Record<string, unknown>;

/** An element placed in a v2 GridLayout on one side: its grid (its tab and row) and its box. */
interface Box {
  grid: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A placement both sides hold in one grid, at the same column and width, its `y` change's index where it has one. */
interface Kept {
  live: Box;
  desired: Box;
  yAt?: number;
}

/** The most placements of one grid weighed against each other (pairs): a larger grid keeps every `y` shown. */
const MOST_PLACEMENTS = 400;

/**
 * Pure: the indexes of a v2 review layout's (reviewV2Spec) `y` changes that only follow what changed above them in their
 * grid: an element above grown, added, removed, taken out or dragged past them. Grafana's grid stacks elements up (no
 * element floats below a gap), so such an element lands there anyway. One is a shift where it keeps its grid, column
 * and width, sits right below what is above it (or at the top) on both sides, and keeps its order with the elements
 * above and below it that both sides hold; where elements changed order, those that account for it (the fewest, the
 * farthest moved first) are moves, the others shift. `labelOf` names a review layout key as the changes' paths do.
 */
export function v2GridShifts(changes: FieldChange[], live: unknown, desired: unknown, labelOf: (key: string) => string | undefined): Set<number> {
  const shifts = new Set<number>();
  if (!isPlainObject(live) || !isPlainObject(desired)) return shifts;
  const yAt = new Map(changes.flatMap((change, at) => (change.kind === 'changed' && change.path.endsWith('.y') ? [[change.path, at] as const] : [])));
  if (yAt.size === 0) return shifts;
  const [liveBoxes, desiredBoxes] = [boxesOf(live), boxesOf(desired)];
  const byGrid = new Map<string, Kept[]>();
  for (const [key, desiredBox] of desiredBoxes) {
    const liveBox = liveBoxes.get(key);
    if (liveBox === undefined || liveBox.grid !== desiredBox.grid || liveBox.x !== desiredBox.x || liveBox.width !== desiredBox.width) continue;
    const label = labelOf(key);
    const at = label === undefined ? undefined : yAt.get(`layout[${label}].y`);
    const kept = byGrid.get(desiredBox.grid) ?? (byGrid.set(desiredBox.grid, []), byGrid.get(desiredBox.grid)!);
    kept.push({ live: liveBox, desired: desiredBox, ...(at !== undefined && { yAt: at }) });
  }
  for (const [grid, kept] of byGrid) {
    if (kept.length > MOST_PLACEMENTS || !kept.some((one) => one.yAt !== undefined)) continue;
    const [liveGrid, desiredGrid] = [[...liveBoxes.values()].filter((box) => box.grid === grid), [...desiredBoxes.values()].filter((box) => box.grid === grid)];
    const movers = orderMovers(kept);
    for (const one of kept) {
      if (one.yAt !== undefined && !movers.has(one) && isStacked(one.live, liveGrid) && isStacked(one.desired, desiredGrid)) shifts.add(one.yAt);
    }
  }
  return shifts;
}

/** Pure: the changes without the `y` changes v2GridShifts finds. */
export function withoutV2GridShifts(changes: FieldChange[], live: unknown, desired: unknown, labelOf: (key: string) => string | undefined): FieldChange[] {
  const shifts = v2GridShifts(changes, live, desired, labelOf);
  return shifts.size === 0 ? changes : changes.filter((_, at) => !shifts.has(at));
}

/** Each review layout placement in a grid (`x`, `y`, `width`, `height` numbers), by its key. */
function boxesOf(layout: Json): Map<string, Box> {
  const boxes = new Map<string, Box>();
  for (const [key, entry] of Object.entries(layout)) {
    if (!key.startsWith('element:') || !isPlainObject(entry)) continue;
    const { x, y, width, height } = entry;
    if (typeof x !== 'number' || typeof y !== 'number' || typeof width !== 'number' || typeof height !== 'number') continue;
    boxes.set(key, { grid: JSON.stringify([entry.tab ?? null, entry.row ?? null]), x, y, width, height });
  }
  return boxes;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width;

/** Whether the box sits right below the lowest bottom above it in its columns (or at the top, nothing above it). */
function isStacked(box: Box, grid: Box[]): boolean {
  const top = Math.max(0, ...grid.filter((other) => other !== box && other.y < box.y && overlaps(box, other)).map((other) => other.y + other.height));
  return box.y === top;
}

/** Of placements that changed order with others in their columns, the fewest that account for it, the farthest moved first. */
function orderMovers(kept: Kept[]): Set<Kept> {
  const flips = new Map<Kept, Set<Kept>>();
  for (let i = 0; i < kept.length; i += 1) {
    for (let j = i + 1; j < kept.length; j += 1) {
      const [a, b] = [kept[i]!, kept[j]!];
      if (!overlaps(a.live, b.live) || a.live.y === b.live.y || a.desired.y === b.desired.y || a.live.y < b.live.y === a.desired.y < b.desired.y) continue;
      addFlip(flips, a, b);
    }
  }
  return fewestMovers(flips, (one) => Math.abs(one.desired.y - one.live.y));
}
