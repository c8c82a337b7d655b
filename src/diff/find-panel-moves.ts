import { isPlainObject } from '../files/is-plain-object.js';
import { diffDashboards } from './diff-dashboards.js';
import { isOneDrag, withoutGridShifts } from './drop-grid-shifts.js';
import { withRowCollapses } from './find-row-collapses.js';
import { titleOf } from './label-title.js';
import { isDeepEqual } from './is-deep-equal.js';
import { panelLikeness } from './pair-in-gaps.js';
import { isPanelsOrderChange, listOf, namedPath, nthRowOfTitle, panelAt, panelOf, panelSteps, rowHeaderAbove } from './panel-paths.js';
import { joinSteps, splitPath } from './split-path.js';
import type { FieldChange } from './types.js';

type Json = Record<string, unknown>;

/**
 * Pure: panels in another place, said as what they are where the diff of each `panels` list reads them otherwise (the
 * file's `desired` spec names the rows and panels the paths lead to, the `live` one, in the file's form, is what the
 * changes were found against):
 * - a panel taken out of one collapsed row and put into another, or between the dashboard's own panels and a collapsed
 *   row (removed from the one, added to the other): one `moved` change at its new path, `from` its old one, `before`
 *   and `after` the rows' titles (for the dashboard's own list `underRowBefore` or `underRowAfter`, the row header it
 *   sits under there), then its own changes. Paired by id (the same on both sides), else the most alike (panelLikeness
 *   above 0). Two that each took the other's place across two lists, nothing else changed, are one `moved` change,
 *   `swappedWith` the other (rowSwaps);
 * - panels that took each other's places on the grid, nothing else changed (a grid position change each, and the
 *   list's order where only they trade places in it): two as one `moved` change, `swappedWith` the other; three or more
 *   as one each, `tookPlaceOf` the one whose place it took, but where they are one panel dragged up or down past the
 *   others (the grid moves those by itself: isOneDrag), which reads as that panel's `gridPos.y`;
 * - a row collapsed or expanded: its `collapsed` change alone, `withPanels` its panels (withRowCollapses), not a move each;
 * - and without the `gridPos.y` changes that only follow what changed above (withoutGridShifts).
 */
export function withPanelMoves(changes: FieldChange[], live: Json, desired: Json): FieldChange[] {
  const moved = withRowMoves(changes, live, desired);
  return withoutGridShifts(withRowCollapses(withSwaps(moved, classicSwapRules(desired, moved)), desired), desired);
}

interface ListPanel {
  at: number;
  /** The row step whose `panels` it is in (`[id=4 "Hosts"]`), or '' for the dashboard's own list. */
  row: string;
  panel: Json;
}

