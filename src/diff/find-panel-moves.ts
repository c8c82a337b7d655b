import { isPlainObject } from '../files/is-plain-object.js';
import { diffDashboards } from './diff-dashboards.js';
import { titleOf } from './label-title.js';
import { panelLikeness } from './pair-in-gaps.js';
import { isPanelsOrderChange, panelSteps } from './panel-paths.js';
import { joinSteps, splitPath } from './split-path.js';
import type { FieldChange } from './types.js';

type Json = Record<string, unknown>;

/**
 * Pure: panels in another place, said as what they are where the diff of each `panels` list reads them otherwise (the
 * file's `desired` spec names the rows and panels the paths lead to):
 * - a panel taken out of one collapsed row and put into another (removed from the one, added to the other): one `moved`
 *   change at its new path, `from` its old one, `before` and `after` the rows' titles, then its own changes. Paired by
 *   id (the same on both sides), else the most alike (panelLikeness above 0);
 * - two panels that took each other's place on the grid, nothing else changed (a grid position change each, and the
 *   list's order where only they trade places in it): one `moved` change, `swappedWith` the other.
 */
export function withPanelMoves(changes: FieldChange[], desired: Json): FieldChange[] {
  return withSwaps(withRowMoves(changes, desired), classicSwapRules(desired));
}

interface RowPanel {
  at: number;
  row: string;
  panel: Json;
}

function withRowMoves(changes: FieldChange[], desired: Json): FieldChange[] {
  const removed: RowPanel[] = [];
  const added: RowPanel[] = [];
  changes.forEach((change, at) => {
    if (change.kind === 'changed' || change.kind === 'moved' || !change.path.includes('].panels[')) return;
    const steps = splitPath(change.path);
    const panel = change.kind === 'added' ? change.after : change.before;
    if (steps.length !== 4 || steps[0] !== 'panels' || steps[2] !== 'panels' || !isPlainObject(panel) || panel.type === 'row') return;
    (change.kind === 'added' ? added : removed).push({ at, row: steps[1]!, panel });
  });
  if (removed.length === 0 || added.length === 0) return changes;
  const fromOf = new Map<number, RowPanel>();
  const taken = new Set<number>();
  for (const one of added) {
    const left = removed.filter((gone) => !taken.has(gone.at) && gone.row !== one.row);
    let found = left.find((gone) => typeof gone.panel.id === 'number' && gone.panel.id === one.panel.id);
    let most = 0;
    if (!found) {
      // Two ids that differ are two panels: only id-less ones are paired by likeness.
      for (const gone of left.filter((other) => typeof other.panel.id !== 'number' || typeof one.panel.id !== 'number')) {
        const alike = panelLikeness(gone.panel, one.panel);
        if (alike > most) [most, found] = [alike, gone];
      }
    }
    if (!found) continue;
    taken.add(found.at);
    fromOf.set(one.at, found);
  }
  if (fromOf.size === 0) return changes;
  return changes.flatMap((change, at): FieldChange[] => {
    if (taken.has(at)) return [];
    const gone = fromOf.get(at);
    if (!gone) return [change];
    const rowTitle = (step: string) => titleOf(panelAt(listOf(desired), step)) ?? null;
    const steps = splitPath(change.path);
    // Retitled on the way: the path serves both sides, so it names neither title (the title's own change shows both).
    const path = titleOf(gone.panel) === titleOf(change.after as Json) ? change.path : joinSteps([...steps.slice(0, -1), steps[3]!.replace(/^\[(\S+) ".*"\]$/, '[$1]')]);
    const move: FieldChange = { path, kind: 'moved', from: changes[gone.at]!.path, before: rowTitle(gone.row), after: rowTitle(steps[1]!) };
    return [move, ...diffDashboards(gone.panel, change.after).map((inner) => ({ ...inner, path: below(path, inner.path) }))];
  });
}

interface PlaceOnly {
  /** The steps that name the panel, its changes' indexes, where it was and is on the grid, the grid it is in. */
  steps: string[];
  at: number[];
  live: GridPlace;
  desired: GridPlace;
  grid: string;
}

interface GridPlace {
  x: unknown;
  y: unknown;
}

/** How a kind of document says where a panel sits, for withSwaps. */
export interface SwapRules {
  /** A path (as it ends) that may be a coordinate's change: most change lists have none and are left at once. */
  maybePlace: (path: string) => boolean;
  /** How many steps of a path name a panel (0: none), and which coordinate the steps after them are (or none). */
  ownerSteps: (steps: string[]) => number;
  coordinate: (rest: string[]) => 'x' | 'y' | undefined;
  /** Where the panel the steps name sits in the file, and which grid it is in (two panels swap in one grid). */
  placeOf: (steps: string[]) => { place: GridPlace; grid: string } | undefined;
  /** The path a swap names the panel by. */
  name: (steps: string[]) => string;
  /** Whether the steps name a row (a swap of two is said as rows). */
  isRow?: (steps: string[]) => boolean;
}

const CLASSIC_COORDINATE = /\.gridPos\.[xy]$/;

/** The classic model's panels: `panels[…].gridPos.x`, in the file's spec. */
function classicSwapRules(desired: Json): SwapRules {
  return {
    maybePlace: (path) => CLASSIC_COORDINATE.test(path),
    ownerSteps: (steps) => (steps[0] === 'panels' ? panelSteps(steps) : 0),
    coordinate: (rest) => (rest.length === 2 && rest[0] === 'gridPos' && (rest[1] === 'x' || rest[1] === 'y') ? rest[1] : undefined),
    placeOf: (steps) => {
      const gridPos = panelOf(desired, steps)?.gridPos;
      return isPlainObject(gridPos) ? { place: { x: gridPos.x, y: gridPos.y }, grid: joinSteps(steps.slice(0, -1)) } : undefined;
    },
    name: (steps) => namedPath(desired, steps),
    isRow: (steps) => panelOf(desired, steps)?.type === 'row',
  };
}

