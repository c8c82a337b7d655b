import { isPlainObject } from '../files/is-plain-object.js';
import { addFlip, fewestMovers } from './fewest-movers.js';
import { listOf, namedPath, panelAt, panelOf, panelSteps } from './panel-paths.js';
import { joinSteps, splitPath } from './split-path.js';
import type { FieldChange } from './types.js';

type Json = Record<string, unknown>;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A classic panel on the grid, each side's grid (the spec for the dashboard's own panels, a row for its panels) and box. */
interface Placed {
  liveGrid?: Json;
  desiredGrid?: Json;
  live?: Box;
  desired?: Box;
  /** The index of its `gridPos.y` change. */
  yAt?: number;
  /** Said moved (a swap, a round, a row move), or moved across or resized (`x`, `w`): it moved, whatever its `y` says. */
  moved: boolean;
  /** A row: the dashboard's own panels below it, up to the next row, are its panels. */
  row?: true;
  /**
   * A row collapsed on both sides: it holds its own `panels` only, and the dashboard's panels below it are the
   * dashboard's own (Grafana 12 and 13 open a classic dashboard in the scenes frontend, createSceneObjectsForPanels).
   */
  collapsed?: true;
  /** Said moved into another list (a row move's `from`): its own line says where it went. */
  listMove?: true;
}

/** The most panels of one grid weighed against each other (pairs): a larger grid keeps every `y` shown. */
const MOST_PANELS = 400;

/**
 * Pure: a classic panel's `gridPos.y` change left out where it only follows what changed above it: a panel above grown,
 * added or removed, a row above collapsed, the row it is in shifted, or the panel taken into another row at the same
 * distance below what it sits under. Grafana's grid stacks panels up (no panel floats below a gap), so such a panel
 * lands there anyway; the reader sees the change above and not a move nobody made. It is left out where the panel keeps
 * its column (`x`, `w`), its distance to the panel it sits under (or to its grid's top), and its order with the panels
 * above and below it that both sides hold: where panels changed order, those that account for it (the fewest, the
 * farthest moved first) are moves, and the others shift. A row's own `gridPos` change that stays is marked `rows`, so
 * the count says rows (a row is not a panel), and names the row by its title where its label is its place alone.
 */
export function withoutGridShifts(changes: FieldChange[], desired: Json): FieldChange[] {
  if (!changes.some((change) => change.path.endsWith('.gridPos.y') || change.path.endsWith('.gridPos.x'))) return changes;
  const shifts = gridShifts(changes, desired);
  const rows = rowPlaceChanges(changes, desired);
  if (shifts.size === 0 && rows.size === 0) return changes;
  return changes.flatMap((change, at) => {
    const row = rows.get(at);
    return shifts.has(at) ? [] : row !== undefined ? [{ ...change, path: row, rows: true as const }] : [change];
  });
}

/**
 * Pure: whether the `gridPos.y` changes at `at` (panels that went round one above the other, withSwaps) are one panel
 * moved past the others: of them, the grid's shifts (withoutGridShifts) leave that panel's alone.
 */
export function isOneDrag(changes: FieldChange[], at: number[], desired: Json): boolean {
  const shifts = gridShifts(changes, desired);
  return at.filter((index) => !shifts.has(index)).length === 1;
}

/** The indexes of the `gridPos.y` changes withoutGridShifts leaves out. */
function gridShifts(changes: FieldChange[], desired: Json): Set<number> {
  const placed = placedPanels(changes, desired);
  const isShift = (panel: Placed) => !changedRow(panel, placed, desired) && gap(panel, 'live', placed, desired) === gap(panel, 'desired', placed, desired);
  const shifts = new Set<number>();
  for (const panels of gridsOf(placed).values()) {
    const candidates = panels.filter((panel) => panel.yAt !== undefined && !panel.moved && panel.live && panel.desired);
    if (candidates.length === 0 || panels.length > MOST_PANELS) continue;
    const movers = orderMovers(panels);
    for (const panel of candidates) if (!movers.has(panel) && isShift(panel)) shifts.add(panel.yAt!);
  }
  // A dashboard that differs says how: a collapsed row's panels held at other `y`s alone (measured from the first of
  // them, gap) are all it has, and they stay.
  if (shifts.size === changes.length) shifts.clear();
  return shifts;
}