function withRowMoves(changes: FieldChange[], live: Json, desired: Json): FieldChange[] {
  const removed: ListPanel[] = [];
  const added: ListPanel[] = [];
  let inRows = false;
  changes.forEach((change, at) => {
    if (change.kind === 'changed' || change.kind === 'moved' || !change.path.startsWith('panels[')) return;
    const steps = splitPath(change.path);
    const panel = change.kind === 'added' ? change.after : change.before;
    const owner = panelSteps(steps);
    if (owner !== steps.length || !isPlainObject(panel) || panel.type === 'row') return;
    if (owner === 4) inRows = true;
    (change.kind === 'added' ? added : removed).push({ at, row: owner === 4 ? steps[1]! : '', panel });
  });
  if (!inRows || removed.length === 0 || added.length === 0) return changes;
  const fromOf = new Map<number, ListPanel>();
  const taken = new Set<number>();
  for (const one of added) {
    const left = removed.filter((gone) => !taken.has(gone.at) && gone.row !== one.row);
    let found = left.find((gone) => typeof gone.panel.id === 'number' && gone.panel.id === one.panel.id);
    let most = 0;
    if (!found) {
      for (const gone of left) {
        const alike = panelLikeness(gone.panel, one.panel);
        if (alike > most) [most, found] = [alike, gone];
      }
    }
    if (!found) continue;
    taken.add(found.at);
    fromOf.set(one.at, found);
  }
  if (fromOf.size === 0) return changes;
  const swapOf = rowSwaps(added, fromOf, changes, desired);
  // A row's title (null: untitled) as the side of the move it is on; for the dashboard's own list, the title of the open
  // row the panel sits under on that side's grid (none above every row, or below a collapsed one). Where rows share the
  // title, which of them it is too (nthRow).
  const inRow = (side: 'before' | 'after', step: string, panel: unknown, spec: Json) => {
    const nth = side === 'before' ? 'nthRowBefore' : 'nthRowAfter';
    if (step !== '') {
      const row = panelAt(listOf(desired), step);
      return { [side]: titleOf(row) ?? null, ...(row && nthRow(row, nth, desired, desired)) };
    }
    const header = rowHeaderAbove(listOf(spec), panel);
    return header === undefined || header.collapsed === true ? {} : { [side === 'before' ? 'underRowBefore' : 'underRowAfter']: titleOf(header) ?? null, ...nthRow(header, nth, spec, desired) };
  };
  return changes.flatMap((change, at): FieldChange[] => {
    if (taken.has(at)) return [];
    const gone = fromOf.get(at);
    if (!gone) return [change];
    const other = swapOf.get(at);
    if (other !== undefined) {
      if (other < at) return [];
      const place = (panel: Json) => ({ x: (panel.gridPos as Json).x, y: (panel.gridPos as Json).y });
      return [{ path: change.path, kind: 'moved', swappedWith: changes[other]!.path, before: place(gone.panel), after: place(change.after as Json) }];
    }
    const steps = splitPath(change.path);
    const last = steps.length - 1;
    // Retitled on the way: the path serves both sides, so it names neither title (the title's own change shows both).
    const path = titleOf(gone.panel) === titleOf(change.after as Json) ? change.path : joinSteps([...steps.slice(0, last), steps[last]!.replace(/^\[(\S+) ".*"\]$/, '[$1]')]);
    const move: FieldChange = { path, kind: 'moved', from: changes[gone.at]!.path, ...inRow('before', gone.row, gone.panel, live), ...inRow('after', last === 3 ? steps[1]! : '', change.after, desired) };
    return [move, ...diffDashboards(gone.panel, change.after).map((inner) => ({ ...inner, path: below(path, inner.path) }))];
  });
}

/**
 * `{nthRowBefore: 2}`: which of the rows of its title a row of `spec` is where others share it (nthRowOfTitle), on the
 * file's grid where the file holds it (by id, with that title), else on its own side's.
 */
function nthRow(row: Json, key: 'nthRowBefore' | 'nthRowAfter', spec: Json, desired: Json): Partial<FieldChange> {
  const inFile = spec === desired || typeof row.id !== 'number' ? undefined : listOf(desired).find((other) => isPlainObject(other) && other.type === 'row' && other.id === row.id && titleOf(other) === titleOf(row));
  const nth = isPlainObject(inFile) ? nthRowOfTitle(listOf(desired), inFile) : nthRowOfTitle(listOf(spec), row);
  return nth === undefined ? {} : { [key]: nth };
}

/**
 * Two panels that each went into the other's list (two collapsed rows, or a row and the dashboard's own panels), nothing
 * changed but their grid positions, each where the other was (its column, and as far below its list's top): a swap,
 * each added change's index to the other's.
 */
