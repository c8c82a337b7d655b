import { isPlainObject } from '../files/is-plain-object.js';
import { listOf, nthRowOfTitle, panelAt, panelOf, panelSteps, rowHeaderAbove } from './panel-paths.js';
import { splitPath } from './split-path.js';
import type { FieldChange } from './types.js';

type Json = Record<string, unknown>;

/**
 * Pure: a classic row collapsed or expanded (its `collapsed` changed) said as that one change, `withPanels` the paths of
 * the panels that went with it, in place of their moves between the dashboard's own panels and the row (withRowMoves):
 * Grafana takes an open row's panels into the row when it collapses and puts them back below it when it expands. A
 * panel went with it where it is one of the open row's panels: below the row and above the next one on Grafana's grid
 * (collapsed: where Grafana held it open), or on the file's grid (expanded: Grafana reads an open row's panels in grid
 * order, the list sorted by `gridPos`). Their own changes stay (a query edited while the row was collapsed); a panel
 * that came from elsewhere stays a move.
 */
export function withRowCollapses(changes: FieldChange[], desired: Json): FieldChange[] {
  // A row's toggle with no panel to take along is a row's all the same (`rows`): a panel's own `collapsed` is a field.
  // Where rows share its title, which of them it is (nthRowAfter).
  return withPanelsFolded(changes, desired).map((change) => {
    const row = rowStepOf(change, desired);
    if (row === undefined) return change;
    const nth = nthRowOfTitle(listOf(desired), panelAt(listOf(desired), row)!);
    return { ...change, ...(change.withPanels === undefined && { rows: true as const }), ...(nth !== undefined && { nthRowAfter: nth }) };
  });
}

function withPanelsFolded(changes: FieldChange[], desired: Json): FieldChange[] {
  if (!changes.some((change) => change.kind === 'moved' && change.from !== undefined)) return changes;
  const toggles = changes.filter((change) => rowStepOf(change, desired) !== undefined);
  if (toggles.length === 0) return changes;
  const folded = new Map<FieldChange, string[]>();
  const gone = new Set<FieldChange>();
  for (const toggle of toggles) {
    const row = rowStepOf(toggle, desired)!;
    const collapsed = toggle.after === true;
    const inOpenRow = collapsed ? liveOpenRow(changes, desired, row) : desiredOpenRow(desired, row);
    const moves = changes.filter((change) => {
      if (change.kind !== 'moved' || change.from === undefined) return false;
      const [open, shut] = collapsed ? [change.from, change.path] : [change.path, change.from];
      const shutSteps = splitPath(shut);
      return panelSteps(splitPath(open)) === 2 && panelSteps(shutSteps) === 4 && shutSteps[1] === row && inOpenRow(change);
    });
    if (moves.length === 0) continue;
    folded.set(toggle, moves.map((move) => move.path));
    for (const move of moves) gone.add(move);
  }
  if (folded.size === 0) return changes;
  return changes.flatMap((change): FieldChange[] => {
    const withPanels = folded.get(change);
    return gone.has(change) ? [] : withPanels ? [{ ...change, withPanels }] : [change];
  });
}

/** The row step (`[id=2 "Hosts"]`) of a change of a top-level row's `collapsed` that collapses or expands it. */
function rowStepOf(change: FieldChange, desired: Json): string | undefined {
  if (!change.path.endsWith('.collapsed') || (change.before === true) === (change.after === true)) return undefined;
  const steps = splitPath(change.path);
  if (steps.length !== 3 || panelSteps(steps) !== 2 || panelAt(listOf(desired), steps[1]!)?.type !== 'row') return undefined;
  return steps[1];
}

/**
 * Whether a panel now in the collapsed row was one of its panels where Grafana held it open: its `y` there (its
 * `gridPos.y` change's `before`, else the file's) below the row's and above the next row's on the grid.
 */
function liveOpenRow(changes: FieldChange[], desired: Json, row: string): (move: FieldChange) => boolean {
  const liveY = (path: string, panel: Json | undefined): number | undefined => {
    const change = changes.find((one) => one.path === `${path}.gridPos.y` && one.kind === 'changed');
    const y = change ? change.before : isPlainObject(panel?.gridPos) ? panel.gridPos.y : undefined;
    return typeof y === 'number' ? y : undefined;
  };
  const top = liveY(`panels${row}`, panelAt(listOf(desired), row));
  if (top === undefined) return () => false;
  const next = Math.min(...liveRowTops(changes, desired, liveY).filter((y) => y > top));
  return (move) => {
    const y = liveY(move.path, panelOf(desired, splitPath(move.path)));
    return y !== undefined && y > top && y < next;
  };
}

/** Where each top-level row Grafana holds sits (its `y` there): the file's rows but those added, and those removed. */
function liveRowTops(changes: FieldChange[], desired: Json, liveY: (path: string, panel: Json | undefined) => number | undefined): number[] {
  const added = new Set<Json | undefined>();
  const pathOf = new Map<Json, string>();
  const tops: number[] = [];
  for (const change of changes) {
    const steps = splitPath(change.path);
    if (panelSteps(steps) !== 2) continue;
    const panel = panelAt(listOf(desired), steps[1]!);
    if (panel?.type === 'row' && !pathOf.has(panel)) pathOf.set(panel, `panels${steps[1]}`);
    if (steps.length !== 2) continue;
    if (change.kind === 'added') added.add(panel);
    const gridPos = isPlainObject(change.before) && change.before.type === 'row' ? change.before.gridPos : undefined;
    if (change.kind === 'removed' && isPlainObject(gridPos) && typeof gridPos.y === 'number') tops.push(gridPos.y);
  }
  for (const panel of listOf(desired)) {
    if (!isPlainObject(panel) || panel.type !== 'row' || added.has(panel)) continue;
    const y = liveY(pathOf.get(panel) ?? '', panel);
    if (y !== undefined) tops.push(y);
  }
  return tops;
}

/** Whether a panel now on the dashboard's own list is one of the open row's there: the row header above it on the file's grid. */
function desiredOpenRow(desired: Json, row: string): (move: FieldChange) => boolean {
  const header = panelAt(listOf(desired), row);
  return (move) => header !== undefined && rowHeaderAbove(listOf(desired), panelOf(desired, splitPath(move.path))) === header;
}
