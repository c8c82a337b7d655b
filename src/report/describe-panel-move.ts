import { panelSteps } from '../diff/panel-paths.js';
import { splitPath } from '../diff/split-path.js';
import type { FieldChange } from '../diff/types.js';
import { ordinal } from './ordinal.js';

/**
 * What a `moved` change says (find-panel-moves.ts): `moved from row "Hosts" to row "Processes"` (a panel of the
 * dashboard's own list by the row header it sat or sits under, `moved from the top level to row "Hosts"` above every
 * row), `swapped places with panels[1 "CPU"]`, `took the place of panels[2 "Disk"]` (one of three or more that went
 * round); a row of a title other rows share (or untitled among untitled ones) also by which of them it is: `row "Same" (2nd)`.
 */
export function describePanelMove(change: FieldChange): string {
  if (change.swappedWith !== undefined) return `swapped places with ${change.swappedWith}`;
  if (change.tookPlaceOf !== undefined) return `took the place of ${change.tookPlaceOf}`;
  const [from, to] = listNames(change);
  return `moved from ${from} to ${to}`;
}

/** The markdown diff's lines of a `moved` change: a row move leaves one list (`-`) and comes into another (`+`). */
export function panelMoveDiffLines(change: FieldChange): string[] {
  if (change.swappedWith !== undefined || change.tookPlaceOf !== undefined) return [`> ${change.path}: ${describePanelMove(change)}`];
  const [from, to] = listNames(change);
  return [`- ${change.from}: moved to ${to}`, `+ ${change.path}: moved from ${from}`];
}

/**
 * The two lists' names (a row, or the dashboard's own panels), a row that shares its title with others by which of them
 * it is (`row "Hosts" (2nd)`); a plan saved before that was said (no nthRow) names a collapsed one by its place where the
 * titles alone would read as one row.
 */
function listNames(change: FieldChange): [string, string] {
  const [fromPath, toPath] = [change.from ?? '', change.path];
  const [from, to] = [listName(change.before, change.underRowBefore, fromPath, change.nthRowBefore), listName(change.after, change.underRowAfter, toPath, change.nthRowAfter)];
  if (from !== to) return [from, to];
  const placed = (name: string, path: string) => (inRow(path) ? `${name} (${rowPlace(path)})` : name);
  return [placed(from, fromPath), placed(to, toPath)];
}

/** A collapsed row by its title, a panel of the dashboard's own list by the row header above it (`underRow`), or the top level. */
function listName(title: unknown, underRow: unknown, path: string, nth: number | undefined): string {
  if (!inRow(path) && underRow === undefined) return 'the top level';
  const name = inRow(path) ? title : underRow;
  const which = nth === undefined ? '' : ` (${ordinal(nth)})`;
  return typeof name === 'string' ? `row ${JSON.stringify(name)}${which}` : `an untitled row${which}`;
}

function inRow(path: string): boolean {
  return panelSteps(splitPath(path)) === 4;
}

/** Where the row a moved panel's path leads through sits: `id 4` (`panels[id=4 "Same"]…`), else `panels[1]`. */
function rowPlace(path: string): string {
  const step = splitPath(path)[1] ?? '';
  const id = /^\[id=(-?[\d.]+)/.exec(step);
  return id ? `id ${id[1]}` : `panels${step.replace(/^\[(\d+) .*\]$/, '[$1]')}`;
}