function rowSwaps(added: ListPanel[], fromOf: Map<number, ListPanel>, changes: FieldChange[], desired: Json): Map<number, number> {
  const swaps = new Map<number, number>();
  // Where a list's panels start on one side: below its row (where it was, for the live side), 0 for the dashboard's own.
  const top = (step: string, side: 'live' | 'desired'): number | undefined => {
    if (step === '') return 0;
    const gridPos = panelAt(listOf(desired), step)?.gridPos;
    if (!isPlainObject(gridPos) || typeof gridPos.y !== 'number') return undefined;
    const path = joinSteps(['panels', step, 'gridPos', 'y']);
    const moved = side === 'live' ? changes.find((change) => change.path === path && change.kind === 'changed') : undefined;
    const y = moved === undefined ? gridPos.y : moved.before;
    return typeof y === 'number' ? y + (typeof gridPos.h === 'number' ? gridPos.h : 1) : undefined;
  };
  const place = (panel: Json, step: string, side: 'live' | 'desired') => {
    const gridPos = panel.gridPos;
    const start = top(step, side);
    return isPlainObject(gridPos) && typeof gridPos.y === 'number' && start !== undefined ? JSON.stringify([gridPos.x, gridPos.y - start]) : undefined;
  };
  const placeOnly = (gone: ListPanel, one: ListPanel) => isDeepEqual({ ...gone.panel, gridPos: null }, { ...one.panel, gridPos: null });
  for (const one of added) {
    const goneOne = fromOf.get(one.at);
    if (!goneOne || swaps.has(one.at) || !placeOnly(goneOne, one)) continue;
    const two = added.find((other) => {
      const goneTwo = fromOf.get(other.at);
      if (!goneTwo || other === one || swaps.has(other.at) || goneOne.row !== other.row || goneTwo.row !== one.row || !placeOnly(goneTwo, other)) return false;
      const here = place(one.panel, one.row, 'desired');
      const there = place(other.panel, other.row, 'desired');
      return here !== undefined && there !== undefined && here === place(goneTwo.panel, one.row, 'live') && there === place(goneOne.panel, other.row, 'live');
    });
    if (!two) continue;
    swaps.set(one.at, two.at).set(two.at, one.at);
  }
  return swaps;
}

interface PlaceOnly {
  /** The steps that name the panel, its changes' indexes, where it was and is on the grid, the grid it is in. */
  steps: string[];
  at: number[];
  live: GridPlace;
  desired: GridPlace;
  grid: string;
}

/** Where a panel sits: its coordinates (`x`, `y`; a v2 placement's `row` and `tab` too). */
type GridPlace = Record<string, unknown>;

/** How a kind of document says where a panel sits, for withSwaps. */
export interface SwapRules {
  /** A path (as it ends) that may be a coordinate's change: most change lists have none and are left at once. */
  maybePlace: (path: string) => boolean;
  /** How many steps of a path name a panel (0: none), and which coordinate the steps after them are (or none). */
  ownerSteps: (steps: string[]) => number;
  coordinate: (rest: string[]) => string | undefined;
  /** Where the panel the steps name sits in the file, and which grid it is in (panels go round in one grid). */
  placeOf: (steps: string[]) => { place: GridPlace; grid: string } | undefined;
  /** The path a swap names the panel by. */
  name: (steps: string[]) => string;
  /** Whether the steps name a row (a swap of two is said as rows). */
  isRow?: (steps: string[]) => boolean;
  /** Whether three or more that went round (their changes' indexes, places) are one panel moved past the others: no round then. */
  isDrag?: (round: Pick<PlaceOnly, 'at' | 'live' | 'desired'>[]) => boolean;
}

const CLASSIC_COORDINATE = /\.gridPos\.[xy]$/;

/** The classic model's panels: `panels[…].gridPos.x`, in the file's spec (`changes` those withSwaps is given). */
function classicSwapRules(desired: Json, changes: FieldChange[]): SwapRules {
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
    // One above the other, none moved across: Grafana's grid stacks them up, so one dragged past the others moves them.
    isDrag: (round) => round.every((one) => one.live.x === one.desired.x) && isOneDrag(changes, round.flatMap((one) => one.at), desired),
  };
}