/** Each panel of the file (a collapsed row's too) and each one only Grafana holds, where the changes say each side has it. */
function placedPanels(changes: FieldChange[], desired: Json): Map<Json, Placed> {
  const placed = new Map<Json, Placed>();
  for (const panel of listOf(desired)) {
    if (!isPlainObject(panel)) continue;
    const row = panel.type === 'row' ? { row: true as const, ...(panel.collapsed === true && { collapsed: true as const }) } : {};
    placed.set(panel, { liveGrid: desired, desiredGrid: desired, live: boxOf(panel.gridPos), desired: boxOf(panel.gridPos), moved: false, ...row });
    if (!Array.isArray(panel.panels)) continue;
    for (const inner of panel.panels) {
      if (isPlainObject(inner)) placed.set(inner, { liveGrid: panel, desiredGrid: panel, live: boxOf(inner.gridPos), desired: boxOf(inner.gridPos), moved: false });
    }
  }
  const gridOf = (steps: string[]) => (steps.length === 2 ? desired : panelAt(listOf(desired), steps[1]!));
  changes.forEach((change, at) => {
    const steps = splitPath(change.path);
    const owner = panelSteps(steps);
    if (owner === 0) return;
    // A row collapsed or expanded: its panels were in the other list (the dashboard's own, or the row's).
    for (const path of change.withPanels ?? []) {
      const panel = placed.get(panelOf(desired, splitPath(path)) as Json);
      if (panel) panel.liveGrid = change.after === true ? desired : gridOf(steps);
    }
    if (change.kind === 'removed' && owner === steps.length) {
      if (isPlainObject(change.before)) placed.set(change.before, { liveGrid: gridOf(steps), live: boxOf(change.before.gridPos), moved: false });
      return;
    }
    const panel = placed.get(panelOf(desired, steps.slice(0, owner)) as Json);
    if (!panel) return;
    const rest = steps.slice(owner);
    if (change.kind === 'moved') {
      panel.moved = change.from === undefined;
      if (change.from !== undefined) [panel.liveGrid, panel.listMove] = [gridOf(splitPath(change.from).slice(0, panelSteps(splitPath(change.from)))), true];
      else if (panel.live && isPlainObject(change.before)) panel.live = { ...panel.live, ...(change.before as Pick<Box, 'x' | 'y'>) };
      const other = change.swappedWith === undefined ? undefined : placed.get(panelOf(desired, splitPath(change.swappedWith)) as Json);
      if (other) {
        other.moved = true;
        if (other.live && isPlainObject(change.after)) other.live = { ...other.live, ...(change.after as Pick<Box, 'x' | 'y'>) };
      }
    } else if (change.kind === 'added' && rest.length === 0) {
      [panel.liveGrid, panel.live] = [undefined, undefined];
    } else if (rest.length === 1 && rest[0] === 'collapsed') {
      delete panel.collapsed;
    } else if (rest[0] === 'gridPos') {
      const key = rest[1] as keyof Box | undefined;
      if (rest.length !== 2 || !panel.live || (key !== 'x' && key !== 'y' && key !== 'w' && key !== 'h') || typeof change.before !== 'number') {
        [panel.live, panel.moved] = [rest.length === 1 && change.kind !== 'added' ? boxOf(change.before) : panel.live, true];
        return;
      }
      panel.live = { ...panel.live, [key]: change.before };
      if (key === 'y' && change.kind === 'changed') panel.yAt = at;
      if (key === 'x' || key === 'w') panel.moved = true;
    }
  });
  return placed;
}

/** The panels in each grid either side holds them in. */
function gridsOf(placed: Map<Json, Placed>): Map<Json, Placed[]> {
  const grids = new Map<Json, Placed[]>();
  const add = (grid: Json | undefined, panel: Placed) => {
    if (grid === undefined) return;
    const list = grids.get(grid);
    if (list) list.push(panel);
    else grids.set(grid, [panel]);
  };
  for (const panel of placed.values()) {
    add(panel.desiredGrid, panel);
    if (panel.liveGrid !== panel.desiredGrid) add(panel.liveGrid, panel);
  }
  return grids;
}

/**
 * Among the panels both sides hold, two by two where they share their grid on each side (one grid, or the dashboard's
 * own and a row's: a row's panels that went into it or out of it together), those whose order against another, one
 * above the other in a shared column, differs: a panel moved above or below another. The fewest that account for every
 * such pair are the moves, the one in most pairs first, then the one that moved farthest (a panel dragged to the top,
 * not the ones it passed). Panels said moved already account for their pairs; a panel said moved into another list
 * is in no order of either: its distance alone says (gap).
 */
function orderMovers(panels: Placed[]): Set<Placed> {
  const both = panels.filter((panel) => panel.live && panel.desired);
  const pairs = new Map<Placed, Set<Placed>>();
  for (let i = 0; i < both.length; i += 1) {
    for (let j = i + 1; j < both.length; j += 1) {
      const [a, b] = [both[i]!, both[j]!];
      if (a.liveGrid !== b.liveGrid || a.desiredGrid !== b.desiredGrid) continue;
      if (a.moved || b.moved || a.listMove || b.listMove || !sharesColumn(a.live!, b.live!) || !sharesColumn(a.desired!, b.desired!)) continue;
      if (a.live!.y === b.live!.y || a.desired!.y === b.desired!.y || a.live!.y < b.live!.y === a.desired!.y < b.desired!.y) continue;
      addFlip(pairs, a, b);
    }
  }
  return fewestMovers(pairs, (panel) => Math.abs(panel.desired!.y - panel.live!.y));
}

