import { isPlainObject } from '../files/is-plain-object.js';
import { labelTitle, titleOf } from './label-title.js';
import { joinSteps, splitPath } from './split-path.js';
import type { FieldChange } from './types.js';

type Json = Record<string, unknown>;

/** How many steps (splitPath's) name a classic panel (`panels[…]`, a row's `panels[…].panels[…]`), 0 for a path outside one. */
export function panelSteps(steps: string[]): number {
  if (steps[0] !== 'panels' || !steps[1]?.startsWith('[')) return 0;
  return steps[2] === 'panels' && steps[3]?.startsWith('[') ? 4 : 2;
}

/** The order change of a `panels` list (the dashboard's or a row's; `steps` its path's): the panels' labels before and after. */
export function isPanelsOrderChange(steps: string[], change: FieldChange): change is FieldChange & { before: string[]; after: string[] } {
  const list = steps.length === 1 || (steps.length === 3 && steps[2] === 'panels');
  return list && steps[0] === 'panels' && change.kind === 'changed' && isLabels(change.before) && isLabels(change.after);
}

function isLabels(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** The top-level panels of a spec. */
export function listOf(spec: Json): unknown[] {
  return Array.isArray(spec.panels) ? spec.panels : [];
}

/** The panel a label step names in `panels` (`[3]`, `[3 "CPU"]`: the file's place; `[id=4 …]`: its id). */
export function panelAt(panels: unknown[], step: string): Json | undefined {
  const byId = /^\[id=(-?\d+(?:\.\d+)?)/.exec(step);
  const found = byId ? panels.find((panel) => isPlainObject(panel) && panel.id === Number(byId[1])) : panels[Number(/^\[(\d+)/.exec(step)?.[1] ?? NaN)];
  return isPlainObject(found) ? found : undefined;
}

/** The panel `steps` (`panels`, `[…]`, and a row's `panels`, `[…]`) name in the file's spec. */
export function panelOf(desired: Json, steps: string[]): Json | undefined {
  const top = panelAt(listOf(desired), steps[1]!);
  if (steps.length === 2 || !top || !Array.isArray(top.panels)) return steps.length === 2 ? top : undefined;
  return panelAt(top.panels, steps[3]!);
}

/**
 * Pure: the changes with each of the dashboard's own panels a path names by its place alone (`panels[3].targets[0].expr`:
 * compared in place) named by its place and the title both sides share (`panels[3 "CPU"]…`), as pairPanels names them
 * where panels are paired across places; `live` in the file's order.
 */
export function withPlaceTitles(changes: FieldChange[], live: Json, desired: Json): FieldChange[] {
  return changes.map((change) => {
    const steps = splitPath(change.path);
    const place = steps[0] === 'panels' ? /^\[(\d+)\]$/.exec(steps[1] ?? '') : null;
    if (place === null) return change;
    const [held, wanted] = [listOf(live)[Number(place[1])], listOf(desired)[Number(place[1])]];
    const title = labelTitle(titleOf(isPlainObject(held) ? held : undefined), titleOf(isPlainObject(wanted) ? wanted : undefined));
    return title === undefined ? change : { ...change, path: joinSteps(['panels', `[${place[1]} ${title}]`, ...steps.slice(2)]) };
  });
}

/** The path of a panel, its title in the label where the label is its place alone (panels compared by place: `[0]`). */
export function namedPath(desired: Json, steps: string[]): string {
  const title = titleOf(panelOf(desired, steps));
  const last = steps.at(-1)!;
  const label = title !== undefined && /^\[\d+\]$/.test(last) ? `${last.slice(0, -1)} ${JSON.stringify(title)}]` : last;
  return joinSteps([...steps.slice(0, -1), label]);
}

/** The row header a panel of a dashboard's own list (`panels`) sits under on the grid: the lowest row above it, undefined above every row. */
export function rowHeaderAbove(panels: unknown[], panel: unknown): Json | undefined {
  const y = yOf(panel);
  if (y === undefined) return undefined;
  let above: Json | undefined;
  let aboveY = -Infinity;
  for (const other of panels) {
    const at = yOf(other);
    if (!isPlainObject(other) || other.type !== 'row' || at === undefined || at >= y || at <= aboveY) continue;
    [above, aboveY] = [other, at];
  }
  return above;
}

/**
 * Which of the top-level rows of its title (untitled ones together) `row` is, 1 for the top one on the grid (the list's
 * order where `y`s tie); undefined where no other row of `panels` has its title, or `row` is not among them.
 */
export function nthRowOfTitle(panels: unknown[], row: Json): number | undefined {
  const title = titleOf(row);
  const same = panels.filter((panel): panel is Json => isPlainObject(panel) && panel.type === 'row' && titleOf(panel) === title);
  if (same.length < 2 || !same.includes(row)) return undefined;
  const top = (panel: Json) => yOf(panel) ?? Infinity;
  return same.filter((other) => top(other) < top(row) || (top(other) === top(row) && same.indexOf(other) < same.indexOf(row))).length + 1;
}

/** A panel's `gridPos.y`, where it is a number. */
function yOf(panel: unknown): number | undefined {
  const gridPos = isPlainObject(panel) ? panel.gridPos : undefined;
  return isPlainObject(gridPos) && typeof gridPos.y === 'number' ? gridPos.y : undefined;
}