/**
 * Pure: panels that took each other's places on a grid, nothing else of theirs changed: two as one `moved` change
 * (`swappedWith` the other; `before` and `after` the first one's place; `rows` where both are rows), three or more (each
 * in the place of the next, the last in the first's) as one `moved` change each (`tookPlaceOf` the panel whose place it
 * took; not where rules.isDrag says they are one panel moved past the others), in place of a coordinate change each and,
 * in the classic model, the `panels` list's new order where only they changed it.
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
  const rounds = findRounds(candidates).filter((round) => round.length === 2 || rules.isDrag?.(round) !== true);
  if (rounds.length === 0) return changes;
  const roundAt = new Map(rounds.map((round) => [Math.min(...round.flatMap((one) => one.at)), round]));
  const dropped = new Set(rounds.flatMap((round) => round.flatMap((one) => one.at)));
  const movedIn = (grid: string) => rounds.filter(([one]) => one!.grid === grid).reduce((sum, round) => sum + round.length, 0);
  return changes.flatMap((change, at): FieldChange[] => {
    const round = roundAt.get(at);
    if (round) {
      const rows = round.every((one) => rules.isRow?.(one.steps) === true) ? { rows: true as const } : {};
      const moved = (one: PlaceOnly, other: PlaceOnly, how: 'swappedWith' | 'tookPlaceOf'): FieldChange => ({ path: rules.name(one.steps), kind: 'moved', [how]: rules.name(other.steps), before: one.live, after: one.desired, ...rows });
      if (round.length === 2) return [moved(round[0]!, round[1]!, 'swappedWith')];
      const next = (index: number) => round[(index + 1) % round.length]!;
      return round.map((one, index) => [one, next(index)] as const).sort(([a], [b]) => a.at[0]! - b.at[0]!).map(([one, other]) => moved(one, other, 'tookPlaceOf'));
    }
    if (dropped.has(at)) return [];
    // The list's order (`panels: [labels] → [labels]`) where it changed only by the panels that went round: they say it.
    const steps = change.path.endsWith('panels') ? splitPath(change.path) : [];
    if (isPanelsOrderChange(steps, change) && movedIn(joinSteps(steps)) === differingPlaces(change)) return [];
    return [change];
  });
}

/**
 * The rounds among panels that only moved: each in the place (in its grid) another left, that one in the place of the
 * next, and so on back to the first, two or more. Each panel leads to at most one other, so one walk finds them all.
 */
function findRounds(candidates: PlaceOnly[]): PlaceOnly[][] {
  const placeKey = (grid: string, place: GridPlace) => JSON.stringify([grid, Object.keys(place).sort().map((key) => [key, place[key]])]);
  const leftBy = new Map<string, PlaceOnly>();
  for (const one of candidates) {
    const key = placeKey(one.grid, one.live);
    if (!leftBy.has(key)) leftBy.set(key, one);
  }
  const walked = new Set<PlaceOnly>();
  const rounds: PlaceOnly[][] = [];
  for (const start of candidates) {
    const path: PlaceOnly[] = [];
    let at: PlaceOnly | undefined = start;
    while (at !== undefined && !walked.has(at)) {
      walked.add(at);
      path.push(at);
      at = leftBy.get(placeKey(at.grid, at.desired));
    }
    const from = at === undefined ? -1 : path.indexOf(at);
    if (from === -1 || path.length - from < 2) continue;
    // Said from the panel whose changes come first.
    const round = path.slice(from);
    const first = round.indexOf(round.reduce((a, b) => (b.at[0]! < a.at[0]! ? b : a)));
    rounds.push([...round.slice(first), ...round.slice(0, first)]);
  }
  return rounds;
}

/** How many places of a list's order hold another label after the change. */
function differingPlaces(change: { before: unknown[]; after: unknown[] }): number {
  if (change.before.length !== change.after.length) return -1;
  return change.before.filter((label, index) => label !== change.after[index]).length;
}

/** A change's path below a panel's (`targets[0].expr` below `panels[1].panels[0 "Memory"]`). */
function below(path: string, inner: string): string {
  return inner === '' || inner.startsWith('[') ? `${path}${inner}` : `${path}.${inner}`;
}