/**
 * How far below what it sits under a panel is on one side: its `y` less the lowest bottom above it in its columns, or
 * its grid's top. A collapsed row's panels start where the first of them does (on Grafana's grid the lowest `y`): Grafana
 * puts that one right below the row when it expands it, and the others as far below it as they were, whatever `y`
 * they held while the row was collapsed or moved.
 */
function gap(panel: Placed, side: 'live' | 'desired', placed: Map<Json, Placed>, desired: Json): number {
  const box = panel[side]!;
  const grid = side === 'live' ? panel.liveGrid : panel.desiredGrid;
  let top = grid === desired ? 0 : box.y;
  let floor = 0;
  for (const other of placed.values()) {
    const held = other[side];
    if (!held || (side === 'live' ? other.liveGrid : other.desiredGrid) !== grid) continue;
    top = Math.min(top, held.y);
    if (other !== panel && held.y < box.y && sharesColumn(held, box)) floor = Math.max(floor, held.y + held.h);
  }
  return box.y - Math.max(top, floor);
}

/**
 * One of the dashboard's own panels that left the panels of one open row for another's (below another row header): a
 * move a collapse of either row shows, though its distance to what it sits under stayed. Under no row on one side (a row
 * added, or moved above panels that were under none) is the grid's own doing.
 */
function changedRow(panel: Placed, placed: Map<Json, Placed>, desired: Json): boolean {
  const [before, after] = [rowAbove(panel, 'live', placed, desired), rowAbove(panel, 'desired', placed, desired)];
  return before !== undefined && after !== undefined && before !== after;
}

/**
 * The row whose panels one of the dashboard's own panels is among on one side: the lowest row above it that both sides
 * hold (a row added or removed takes in or gives up the panels below it: the grid's doing), DASHBOARD_OWN below a row
 * collapsed on both sides (the frontend leaves such panels out of the row, though the backend's v2 conversion puts them
 * in it); undefined for a collapsed row's panel or one above every row.
 */
function rowAbove(panel: Placed, side: 'live' | 'desired', placed: Map<Json, Placed>, desired: Json): Placed | undefined {
  const above = lowestRowAbove(panel, side, placed, desired);
  return above?.collapsed ? DASHBOARD_OWN : above;
}

/** Where rowAbove puts a panel below a row collapsed on both sides: among the dashboard's own panels. */
const DASHBOARD_OWN: Placed = { moved: false };

function lowestRowAbove(panel: Placed, side: 'live' | 'desired', placed: Map<Json, Placed>, desired: Json): Placed | undefined {
  const box = panel[side];
  if (!box || (side === 'live' ? panel.liveGrid : panel.desiredGrid) !== desired) return undefined;
  let above: Placed | undefined;
  for (const other of placed.values()) {
    const held = other[side];
    if (!other.row || other === panel || !held || !other.live || !other.desired || (side === 'live' ? other.liveGrid : other.desiredGrid) !== desired || held.y >= box.y) continue;
    if (above === undefined || held.y > above[side]!.y) above = other;
  }
  return above;
}

function sharesColumn(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w;
}

/** A grid position Grafana reads: numbers, a missing height or width as a row's (1, 24). */
function boxOf(gridPos: unknown): Box | undefined {
  if (!isPlainObject(gridPos)) return undefined;
  const { x = 0, y, w = 24, h = 1 } = gridPos;
  return typeof x === 'number' && typeof y === 'number' && typeof w === 'number' && typeof h === 'number' ? { x, y, w, h } : undefined;
}

/** The changes of a row's `gridPos.x` or `y`, each with its path naming the row by its title where its label is its place alone (namedPath). */
function rowPlaceChanges(changes: FieldChange[], desired: Json): Map<number, string> {
  const rows = new Map<number, string>();
  changes.forEach((change, at) => {
    if (change.kind !== 'changed' || !(change.path.endsWith('.gridPos.y') || change.path.endsWith('.gridPos.x'))) return;
    const steps = splitPath(change.path);
    const owner = panelSteps(steps);
    if (owner === steps.length - 2 && panelOf(desired, steps.slice(0, owner))?.type === 'row') rows.set(at, joinSteps([namedPath(desired, steps.slice(0, owner)), ...steps.slice(owner)]));
  });
  return rows;
}