/**
 * Pure: two panels that took each other's place on a grid, nothing else of theirs changed, as one `moved` change
 * (`swappedWith` the other; `before` and `after` the first one's place; `rows` where both are rows), in place of a coordinate change each and, in
 * the classic model, the `panels` list's new order where only the swaps changed it.
 */
export function withSwaps(changes: FieldChange[], rules: SwapRules): FieldChange[] {
  if (changes.filter((change) => rules.maybePlace(change.path)).length < 2) return changes;
  const byPanel = new Map<string, { steps: string[]; at: number[]; placeOnly: boolean }>();
  changes.forEach((change, at) => {
    const steps = splitPath(change.path);
    const owner = rules.ownerSteps(steps);
    if (owner === 0) return;
    const key = joinSteps(steps.slice(0, owner));
    const entry = byPanel.get(key) ?? (byPanel.set(key, { steps: steps.slice(0, owner), at: [], placeOnly: true }), byPanel.get(key)!);
    entry.at.push(at);
    if (change.kind !== 'changed' || rules.coordinate(steps.slice(owner)) === undefined) entry.placeOnly = false;
  });
  const candidates: PlaceOnly[] = [];
  for (const { steps, at, placeOnly } of byPanel.values()) {
    const found = placeOnly ? rules.placeOf(steps) : undefined;
    if (!found) continue;
    const live = { ...found.place };
    for (const index of at) {
      const changeSteps = splitPath(changes[index]!.path);
      live[rules.coordinate(changeSteps.slice(steps.length))!] = changes[index]!.before;
    }
    candidates.push({ steps, at, live, desired: found.place, grid: found.grid });
  }
  const samePlace = (a: GridPlace, b: GridPlace) => a.x === b.x && a.y === b.y;
  const swaps: [PlaceOnly, PlaceOnly][] = [];
  const paired = new Set<PlaceOnly>();
  for (const one of candidates) {
    if (paired.has(one)) continue;
    const other = candidates.find((two) => two !== one && !paired.has(two) && two.grid === one.grid && samePlace(one.live, two.desired) && samePlace(two.live, one.desired));
    if (!other) continue;
    paired.add(one).add(other);
    swaps.push([one, other]);
  }
  if (swaps.length === 0) return changes;
  const swapAt = new Map(swaps.map((swap) => [Math.min(...swap[0].at, ...swap[1].at), swap]));
  const dropped = new Set(swaps.flatMap(([one, other]) => [...one.at, ...other.at]));
  const swapsIn = (grid: string) => swaps.filter(([one]) => one.grid === grid).length;
  return changes.flatMap((change, at): FieldChange[] => {
    const swap = swapAt.get(at);
    if (swap) {
      const [one, other] = swap;
      const rows = rules.isRow?.(one.steps) === true && rules.isRow(other.steps) ? { rows: true as const } : {};
      return [{ path: rules.name(one.steps), kind: 'moved', swappedWith: rules.name(other.steps), before: one.live, after: one.desired, ...rows }];
    }
    if (dropped.has(at)) return [];
    // The list's order (`panels: [labels] → [labels]`) where it changed only by the swaps: they say it.
    const steps = change.path.endsWith('panels') ? splitPath(change.path) : [];
    if (isPanelsOrderChange(steps, change) && swapsIn(joinSteps(steps)) * 2 === differingPlaces(change)) return [];
    return [change];
  });
}

/** How many places of a list's order hold another label after the change. */
function differingPlaces(change: { before: unknown[]; after: unknown[] }): number {
  if (change.before.length !== change.after.length) return -1;
  return change.before.filter((label, index) => label !== change.after[index]).length;
}

/** The top-level panels of a spec. */
function listOf(spec: Json): unknown[] {
  return Array.isArray(spec.panels) ? spec.panels : [];
}

/** The panel a label step names in `panels` (`[3]`, `[3 "CPU"]`: the file's place; `[id=4 …]`: its id). */
function panelAt(panels: unknown[], step: string): Json | undefined {
  const byId = /^\[id=(-?\d+(?:\.\d+)?)/.exec(step);
  const found = byId ? panels.find((panel) => isPlainObject(panel) && panel.id === Number(byId[1])) : panels[Number(/^\[(\d+)/.exec(step)?.[1] ?? NaN)];
  return isPlainObject(found) ? found : undefined;
}

/** The panel `steps` (`panels`, `[…]`, and a row's `panels`, `[…]`) name in the file's spec. */
function panelOf(desired: Json, steps: string[]): Json | undefined {
  const top = panelAt(listOf(desired), steps[1]!);
  if (steps.length === 2 || !top || !Array.isArray(top.panels)) return steps.length === 2 ? top : undefined;
  return panelAt(top.panels, steps[3]!);
}

/** The path of a panel, its title in the label where the label is its place alone (panels compared by place: `[0]`). */
function namedPath(desired: Json, steps: string[]): string {
  const panel = panelOf(desired, steps);
  const title = titleOf(panel);
  const last = steps.at(-1)!;
  const label = title !== undefined && /^\[\d+\]$/.test(last) ? `${last.slice(0, -1)} ${JSON.stringify(title)}]` : last;
  return joinSteps([...steps.slice(0, -1), label]);
}

/** A change's path below a panel's (`targets[0].expr` below `panels[1].panels[0 "Memory"]`). */
function below(path: string, inner: string): string {
  return inner === '' || inner.startsWith('[') ? `${path}${inner}` : `${path}.${inner}`;
}
